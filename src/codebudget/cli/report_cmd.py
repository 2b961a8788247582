"""``codebudget best`` answers one budget; ``codebudget report`` writes the full analysis of stored runs.

Both only read the store (opened read-only) and execute nothing; the command line's budgets, cost kinds and
selection modes are parsed here into the typed values :mod:`codebudget.reports` takes.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional, Sequence

import typer
from rich.table import Table

from codebudget.analysis import CostKind, SelectionMode
from codebudget.cli.options import (
    CostOpt,
    ExistingDbOpt,
    ModeOpt,
    NoSelectionOpt,
    MixedMachinesOpt,
    counts_option,
    policies_option,
    rounds_option,
)
from codebudget.cli.parsing import Cost, check_paper, names_of
from codebudget.cli.session import READ, existing_store, out
from codebudget.budget_text import parse_budget, parse_budgets
from codebudget.errors import CodebudgetError

if TYPE_CHECKING:
    from codebudget.analysis import BudgetChoice
    from codebudget.reports.model import ConfigFigures

RunsArg = typer.Argument(..., metavar="RUN...", help="run hashes: pools (replayed into an N×K grid) and/or direct runs")
NOpt = counts_option(None, "N values to derive from pools (default 1,2,3,5 capped at M)")
KOpt = rounds_option(None, "K values to derive from pools (default 0..K_max)")


FITS_HEADERS = ("configuration", "pass@1", "95% CI", "cost/task")


def cost_kind(cost: Cost | str) -> CostKind:
    """The analysis package's cost kind of a ``--cost`` choice (the option refused the others)."""
    return CostKind(getattr(cost, "value", cost))


def output_folder(folder: Path, option: str = "--out") -> Path:
    """``folder``, checked before any work (nothing is made yet): one that cannot be written is a one-line error
    naming the ``option`` that chose it."""
    from codebudget.store.connection import folder_problem, writable_folder

    existing = next(p for p in (folder, *folder.parents) if p.exists())
    if not existing.is_dir() or not writable_folder(existing):
        raise CodebudgetError(f"cannot write to {folder}: {folder_problem(folder)} (choose another {option})")
    return folder


def best(
    runs: List[str] = RunsArg,
    budget: str = typer.Option(..., "--budget", help="mean cost per task: 20s, 20, 1.5m; plain numbers for tokens/calls"),
    db: Path = ExistingDbOpt,
    cost: Cost = CostOpt,
    mode: SelectionMode = ModeOpt,
    selection: Optional[str] = NoSelectionOpt,
    n: Optional[List[int]] = NOpt,
    k: Optional[List[int]] = KOpt,
    mixed_machines: bool = MixedMachinesOpt,
) -> None:
    """The best fixed configuration within a budget, with its 95% interval, the runner-up and the margin."""
    from codebudget.reports import answer_line, best_from_store
    from codebudget.reports.model import MODE_LABEL, MODE_MEANING

    kind, mode = cost_kind(cost), SelectionMode(mode)
    limit = parse_budget(budget, kind)
    with existing_store(db, READ) as store:
        _one_machine(store, runs, mixed_machines, kind)
        answer = best_from_store(store, runs, limit, selection=mode, cost=kind, ns=n, ks=k)
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


def fits_rows(figures: Sequence[ConfigFigures], choice: BudgetChoice) -> tuple[tuple[str, ...], ...]:
    """Configurations within the budget, best first (what ``codebudget best`` lists)."""
    from codebudget.analysis.budget import within_budget
    from codebudget.reports import text

    kind = choice.cost_kind
    fitting = [f for f in figures if within_budget(f.cost(kind), choice.budget)]
    fitting.sort(key=lambda f: (-f.pass_at_1.value, f.cost(kind), f.name))
    return tuple((f.name, f"{f.pass_at_1.value:.3f}", text.interval(f.pass_at_1), text.cost(f.cost(kind), kind))
                 for f in fitting)


def _default_folder(runs: List[str]) -> Path:
    name = runs[0] if len(runs) == 1 else hashlib.sha256(",".join(sorted(runs)).encode()).hexdigest()[:16]
    return Path("runs") / f"report-{name}"


def report(
    runs: Optional[List[str]] = typer.Argument(
        None, metavar="[RUN...]", help="run hashes (pools and/or direct runs); none: every run in the store"),
    db: Path = ExistingDbOpt,
    out_dir: Optional[Path] = typer.Option(None, "--out", help="folder for the files (default runs/report-<hash>)"),
    budgets: str = typer.Option("20,30,60", "--budgets", help="budgets to answer, comma-separated (like --budget)"),
    cost: Cost = CostOpt,
    n: Optional[List[int]] = NOpt,
    k: Optional[List[int]] = KOpt,
    against: Optional[str] = typer.Option(
        None, "--against", callback=check_paper, help="set a paper's published figures beside ours: seed-000 (the seed paper's Tables I–III)"),
    policies: Optional[str] = policies_option(None, "(honest ones) to add for every pool cell, e.g. "
                                              "logprob,behaviour-vote; read from what `codebudget select` stored"),
    mixed_machines: bool = MixedMachinesOpt,
) -> None:
    """Write report.html, report.md, pareto.png and grid.png: grid, effects, Pareto front, budgets, provenance.

    Reads the store only: a policy's behaviours or generated tests must be stored first by `codebudget select`.
    """
    from codebudget.reports import report_from_store, write_report
    from codebudget.reports.paper import get_paper
    from codebudget.reports.render import render_markdown
    from codebudget.reports.sections import short_sections

    kind = cost_kind(cost)
    limits = parse_budgets(budgets, kind)
    reference = get_paper(against) if against else None
    names = names_of(policies or "")
    ns, ks = n, k
    with existing_store(db, READ) as store:
        runs = runs or [run.config_hash for run in store.iter_runs()]
        _one_machine(store, runs, mixed_machines, None)  # the grid's seconds and the Pareto plot, whatever --cost
        folder = output_folder(out_dir or _default_folder(runs))
        analysis = report_from_store(store, runs, limits, cost=kind, ns=ns, ks=ks, policies=names)
    analysis = dataclasses.replace(analysis, reference=reference)
    try:
        files = write_report(analysis, folder)
    except OSError as error:
        raise CodebudgetError(f"cannot write the report to {folder}: {error.strerror or error}") from None
    out.print(render_markdown(analysis, short_sections(analysis)), highlight=False, markup=False)
    out.print(f"report: {files.html}", highlight=False)


def _one_machine(store, runs: Sequence[str], mixed: bool, kind) -> None:  # noqa: ANN001 - a Store, a CostKind
    """Refuse runs timed on several machines on one time axis (a budget in tokens or calls is the same anywhere;
    ``kind`` None: the output has a time axis whatever the cost)."""
    from codebudget.analysis.outcomes import CostKind
    from codebudget.candidates.machines import check_one_machine

    if kind is None or kind is CostKind.WALL_S:
        check_one_machine(store, runs, mixed=mixed)


def register(app: typer.Typer) -> None:
    """Add these commands to ``app``."""
    app.command("best")(best)
    app.command("report")(report)
