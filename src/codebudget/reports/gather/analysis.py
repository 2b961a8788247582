"""The outcome tables analysed into the report model: figures, effects, Pareto front and budget answers per mode.

Both selection modes come from separate single-mode tables (never mixed) and
share one paired bootstrap over the common tasks. For each budget:
:func:`~codebudget.analysis.best_under_budget` (the best fixed configuration,
its interval, the runner-up and the paired margin); the exact knapsack plan
with one group of all tasks (deployable; it must agree with the best fixed
configuration); and the per-task plan chosen in hindsight, an upper bound that
no deployable policy reaches (solved on weights rounded up to a grid of
``budget × tasks / HINDSIGHT_STEPS``, so it stays cheap).
"""

from __future__ import annotations

from typing import Mapping, Sequence

from codebudget.analysis import (
    ArmCell,
    BudgetPlan,
    ConfigOutcomes,
    CostKind,
    FactorGrid,
    KnapsackTooLarge,
    OutcomeTable,
    PairedBootstrap,
    SelectionMode,
    arm_cells,
    best_under_budget,
    contrast,
    front_steps,
    hindsight_bound,
    interaction_effects,
    main_effects,
    pareto_front,
    plan_budget,
    points,
)
from codebudget.reports.gather.adaptive import ASSUMPTION, AdaptiveOutcomes
from codebudget.reports.gather.arms import BASELINE, StageArms, stage_arms
from codebudget.reports.gather.outcomes import RunOutcomes
from codebudget.reports.gather.policies import PolicyOutcomes
from codebudget.reports.gather.runs import provenance
from codebudget.reports.model import (
    ADAPTIVE,
    FIXED,
    MODES,
    POLICY,
    BudgetAnswer,
    ConfigFigures,
    ModeReport,
    Report,
    RunProvenance,
    TaskOutcomes,
)

HINDSIGHT_STEPS = 1000
POLICY_NOTE = ("selection policies (honest only) are replayed from pools like the grid; their time adds their own "
               "work: executions on shared inputs or model-written tests, and the model time that wrote the tests")
REPLAY_NOTE = "times of pool-derived configurations with N < M use an estimated sampling time (fitted batched-call model)"
GRID_FALLBACK_NOTE = "several configurations share an (N, K) cell; the N×K grid, IE and main effects use run {run} only"


def build_report(outcomes: RunOutcomes, adaptive: Sequence[AdaptiveOutcomes], budgets: Sequence[float],
                 cost: CostKind = CostKind.WALL_S, n_resamples: int = 2000, seed: int = 0,
                 policies: Sequence[PolicyOutcomes] = ()) -> Report:
    """The full report: both selection modes, from the same paired bootstrap over the common tasks."""
    table = outcomes.table
    boot = PairedBootstrap.for_table(table, n_resamples=n_resamples, seed=seed)
    first_run = outcomes.sources[0].run_hash
    arms = stage_arms(outcomes.sources)
    built = [mode_report(table.only(mode), adaptive, budgets, boot, CostKind(cost), first_run, policies, arms)
             for mode in MODES]
    runs = tuple(provenance(s, n) for s, n in zip(outcomes.sources, outcomes.tasks_per_source))
    notes = list(outcomes.notes) + list(dict.fromkeys(note for _, note in built if note))
    notes += [REPLAY_NOTE] if outcomes.pools else []
    notes += [ASSUMPTION] if adaptive else []
    notes += [POLICY_NOTE] if policies else []
    notes += [f"{a.name}: estimated by Monte Carlo on some tasks" for a in adaptive if not a.exact]
    return Report(_title(runs, table.n_tasks), CostKind(cost), table.n_tasks, outcomes.dropped_tasks, runs,
                  tuple(report for report, _ in built), tuple(notes), boot.level, boot.n_resamples,
                  prepared=outcomes.prepared)


