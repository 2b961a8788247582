"""``codebudget best`` answers one budget; ``codebudget report`` writes the full analysis of stored runs."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table

from codebudget.cli.options import check_paper, check_policies, names_of, number_list
from codebudget.cli.run_cmd import DbOpt, SandboxOpt
from codebudget.cli.session import CACHE, READ, existing_store, out
from codebudget.errors import CodebudgetError

RunsArg = typer.Argument(..., metavar="RUN...", help="run hashes: pools (replayed into an N×K grid) and/or direct runs")
CostOpt = typer.Option("wall_s", "--cost", help="what the budget limits: wall_s, tokens or calls (mean per task)")
NOpt = typer.Option(None, "--n", help="N values to derive from pools (default 1,2,3,5 capped at M)")
KOpt = typer.Option(None, "--k", help="K values to derive from pools (default 0..K_max)")


def _levels(text: Optional[str], flag: str) -> Optional[list[int]]:
    return None if text is None else number_list(text, flag=flag, minimum=1 if flag == "--n" else 0)


def output_folder(folder: Path) -> Path:
    """``folder``, checked before any work (nothing is made yet): one that cannot be written is a one-line error."""
    from codebudget.store.connection import folder_problem, writable_folder

    existing = next(p for p in (folder, *folder.parents) if p.exists())
    if not existing.is_dir() or not writable_folder(existing):
        raise CodebudgetError(f"cannot write to {folder}: {folder_problem(folder)} (choose another --out)")
    return folder


def best(
    runs: List[str] = RunsArg,
    budget: str = typer.Option(..., "--budget", help="mean cost per task: 20s, 20, 1.5m; plain numbers for tokens/calls"),
    db: Path = DbOpt,
    cost: str = CostOpt,
    selection: str = typer.Option("honest", "--selection", help="honest (public-test selection: what you get) or oracle"),
    n: Optional[str] = NOpt,
    k: Optional[str] = KOpt,
) -> None:
    """The best fixed configuration within a budget, with its 95% interval, the runner-up and the margin."""
    from codebudget.reports import answer_line, best_from_store, parse_budget, parse_cost, parse_selection
    from codebudget.reports.answers import FITS_HEADERS, fits_rows
    from codebudget.reports.modes import MODE_LABEL, MODE_MEANING

    kind, mode = parse_cost(cost), parse_selection(selection)
    limit = parse_budget(budget, kind)
    with existing_store(db) as store:
        answer = best_from_store(store, runs, limit, selection=mode, cost=kind, ns=_levels(n, "--n"),
                                 ks=_levels(k, "--k"))
    if not answer.choice.fits:
        raise CodebudgetError(answer_line(answer.choice))
    out.print(answer_line(answer.choice), highlight=False)
    table = Table(*FITS_HEADERS, title=f"within the budget, {MODE_LABEL[mode]}, {answer.n_tasks} tasks")
    for row in fits_rows(answer.figures, answer.choice):
        table.add_row(*row)
    out.print(table)
    out.print(f"[dim]{mode.value}: {MODE_MEANING[mode]}.[/]")
    for note in answer.notes:
        out.print(f"[dim]{note}[/]")


def _default_folder(runs: List[str]) -> Path:
    name = runs[0] if len(runs) == 1 else hashlib.sha256(",".join(sorted(runs)).encode()).hexdigest()[:16]
    return Path("runs") / f"report-{name}"


def report(
    runs: Optional[List[str]] = typer.Argument(
        None, metavar="[RUN...]", help="run hashes (pools and/or direct runs); none: every run in the store"),
    db: Path = DbOpt,
    out_dir: Optional[Path] = typer.Option(None, "--out", help="folder for the files (default runs/report-<hash>)"),
    budgets: str = typer.Option("20,30,60", "--budgets", help="budgets to answer, comma-separated (like --budget)"),
    cost: str = CostOpt,
    n: Optional[str] = NOpt,
    k: Optional[str] = KOpt,
    against: Optional[str] = typer.Option(
        None, "--against", callback=check_paper, help="set a paper's published figures beside ours: seed-000 (the seed paper's Tables I–III)"),
    policies: Optional[str] = typer.Option(
        None, "--policies", callback=check_policies, help="honest selection policies to add for every pool cell, comma-separated "
        "(e.g. logprob,behaviour-vote; see `codebudget select`)"),
    sandbox: str = SandboxOpt,
) -> None:
    """Write report.html, report.md, pareto.png and grid.png: grid, effects, Pareto front, budgets, provenance."""
    from codebudget.reports import parse_budgets, parse_cost, report_from_store, write_report
    from codebudget.reports.markdown import render_markdown
    from codebudget.reports.paper import get_paper
    from codebudget.reports.sections import short_sections

    kind = parse_cost(cost)
    limits = parse_budgets(budgets, kind)
    reference = get_paper(against) if against else None
    names = names_of(policies or "")
    ns, ks = _levels(n, "--n"), _levels(k, "--k")
    with existing_store(db, CACHE if names else READ) as store:  # policies keep the behaviours they compute
        runs = runs or [run.config_hash for run in store.iter_runs()]
        folder = output_folder(out_dir or _default_folder(runs))
        analysis = report_from_store(store, runs, limits, cost=kind, ns=ns, ks=ks, policies=names, isolation=sandbox)
    analysis = dataclasses.replace(analysis, reference=reference)
    try:
        files = write_report(analysis, folder)
    except OSError as error:
        raise CodebudgetError(f"cannot write the report to {folder}: {error.strerror or error}") from None
    out.print(render_markdown(analysis, short_sections(analysis)), highlight=False, markup=False)
    out.print(f"report: {files.html}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add these commands to ``app``."""
    app.command("best")(best)
    app.command("report")(report)
