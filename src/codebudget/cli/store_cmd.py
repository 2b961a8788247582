"""``codebudget export`` / ``import``: share stored results as compressed JSONL; ``forget``: drop tasks to redo."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from codebudget.cli.options import DbOpt, ExistingDbOpt, WriteExistingDbOpt
from codebudget.cli.session import WRITE, existing_run, existing_store, out


def export(
    path: Path = typer.Argument(..., help="the .jsonl.gz file to write"),
    run: Optional[List[str]] = typer.Option(None, "--run", help="run hashes to export (default: all)"),
    db: Path = ExistingDbOpt,
) -> None:
    """Write runs (default: all) to a compressed JSONL file that can be committed and shared."""
    with existing_store(db) as store:
        lines = store.export_jsonl(path, tuple(run) if run else None)
    out.print(f"wrote {lines} records to {path}")


def import_(
    path: Path = typer.Argument(..., help="a .jsonl.gz export"),
    skip_conflicts: bool = typer.Option(False, help="keep stored rows where the export differs"),
    db: Path = DbOpt,
) -> None:
    """Merge an export into the store (idempotent; all or nothing)."""
    from codebudget.store import ImportFormatError, Store

    if not path.is_file():
        raise ImportFormatError(f"{path}: {'not a file' if path.exists() else 'no such file'}")
    with Store.open(db) as store:
        report = store.import_jsonl(path, on_conflict="skip" if skip_conflicts else "error")
    inserted, identical = sum(report.inserted.values()), sum(report.identical.values())
    out.print(f"imported {path}: {inserted} new rows, {identical} already present, {len(report.conflicts)} conflicts skipped")


def forget(
    run: str = typer.Argument(..., help="the run's hash"),
    tasks: List[str] = typer.Argument(..., help="task ids to forget, e.g. HumanEval/32"),
    db: Path = WriteExistingDbOpt,
) -> None:
    """Delete a run's results for some tasks, so that rerunning it redoes them (e.g. timed on a busy machine)."""
    with existing_run(db, run, access=WRITE) as (store, _):
        gone = store.forget_tasks(run, tasks)
    out.print(f"forgot {gone} of {len(tasks)} task(s) of run {run}; rerun its command to redo them")


def register(app: typer.Typer) -> None:
    """Add these commands to ``app``."""
    app.command("export")(export)
    app.command("import")(import_)
    app.command("forget")(forget)
