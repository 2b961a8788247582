"""Best fixed configuration under a budget on mean cost per task.

``codebudget best --budget 20s`` answers: of the measured configurations whose
mean time per task is within the budget, which has the highest pass@1? Ties in
pass@1 go to the cheaper one, then to the name. The answer carries the
winner's interval, the runner-up and the paired margin between them, or, when
nothing fits, says so and names the cheapest configuration.
"""

from __future__ import annotations

import dataclasses

from codebudget.analysis.bootstrap import Estimate, PairedBootstrap
from codebudget.analysis.contrasts import contrast, paired_difference
from codebudget.analysis.outcomes import ConfigOutcomes, CostKind, OutcomeTable, SelectionMode

BUDGET_TOLERANCE = 1e-9  # relative slack so a cost equal to the budget fits despite rounding


@dataclasses.dataclass(frozen=True)
class BudgetOption:
    """A configuration that fits the budget: its pass@1 estimate and mean cost."""

    name: str
    quality: Estimate
    cost: float


@dataclasses.dataclass(frozen=True)
class BudgetChoice:
    """The answer to "what is best within this budget?"."""

    budget: float
    cost_kind: CostKind
    selection: SelectionMode
    best: BudgetOption | None
    runner_up: BudgetOption | None
    margin: Estimate | None  # pass@1(best) − pass@1(runner-up), paired
    cheapest: str
    cheapest_cost: float

    @property
    def fits(self) -> bool:
        """Whether any configuration fits the budget."""
        return self.best is not None

    def message(self) -> str:
        """A one-line answer for people."""
        unit = self.cost_kind.value
        if self.best is None:
            return (
                f"nothing fits a budget of {self.budget:g} {unit}/task [{self.selection.value}]; "
                f"the cheapest is {self.cheapest} at {self.cheapest_cost:.3g} {unit}/task"
            )
        return f"best within {self.budget:g} {unit}/task: {self.best.name} at {self.best.cost:.3g}; {self.best.quality}"


def within_budget(cost: float, budget: float) -> bool:
    """Whether a mean cost is within the budget (with a tiny relative slack)."""
    return cost <= budget * (1 + BUDGET_TOLERANCE) + BUDGET_TOLERANCE


def _rank_key(item: ConfigOutcomes, kind: CostKind) -> tuple[float, float, str]:
    return (-item.pass_at_1(), item.mean_cost(kind), item.name)


def best_under_budget(
    table: OutcomeTable, budget: float, boot: PairedBootstrap, cost: CostKind = CostKind.WALL_S
) -> BudgetChoice:
    """The configuration with the highest pass@1 whose mean cost fits ``budget``."""
    kind = CostKind(cost)
    selection = table.selection
    cheapest = min(table.outcomes, key=lambda o: (o.mean_cost(kind), o.name))
    affordable = [o for o in table.outcomes if within_budget(o.mean_cost(kind), budget)]
    fitting = sorted(affordable, key=lambda o: _rank_key(o, kind))

    def option(item: ConfigOutcomes) -> BudgetOption:
        quality = contrast(table, [(item.name, 1.0)], boot, f"pass@1 {item.name}")
        return BudgetOption(item.name, quality, item.mean_cost(kind))

    best = option(fitting[0]) if fitting else None
    runner_up = option(fitting[1]) if len(fitting) > 1 else None
    margin = paired_difference(table, best.name, runner_up.name, boot) if best and runner_up else None
    return BudgetChoice(budget, kind, selection, best, runner_up, margin, cheapest.name, cheapest.mean_cost(kind))
