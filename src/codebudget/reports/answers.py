"""Budget answers in words and table rows, shared by ``codebudget best`` and the report."""

from __future__ import annotations

from typing import Sequence

from codebudget.analysis import BudgetChoice, BudgetOption, BudgetPlan
from codebudget.analysis.budget import within_budget
from codebudget.reports import text
from codebudget.reports.budgets import BudgetAnswer
from codebudget.reports.figures import ConfigFigures
from codebudget.reports.parsing import format_budget

BUDGET_HEADERS = ("budget", "best fixed", "pass@1 (95% CI)", "cost/task", "runner-up", "margin (95% CI)",
                  "knapsack, one group", "hindsight bound (not deployable)")
FITS_HEADERS = ("configuration", "pass@1", "95% CI", "cost/task")


def _option(option: BudgetOption, choice: BudgetChoice, level: str = "") -> str:
    quality = f"{option.quality.value:.3f} ({level}{text.interval(option.quality)})"
    return f"{option.name}, pass@1 {quality} at {text.cost(option.cost, choice.cost_kind)}/task"


def answer_line(choice: BudgetChoice) -> str:
    """One line: the best fixed configuration within the budget, its interval, the runner-up and the margin.

    It starts with the selection mode (``honest selection, best within 20 s/task: ...``) and holds no
    square brackets, so terminals that read markup print it as it is.
    """
    budget = format_budget(choice.budget, choice.cost_kind)
    mode = f"{choice.selection.value} selection"
    if choice.best is None:
        cheapest = text.cost(choice.cheapest_cost, choice.cost_kind)
        return f"{mode}: nothing fits {budget}/task; the cheapest is {choice.cheapest} at {cheapest}/task"
    level = f"{choice.best.quality.level:.0%} CI "
    line = f"{mode}, best within {budget}/task: {_option(choice.best, choice, level)}"
    if choice.runner_up is None or choice.margin is None:
        return line + "; no runner-up fits"
    return line + f"; runner-up {_option(choice.runner_up, choice)}; margin {text.signed(choice.margin)}"


def _plan(plan: BudgetPlan | None) -> str:
    if plan is None:
        return "–"
    names = sorted({name for _, name in plan.assignment})
    chosen = names[0] if len(names) == 1 else f"a mix of {len(names)} configurations"
    return f"{chosen}: {plan.pass_at_1:.3f} at {text.cost(plan.mean_cost, plan.cost_kind)}"


def budget_row(answer: BudgetAnswer) -> tuple[str, ...]:
    """One row of the budget table."""
    choice = answer.choice
    budget = format_budget(answer.budget, choice.cost_kind)
    if choice.best is None:
        cheapest = f"nothing fits (cheapest: {choice.cheapest} at {text.cost(choice.cheapest_cost, choice.cost_kind)})"
        return (budget, cheapest, "–", "–", "–", "–", "–", "–")
    best, runner = choice.best, choice.runner_up
    return (budget, best.name, text.estimate(best.quality), text.cost(best.cost, choice.cost_kind),
            runner.name if runner else "–", text.signed(choice.margin) if choice.margin else "–",
            _plan(answer.plan), _plan(answer.hindsight))


def budget_rows(answers: Sequence[BudgetAnswer]) -> tuple[tuple[str, ...], ...]:
    """The budget table's rows."""
    return tuple(budget_row(answer) for answer in answers)


def fits_rows(figures: Sequence[ConfigFigures], choice: BudgetChoice) -> tuple[tuple[str, ...], ...]:
    """Configurations within the budget, best first (what ``codebudget best`` lists)."""
    kind = choice.cost_kind
    fitting = [f for f in figures if within_budget(f.cost(kind), choice.budget)]
    fitting.sort(key=lambda f: (-f.pass_at_1.value, f.cost(kind), f.name))
    return tuple((f.name, f"{f.pass_at_1.value:.3f}", text.interval(f.pass_at_1), text.cost(f.cost(kind), kind))
                 for f in fitting)
