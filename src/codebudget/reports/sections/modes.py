"""One section per selection mode: the N×K grid, every configuration, effects, the Pareto front, budget answers.

Every table caption names its selection mode (``[honest]`` or ``[oracle]``).
"""

from __future__ import annotations

from codebudget.analysis import BudgetPlan, CostKind, Estimate
from codebudget.reports import text
from codebudget.reports.model import (
    MODE_LABEL,
    MODE_MEANING,
    BudgetAnswer,
    ConfigFigures,
    ModeReport,
    Report,
    Section,
    TextTable,
)

CONFIG_HEADERS = ("configuration", "parameters or policy", "pass@1", "95% CI", "time/task", "tokens/task",
                  "calls/task")
BUDGET_HEADERS = ("budget", "best fixed", "pass@1 (95% CI)", "cost/task", "runner-up", "margin (95% CI)",
                  "knapsack, one group", "hindsight bound (not deployable)")


def layout(report: Report) -> tuple[Section, ...]:
    """Everything about each selection mode, honest first."""
    return tuple(mode_section(report, mode) for mode in report.modes)


def mode_section(report: Report, mode: ModeReport) -> Section:
    """Everything about one selection mode."""
    label = mode.selection.value
    tables = [grid_table(mode, label), configs_table(mode, label)]
    tables += [effects_table(f"Interaction effects IE(N,K) [{label}]", mode.interactions)] if mode.interactions else []
    tables += [effects_table(f"Main effects [{label}]", mode.main_effects)] if mode.main_effects else []
    tables += [front_table(mode, label, report)]
    tables += [TextTable(f"Budgets ({report.cost_kind.value} per task) [{label}]", BUDGET_HEADERS,
                         tuple(budget_row(answer) for answer in mode.budgets))] if mode.budgets else []
    return Section(f"{MODE_LABEL[mode.selection].capitalize()}", (MODE_MEANING[mode.selection] + ".",), tuple(tables))


def grid_table(mode: ModeReport, label: str) -> TextTable:
    """pass@1 (interval) and time per task in each (N, K) cell."""
    def cell(n: int, k: int) -> str:
        found = mode.cell(n, k)
        if found is None:
            return "–"
        return f"{text.estimate(found.pass_at_1)} · {text.cost(found.wall_s, CostKind.WALL_S)}"

    rows = tuple((f"N={n}", *(cell(n, k) for k in mode.ks)) for n in mode.ns)
    return TextTable(f"pass@1 (95% CI) · s/task by N and K [{label}]", ("", *(f"K={k}" for k in mode.ks)), rows)


def configs_table(mode: ModeReport, label: str) -> TextTable:
    """Every configuration: fixed, adaptive and selection policies."""
    def row(f: ConfigFigures) -> tuple[str, ...]:
        costs = (text.cost(f.cost(kind), kind) for kind in (CostKind.WALL_S, CostKind.TOKENS, CostKind.CALLS))
        return (f.name, f.detail, f"{f.pass_at_1.value:.3f}", text.interval(f.pass_at_1), *costs)

    every = mode.configs + mode.adaptive + mode.policies
    return TextTable(f"Configurations [{label}]", CONFIG_HEADERS, tuple(row(f) for f in every))


def effects_table(caption: str, estimates: tuple[Estimate, ...]) -> TextTable:
    """Contrasts (IE or main effects) with intervals."""
    rows = tuple((e.label, f"{e.value:+.3f}", text.interval(e)) for e in estimates)
    return TextTable(caption, ("effect", "value", "95% CI"), rows)


def front_table(mode: ModeReport, label: str, report: Report) -> TextTable:
    """Steps along the Pareto front: gain, extra cost, and gain per unit of cost."""
    unit = text.COST_UNIT[report.cost_kind]
    rows = tuple((s.start, s.end, text.points(s.gain), text.cost(s.extra_cost, report.cost_kind),
                  text.ratio(s.pp_per_unit, f"pp/{unit}")) for s in mode.steps)
    front = " → ".join(p.name for p in mode.front)
    return TextTable(f"Pareto front ({report.cost_kind.value}) [{label}]: {front}",
                     ("from", "to", "gain", "extra cost", "efficiency"), rows)


def budget_row(answer: BudgetAnswer) -> tuple[str, ...]:
    """One row of the budget table."""
    choice = answer.choice
    budget = text.budget(answer.budget, choice.cost_kind)
    if choice.best is None:
        cheapest = f"nothing fits (cheapest: {choice.cheapest} at {text.cost(choice.cheapest_cost, choice.cost_kind)})"
        return (budget, cheapest, "–", "–", "–", "–", "–", "–")
    best, runner = choice.best, choice.runner_up
    return (budget, best.name, text.estimate(best.quality), text.cost(best.cost, choice.cost_kind),
            runner.name if runner else "–", text.signed(choice.margin) if choice.margin else "–",
            _plan(answer.plan), _plan(answer.hindsight))


def _plan(plan: BudgetPlan | None) -> str:
    if plan is None:
        return "–"
    names = sorted({name for _, name in plan.assignment})
    chosen = names[0] if len(names) == 1 else f"a mix of {len(names)} configurations"
    return f"{chosen}: {plan.pass_at_1:.3f} at {text.cost(plan.mean_cost, plan.cost_kind)}"
