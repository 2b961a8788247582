"""Budget answers: the best fixed configuration within a budget, its runner-up and margin, and knapsack plans.

For each budget: :func:`~codebudget.analysis.best_under_budget` (the best
fixed configuration, its interval, the runner-up and the paired margin); the
exact knapsack plan with one group of all tasks (deployable; it must agree with
the best fixed configuration); and the per-task plan chosen in hindsight, an
upper bound that no deployable policy reaches (solved on weights rounded up to
a grid of ``budget × tasks / HINDSIGHT_STEPS``, so it stays cheap).
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

from codebudget.analysis import (
    BudgetChoice,
    BudgetPlan,
    CostKind,
    KnapsackTooLarge,
    OutcomeTable,
    PairedBootstrap,
    best_under_budget,
    hindsight_bound,
    plan_budget,
)

HINDSIGHT_STEPS = 1000


@dataclasses.dataclass(frozen=True)
class BudgetAnswer:
    """Everything a report says about one budget, in one selection mode."""

    budget: float
    choice: BudgetChoice
    plan: BudgetPlan | None  # knapsack, one group of all tasks
    hindsight: BudgetPlan | None  # per-task choice in hindsight: a bound, not a policy

    @property
    def fits(self) -> bool:
        """Whether any fixed configuration fits."""
        return self.choice.fits


def _hindsight(table: OutcomeTable, budget: float, cost: CostKind) -> BudgetPlan | None:
    resolution = budget * table.n_tasks / HINDSIGHT_STEPS
    try:
        return hindsight_bound(table, budget, cost, resolution=resolution)
    except KnapsackTooLarge:
        return None


def answer_budget(table: OutcomeTable, budget: float, boot: PairedBootstrap, cost: CostKind) -> BudgetAnswer:
    """The answers for one budget on a single-mode table of fixed configurations."""
    choice = best_under_budget(table, budget, boot, cost)
    return BudgetAnswer(budget, choice, plan_budget(table, budget, cost=cost), _hindsight(table, budget, cost))


def answer_budgets(table: OutcomeTable, budgets: Sequence[float], boot: PairedBootstrap,
                   cost: CostKind) -> tuple[BudgetAnswer, ...]:
    """:func:`answer_budget` for each budget."""
    return tuple(answer_budget(table, budget, boot, cost) for budget in budgets)
