"""``codebudget plans``: a teacher model's solution plans for training data (CodePLAN), written and summarised."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from codebudget.cli.options import (
    BackendFlags,
    SandboxOpt,
    UnsafeOpt,
    backend_for,
    sandbox_level,
    with_backend_options,
)
from codebudget.cli.parsing import Sandbox
from codebudget.errors import CodebudgetError

app = typer.Typer(help="A teacher's solution plans for CodePLAN training: write them (resumable), show their yield.",
                  no_args_is_help=True)
err = Console(stderr=True, soft_wrap=True, highlight=False, emoji=False)
out = Console(soft_wrap=True, emoji=False)


@app.command("write")
@with_backend_options
def write(
    data: str = typer.Option(..., "--data", help="the items to plan for, as `codebudget train --data` reads them: "
                             "mbpp:train, mbpp:validation, stdlib:limit=N, a benchmark spec, jsonl:FILE"),
    output: Path = typer.Option(..., "--out", help="the plans file (JSON lines): appended to; rows already there for "
                                "the same teacher are not asked again"),
    method: str = typer.Option("backward", "--method", help="backward (a plan for the reference), sampled (plans "
                               "with code, kept when the code passes the task's tests), or both: backward,sampled"),
    samples: int = typer.Option(4, "--samples", min=1, max=32, help="sampled: plans per item"),
    temperature: float = typer.Option(0.8, "--temperature", min=0.0, max=2.0, help="sampled: the teacher's temperature"),
    seed: int = typer.Option(0, "--seed", help="the teacher's sampling seed"),
    mbpp: Optional[Path] = typer.Option(None, "--mbpp", help="a folder holding MBPP's files (instead of the hub)"),
    shard: Optional[str] = typer.Option(None, "--shard", help="K/N: only every N-th item from the K-th on, so that "
                                        "N processes (one --out each; cat the files after) share the items"),
    backend: BackendFlags = BackendFlags(),
    sandbox: Sandbox = SandboxOpt,
    unsafe: bool = UnsafeOpt,
) -> None:
    """Ask the teacher (--model, any backend: a zoo model here or a larger one behind --base-url) for plans."""
    from codebudget.backends.registry import BackendSpec, model_identity
    from codebudget.models import DEFAULT_MODEL
    from codebudget.pipeline import build_config
    from codebudget.sandbox import open_sandbox
    from codebudget.train.plans import (METHODS, PlansFile, Teacher, checked_methods, items_of, shard_of, write_plans,
                                        yields)

    try:
        methods = checked_methods(method.split(","))
    except CodebudgetError:
        raise CodebudgetError(f"--method {method!r}: one or more of {', '.join(METHODS)}") from None
    fields = backend.config_fields()
    if fields.get("adapter"):
        raise CodebudgetError("the teacher is a model as released: --adapter is not taken here")
    config = build_config(None, **{**fields, "model": fields.get("model") or DEFAULT_MODEL})
    identity = model_identity(BackendSpec.from_config(config))
    teacher = Teacher(identity.backend, identity.model, identity.sha256, identity.base_url,
                      temperature, seed)
    with err.status(f"reading {data}…"):
        items = items_of(data, mbpp=mbpp)
    if not items:
        raise CodebudgetError(f"{data} has no items left after deduplication")
    if shard:
        items = shard_of(items, shard)
        if not items:
            raise CodebudgetError(f"--shard {shard}: no item of {data} falls in it")
    if "sampled" in methods and any(item.problem is None for item in items):
        raise CodebudgetError(f"sampled plans need tasks with tests (mbpp:train, a benchmark spec); {data} has none")
    plans = PlansFile(output)
    todo = sum(1 for item in items if plans.missing(teacher, item, methods, samples))
    where = f"{data} (shard {shard})" if shard else data
    err.print(f"{len(items)} items from {where}; {todo} to ask {identity.model} ({', '.join(methods)}"
              f"{f', {samples} samples at T={temperature:g}' if 'sampled' in methods else ''}); plans go to {output}")
    engine = backend_for(config)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("kept {task.fields[kept]}"),
               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    try:
        box = open_sandbox(sandbox_level(sandbox, unsafe), workers=2) if "sampled" in methods else None
        try:
            with Progress(*columns, console=err) as progress:
                bar = progress.add_task("planning", total=len(items), kept=0)
                kept = [0]

                def on_item(done: int, total: int, rows: list) -> None:
                    kept[0] += sum(row.kept for row in rows)
                    progress.update(bar, completed=done, kept=kept[0])

                written = write_plans(engine, teacher, items, methods, samples, plans, box, on_item)
        finally:
            if box is not None:
                box.close()
            plans.close()
    finally:
        engine.close()
    mine = [row for row in plans.rows if row.teacher.get("key") == teacher.writing(row.method).key]
    err.print(f"{written} new plans; the file holds {len(plans.rows)} ({len(mine)} from this teacher)")
    _yield_table([y for y in yields(mine)])


@app.command("show")
def show(path: Path = typer.Argument(..., help="a plans file")) -> None:
    """The file's plans by teacher and method: items, plans written and kept (the filter's yield), their cost."""
    from codebudget.train.plans import read_plans, yields

    rows = read_plans(path)
    if not rows:
        raise CodebudgetError(f"{path} holds no plans")
    teachers: dict[str, list] = {}
    for row in rows:
        teachers.setdefault(row.teacher.get("key", "?"), []).append(row)
    for key, mine in teachers.items():
        t = mine[0].teacher
        out.print(f"teacher {key}: {t.get('backend')} {t.get('model')} (sha256 {str(t.get('sha256'))[:12]}…), "
                  f"T={t.get('temperature')}, seed {t.get('seed')}, prompts v{t.get('prompts')}")
        _yield_table(yields(mine))


def _yield_table(found: list) -> None:
    table = Table("method", "items", "plans", "kept", "yield", "items kept", "tokens", "teacher s")
    for y in found:
        table.add_row(y.method, str(y.items), str(y.plans), str(y.kept), f"{100 * y.rate:.1f}%", str(y.items_kept),
                      str(y.tokens), f"{y.seconds:.0f}")
    out.print(table)
