"""The analysis summary of stored runs: one record that the Markdown, HTML and plots are rendered from.

Per selection mode (honest, then oracle; never mixed): every fixed
configuration's pass@1 with its 95% paired-bootstrap interval and mean time,
tokens and calls per task; the N×K grid with IE(N,K) and main effects; the
Pareto front over fixed configurations in the chosen cost and the efficiency
of each step along it; budget answers; adaptive policies; per-task outcomes.
Plus the provenance of every run.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

from codebudget.analysis import (
    CostKind,
    Estimate,
    FactorGrid,
    OutcomeTable,
    PairedBootstrap,
    Point,
    SelectionMode,
    Step,
    front_steps,
    interaction_effects,
    main_effects,
    pareto_front,
    points,
)
from codebudget.reports.adaptive import ASSUMPTION, AdaptiveOutcomes
from codebudget.reports.budgets import BudgetAnswer, answer_budgets
from codebudget.reports.collect import RunOutcomes
from codebudget.reports.figures import ADAPTIVE, FIXED, POLICY, ConfigFigures, table_figures
from codebudget.reports.modes import MODES
from codebudget.reports.paper import Paper
from codebudget.reports.policy_outcomes import PolicyOutcomes
from codebudget.reports.provenance import RunProvenance

Cell = tuple[int, int]
POLICY_NOTE = ("selection policies (honest only) are replayed from pools like the grid; their time adds their own "
               "work: executions on shared inputs or model-written tests, and the model time that wrote the tests")
REPLAY_NOTE = "times of pool-derived configurations with N < M use an estimated sampling time (fitted batched-call model)"
GRID_FALLBACK_NOTE = "several configurations share an (N, K) cell; the N×K grid, IE and main effects use run {run} only"


@dataclasses.dataclass(frozen=True)
class TaskOutcomes:
    """Per-task success (expected, for pools) of each configuration, in ``names`` order."""

    names: tuple[str, ...]
    rows: tuple[tuple[str, tuple[float, ...]], ...]


@dataclasses.dataclass(frozen=True)
class ModeReport:
    """Everything a report shows for one selection mode."""

    selection: SelectionMode
    configs: tuple[ConfigFigures, ...]  # fixed configurations
    adaptive: tuple[ConfigFigures, ...]
    policies: tuple[ConfigFigures, ...]  # honest selection policies beyond public-tests (honest mode only)
    grid: tuple[tuple[Cell, str], ...]  # (N, K) -> configuration name
    interactions: tuple[Estimate, ...]
    main_effects: tuple[Estimate, ...]
    front: tuple[Point, ...]
    steps: tuple[Step, ...]
    budgets: tuple[BudgetAnswer, ...]
    per_task: TaskOutcomes

    def figures(self, name: str) -> ConfigFigures:
        """The figures of the configuration called ``name``."""
        for item in self.configs + self.adaptive + self.policies:
            if item.name == name:
                return item
        raise KeyError(f"no configuration {name!r}")

    def cell(self, n: int, k: int) -> ConfigFigures | None:
        """The grid configuration at (N, K), if measured."""
        name = dict(self.grid).get((n, k))
        return None if name is None else self.figures(name)

    @property
    def ns(self) -> tuple[int, ...]:
        """N levels of the grid."""
        return tuple(sorted({cell[0] for cell, _ in self.grid}))

    @property
    def ks(self) -> tuple[int, ...]:
        """K levels of the grid."""
        return tuple(sorted({cell[1] for cell, _ in self.grid}))


@dataclasses.dataclass(frozen=True)
class Report:
    """The analysis of one or more stored runs."""

    title: str
    cost_kind: CostKind
    n_tasks: int
    dropped_tasks: int
    runs: tuple[RunProvenance, ...]
    modes: tuple[ModeReport, ...]
    notes: tuple[str, ...]
    level: float
    n_resamples: int
    reference: Paper | None = None  # published figures to set beside ours (``--against``)

    def mode(self, selection: SelectionMode) -> ModeReport:
        """The part of the report for one selection mode."""
        return next(m for m in self.modes if m.selection is SelectionMode(selection))


def _grid(table: OutcomeTable, first_run: str) -> tuple[FactorGrid, str | None]:
    try:
        return FactorGrid.from_table(table), None
    except ValueError:
        grid = FactorGrid.from_table(table, where=lambda config: ("run", first_run) in config.params)
        return grid, GRID_FALLBACK_NOTE.format(run=first_run)


def _per_task(table: OutcomeTable) -> TaskOutcomes:
    matrix = table.matrix("success")
    rows = tuple((task, tuple(float(v) for v in matrix[:, i])) for i, task in enumerate(table.task_ids))
    return TaskOutcomes(table.names, rows)


def mode_report(fixed: OutcomeTable, adaptive: Sequence[AdaptiveOutcomes], budgets: Sequence[float],
                boot: PairedBootstrap, cost: CostKind, first_run: str,
                policies: Sequence[PolicyOutcomes] = ()) -> tuple[ModeReport, str | None]:
    """The report of one selection mode from its fixed table, the adaptive outcomes and (honest) the policies'."""
    selection = fixed.selection
    chosen = policies if selection is SelectionMode.HONEST else ()
    extended = fixed.with_outcomes(*(a.outcomes(selection) for a in adaptive), *(p.outcomes for p in chosen))
    kinds = {**{a.name: ADAPTIVE for a in adaptive}, **{p.name: POLICY for p in chosen}}
    figures = table_figures(extended, boot, kinds)
    grid, note = _grid(fixed, first_run)
    report = ModeReport(
        selection=selection,
        configs=tuple(f for f in figures if f.kind == FIXED),
        adaptive=tuple(f for f in figures if f.kind == ADAPTIVE),
        policies=tuple(f for f in figures if f.kind == POLICY),
        grid=tuple(sorted(grid.cells.items())),
        interactions=interaction_effects(grid, boot),
        main_effects=main_effects(grid, boot),
        front=pareto_front(points(fixed, cost)),
        steps=front_steps(fixed, boot, cost),
        budgets=answer_budgets(fixed, budgets, boot, cost),
        per_task=_per_task(extended),
    )
    return report, note


