"""The report's wording of numbers: estimates with intervals, costs, budgets, percentage points, budget answers.

Shared by the report's sections and by ``codebudget best``.
"""

from __future__ import annotations

from codebudget.analysis import BudgetChoice, BudgetOption, CostKind, Estimate

#: How each cost kind's amounts are written.
COST_UNIT: dict[CostKind, str] = {CostKind.WALL_S: "s", CostKind.TOKENS: "tokens", CostKind.CALLS: "calls"}

#: Decimal places of a mean cost per task, by kind.
COST_DIGITS: dict[CostKind, int] = {CostKind.WALL_S: 1, CostKind.TOKENS: 0, CostKind.CALLS: 2}


def estimate(value: Estimate, digits: int = 3) -> str:
    """``0.623 (0.551 to 0.702)``."""
    return f"{value.value:.{digits}f} ({value.low:.{digits}f} to {value.high:.{digits}f})"


def interval(value: Estimate, digits: int = 3) -> str:
    """``0.551 to 0.702``."""
    return f"{value.low:.{digits}f} to {value.high:.{digits}f}"


def signed(value: Estimate, digits: int = 3) -> str:
    """``+0.120 (+0.050 to +0.190)``, for differences."""
    return f"{value.value:+.{digits}f} ({value.low:+.{digits}f} to {value.high:+.{digits}f})"


def cost(value: float, kind: CostKind) -> str:
    """``12.3 s``, ``340 tokens``, ``2.10 calls``."""
    kind = CostKind(kind)
    return f"{value:.{COST_DIGITS[kind]}f} {COST_UNIT[kind]}"


def points(value: Estimate) -> str:
    """A difference of pass@1 in percentage points with its interval: ``+12.0 pp (+5.0 to +19.0)``."""
    return f"{100 * value.value:+.1f} pp ({100 * value.low:+.1f} to {100 * value.high:+.1f})"


def ratio(value: float | None, unit: str) -> str:
    """``1.23 pp/s``, or ``–`` when not meaningful."""
    return "–" if value is None else f"{value:.3g} {unit}"


def budget(value: float, kind: CostKind) -> str:
    """A budget as people write it: ``20 s``, ``1500 tokens``, ``3 calls``."""
    return f"{value:g} {COST_UNIT[CostKind(kind)]}"


def _option(option: BudgetOption, choice: BudgetChoice, level: str = "") -> str:
    quality = f"{option.quality.value:.3f} ({level}{interval(option.quality)})"
    return f"{option.name}, pass@1 {quality} at {cost(option.cost, choice.cost_kind)}/task"


def answer_line(choice: BudgetChoice) -> str:
    """One line: the best fixed configuration within the budget, its interval, the runner-up and the margin.

    It starts with the selection mode (``honest selection, best within 20 s/task: ...``) and holds no
    square brackets, so terminals that read markup print it as it is.
    """
    limit = budget(choice.budget, choice.cost_kind)
    mode = f"{choice.selection.value} selection"
    if choice.best is None:
        cheapest = cost(choice.cheapest_cost, choice.cost_kind)
        return f"{mode}: nothing fits {limit}/task; the cheapest is {choice.cheapest} at {cheapest}/task"
    level = f"{choice.best.quality.level:.0%} CI "
    line = f"{mode}, best within {limit}/task: {_option(choice.best, choice, level)}"
    if choice.runner_up is None or choice.margin is None:
        return line + "; no runner-up fits"
    return line + f"; runner-up {_option(choice.runner_up, choice)}; margin {signed(choice.margin)}"
