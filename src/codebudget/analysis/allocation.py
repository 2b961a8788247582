"""Budget plans: one configuration per task group, chosen by the exact MCKP solver.

See :mod:`codebudget.analysis.knapsack` for the formulation. A plan is also a
composite configuration (its per-task outcomes are those of the configuration
chosen for the task's group), so it can be bootstrapped, compared and placed
on the same Pareto plot as fixed configurations and adaptive policies.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping

import numpy as np

from codebudget.analysis.knapsack import DEFAULT_MAX_STATES, solve_mckp
from codebudget.analysis.outcomes import Config, ConfigOutcomes, CostKind, OutcomeTable, SelectionMode

SINGLE_GROUP = "all"
HINDSIGHT = "per-task-hindsight"


@dataclasses.dataclass(frozen=True)
class BudgetPlan:
    """The chosen configuration per group and the plan's per-task outcomes."""

    budget: float  # on mean cost per task
    cost_kind: CostKind
    selection: SelectionMode
    grouping: str
    hindsight: bool  # True: an oracle upper bound, not a deployable policy
    assignment: tuple[tuple[str, str], ...]  # (group label, configuration name)
    outcomes: ConfigOutcomes
    resolution: float | None

    @property
    def pass_at_1(self) -> float:
        """Expected pass@1 of the plan on the measured tasks."""
        return self.outcomes.pass_at_1()

    @property
    def mean_cost(self) -> float:
        """Mean cost per task of the plan."""
        return self.outcomes.mean_cost(self.cost_kind)


def _group_index(table: OutcomeTable, groups: Mapping[str, str] | None) -> tuple[list[str], np.ndarray]:
    if groups is None:
        return [SINGLE_GROUP], np.zeros(table.n_tasks, dtype=np.intp)
    lacking = [t for t in table.task_ids if t not in groups]
    if lacking:
        raise ValueError(f"{len(lacking)} tasks have no group, e.g. {lacking[:3]}")
    labels = sorted({groups[t] for t in table.task_ids})
    position = {label: i for i, label in enumerate(labels)}
    return labels, np.array([position[groups[t]] for t in table.task_ids], dtype=np.intp)


def _group_sums(matrix: np.ndarray, index: np.ndarray, n_groups: int) -> np.ndarray:
    """(configs, tasks) → (groups, configs) sums over each group's tasks."""
    sums = np.zeros((n_groups, matrix.shape[0]))
    np.add.at(sums, index, matrix.T)
    return sums


def _composite(table: OutcomeTable, chosen: np.ndarray, config: Config) -> ConfigOutcomes:
    tasks = np.arange(table.n_tasks)
    columns = {c: table.matrix(c)[chosen, tasks] for c in ("success", "wall_s", "tokens", "calls")}
    return ConfigOutcomes(config=config, task_ids=table.task_ids, **columns)


def plan_budget(
    table: OutcomeTable,
    budget: float,
    groups: Mapping[str, str] | None = None,
    cost: CostKind = CostKind.WALL_S,
    resolution: float | None = None,
    grouping: str | None = None,
    hindsight: bool = False,
    max_states: int = DEFAULT_MAX_STATES,
) -> BudgetPlan | None:
    """The best plan with mean cost per task ≤ ``budget``; None when nothing fits.

    ``groups`` maps every task id to a group label (None: one group of all
    tasks). ``grouping`` names the grouping in the plan's label.
    """
    kind = CostKind(cost)
    labels, index = _group_index(table, groups)
    values = _group_sums(table.matrix("success"), index, len(labels))
    weights = _group_sums(table.matrix(kind.value), index, len(labels))
    solution = solve_mckp(values, weights, budget * table.n_tasks, resolution, max_states)
    if solution is None:
        return None
    label = grouping or (SINGLE_GROUP if groups is None else "groups")
    names = table.names
    config = Config(
        name=f"mckp[{label}]@{budget:g}",
        selection=table.selection,
        params=(("plan", "mckp"), ("grouping", label), ("hindsight", str(hindsight)), ("budget", f"{budget:g}")),
    )
    chosen = np.asarray(solution.choice, dtype=np.intp)[index]
    assignment = tuple((g, names[i]) for g, i in zip(labels, solution.choice))
    outcomes = _composite(table, chosen, config)
    return BudgetPlan(budget, kind, table.selection, label, hindsight, assignment, outcomes, resolution)


def hindsight_bound(
    table: OutcomeTable,
    budget: float,
    cost: CostKind = CostKind.WALL_S,
    resolution: float | None = None,
    max_states: int = DEFAULT_MAX_STATES,
) -> BudgetPlan | None:
    """Per-task choice in hindsight: an oracle upper bound, not a deployable policy."""
    groups = {task: task for task in table.task_ids}
    return plan_budget(table, budget, groups, cost, resolution, HINDSIGHT, True, max_states)