def build_report(outcomes: RunOutcomes, adaptive: Sequence[AdaptiveOutcomes], budgets: Sequence[float],
                 cost: CostKind = CostKind.WALL_S, n_resamples: int = 2000, seed: int = 0,
                 policies: Sequence[PolicyOutcomes] = ()) -> Report:
    """The full report: both selection modes, from the same paired bootstrap over the common tasks."""
    table = outcomes.table
    boot = PairedBootstrap.for_table(table, n_resamples=n_resamples, seed=seed)
    first_run = outcomes.sources[0].run_hash
    built = [mode_report(table.only(mode), adaptive, budgets, boot, CostKind(cost), first_run, policies)
             for mode in MODES]
    runs = tuple(RunProvenance.of(s, n) for s, n in zip(outcomes.sources, outcomes.tasks_per_source))
    notes = list(outcomes.notes) + list(dict.fromkeys(note for _, note in built if note))
    notes += [REPLAY_NOTE] if outcomes.pools else []
    notes += [ASSUMPTION] if adaptive else []
    notes += [POLICY_NOTE] if policies else []
    notes += [f"{a.name}: estimated by Monte Carlo on some tasks" for a in adaptive if not a.exact]
    return Report(_title(runs, table.n_tasks), CostKind(cost), table.n_tasks, outcomes.dropped_tasks, runs,
                  tuple(report for report, _ in built), tuple(notes), boot.level, boot.n_resamples)


def _title(runs: Sequence[RunProvenance], n_tasks: int) -> str:
    models = ", ".join(dict.fromkeys(run.model for run in runs))
    hashes = ", ".join(run.run_hash for run in runs)
    return f"{models} · {n_tasks} tasks · {'run' if len(runs) == 1 else 'runs'} {hashes}"