def mode_report(fixed: OutcomeTable, adaptive: Sequence[AdaptiveOutcomes], budgets: Sequence[float],
                boot: PairedBootstrap, cost: CostKind, first_run: str,
                policies: Sequence[PolicyOutcomes] = (), arms: StageArms | None = None) -> tuple[ModeReport, str | None]:
    """The report of one selection mode from its fixed table, the adaptive outcomes, (honest) the policies' and,
    when the pools are arms of one baseline, each stage's effect at every cell."""
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
        stage_effects=_stage_effects(fixed, arms, boot),
    )
    return report, note


def config_figures(table: OutcomeTable, item: ConfigOutcomes, boot: PairedBootstrap, kind: str = FIXED
                   ) -> ConfigFigures:
    """Figures of ``item``, a configuration of the single-mode ``table``."""
    quality = contrast(table, [(item.name, 1.0)], boot, f"pass@1 {item.name}")
    config = item.config
    params = dict(config.params)
    detail = params.get("policy", "") if kind == ADAPTIVE else config.describe()
    return ConfigFigures(item.name, detail, config.n, config.k, config.temperature, kind, quality,
                         item.mean_cost(CostKind.WALL_S), item.mean_cost(CostKind.TOKENS), item.mean_cost(CostKind.CALLS),
                         params.get("policy", "") if kind == POLICY else "")


def table_figures(table: OutcomeTable, boot: PairedBootstrap, kinds: Mapping[str, str] | None = None
                  ) -> tuple[ConfigFigures, ...]:
    """Figures of every configuration of a single-mode table, in table order; ``kinds`` maps names to kinds."""
    kinds = kinds or {}
    return tuple(config_figures(table, item, boot, kinds.get(item.name, FIXED)) for item in table.outcomes)


def answer_budget(table: OutcomeTable, budget: float, boot: PairedBootstrap, cost: CostKind) -> BudgetAnswer:
    """The answers for one budget on a single-mode table of fixed configurations."""
    choice = best_under_budget(table, budget, boot, cost)
    return BudgetAnswer(budget, choice, plan_budget(table, budget, cost=cost), _hindsight(table, budget, cost))


def answer_budgets(table: OutcomeTable, budgets: Sequence[float], boot: PairedBootstrap,
                   cost: CostKind) -> tuple[BudgetAnswer, ...]:
    """:func:`answer_budget` for each budget."""
    return tuple(answer_budget(table, budget, boot, cost) for budget in budgets)


def _hindsight(table: OutcomeTable, budget: float, cost: CostKind) -> BudgetPlan | None:
    resolution = budget * table.n_tasks / HINDSIGHT_STEPS
    try:
        return hindsight_bound(table, budget, cost, resolution=resolution)
    except KnapsackTooLarge:
        return None


def _grid(table: OutcomeTable, first_run: str) -> tuple[FactorGrid, str | None]:
    try:
        return FactorGrid.from_table(table), None
    except ValueError:
        grid = FactorGrid.from_table(table, where=lambda config: ("run", first_run) in config.params)
        return grid, GRID_FALLBACK_NOTE.format(run=first_run)


def _stage_effects(table: OutcomeTable, arms: StageArms | None, boot: PairedBootstrap) -> tuple[ArmCell, ...]:
    if arms is None:
        return ()
    grids = {label: FactorGrid.from_table(table, where=lambda config, run=run: ("run", run) in config.params)
             for label, run in arms.runs().items()}
    return arm_cells(grids, BASELINE, boot)


def _per_task(table: OutcomeTable) -> TaskOutcomes:
    matrix = table.matrix("success")
    rows = tuple((task, tuple(float(v) for v in matrix[:, i])) for i, task in enumerate(table.task_ids))
    return TaskOutcomes(table.names, rows)


def _title(runs: Sequence[RunProvenance], n_tasks: int) -> str:
    models = ", ".join(dict.fromkeys(run.model for run in runs))
    hashes = ", ".join(run.run_hash for run in runs)
    return f"{models} · {n_tasks} tasks · {'run' if len(runs) == 1 else 'runs'} {hashes}"
