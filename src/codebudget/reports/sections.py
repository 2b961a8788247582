"""A report as plain sections of paragraphs, tables and figures, rendered alike to Markdown and HTML.

Every table and figure caption names its selection mode (honest or oracle).
"""

from __future__ import annotations

from codebudget.analysis import CostKind
from codebudget.reports import text
from codebudget.reports.against_paper import paper_section, summary_line
from codebudget.reports.answers import BUDGET_HEADERS, answer_line, budget_rows
from codebudget.reports.modes import MODE_LABEL, MODE_MEANING
from codebudget.reports.parsing import COST_UNIT
from codebudget.reports.figures import ConfigFigures
from codebudget.reports.layout import Figure, Section, TextTable
from codebudget.reports.summary import ModeReport, Report

PARETO_PNG = "pareto.png"
GRID_PNG = "grid.png"


RUN_HEADERS = ("run", "kind", "model", "model sha256", "tasks finished", "configuration")
MACHINE_HEADERS = ("run", "machine", "cpus", "platform", "python", "packages", "sandbox isolation", "git", "created")


def runs_table(report: Report) -> TextTable:
    """Each run: model, its sha256, tasks and configuration."""
    rows = tuple((r.run_hash, r.kind, r.model, r.model_sha256 or "–", str(r.tasks_finished), r.describe_config())
                 for r in report.runs)
    return TextTable("Runs", RUN_HEADERS, rows)


def machine_table(report: Report) -> TextTable:
    """Where each run ran: machine, package versions, sandbox isolation, code revision."""
    rows = tuple((r.run_hash, r.machine, r.cpu_count, r.platform, r.python, r.describe_packages(), r.isolation,
                  r.git or "–", r.created_at) for r in report.runs)
    return TextTable("Where the runs ran", MACHINE_HEADERS, rows)


def overview(report: Report) -> Section:
    """Runs, their provenance and how the intervals were computed."""
    dropped = f"; {report.dropped_tasks} tasks not finished by every run were dropped" if report.dropped_tasks else ""
    paragraphs = (
        f"{report.n_tasks} tasks{dropped}. Intervals: {report.level:.0%} paired bootstrap over tasks, "
        f"{report.n_resamples} resamples. Costs are means per task; the Pareto front and budgets use "
        f"{report.cost_kind.value}.",
        *(f"{MODE_LABEL[m.selection]}: {MODE_MEANING[m.selection]}." for m in report.modes),
    )
    return Section(report.title, paragraphs, (runs_table(report), machine_table(report)))


def figures(report: Report) -> Section:
    """The Pareto plot and the N×K heat map."""
    unit = COST_UNIT[report.cost_kind]
    return Section("Figures", figures=(
        Figure(PARETO_PNG, f"pass@1 against mean {unit} per task: honest (circles) and oracle (squares) as separate "
                           "series, each one's Pareto front of fixed configurations drawn as a line, labels N,K; "
                           "adaptive policies (one-by-one sampling) as stars (honest) and crosses (oracle)"
                           + ("; selection policies (honest) as diamonds, one colour each, labels N,K"
                              if any(m.policies for m in report.modes) else "")),
        Figure(GRID_PNG, "pass@1 over N and K: honest (left) and oracle (right)"),
    ))


def grid_table(mode: ModeReport, label: str) -> TextTable:
    """pass@1 (interval) and time per task in each (N, K) cell."""
    def cell(n: int, k: int) -> str:
        found = mode.cell(n, k)
        if found is None:
            return "–"
        return f"{text.estimate(found.pass_at_1)} · {text.cost(found.wall_s, CostKind.WALL_S)}"

    rows = tuple((f"N={n}", *(cell(n, k) for k in mode.ks)) for n in mode.ns)
    return TextTable(f"pass@1 (95% CI) · s/task by N and K [{label}]", ("", *(f"K={k}" for k in mode.ks)), rows)


CONFIG_HEADERS = ("configuration", "parameters or policy", "pass@1", "95% CI", "time/task", "tokens/task",
                  "calls/task")


def configs_table(mode: ModeReport, label: str) -> TextTable:
    """Every configuration, fixed and adaptive."""
    def row(f: ConfigFigures) -> tuple[str, ...]:
        costs = (text.cost(f.cost(kind), kind) for kind in (CostKind.WALL_S, CostKind.TOKENS, CostKind.CALLS))
        return (f.name, f.detail, f"{f.pass_at_1.value:.3f}", text.interval(f.pass_at_1), *costs)

    every = mode.configs + mode.adaptive + mode.policies
    return TextTable(f"Configurations [{label}]", CONFIG_HEADERS, tuple(row(f) for f in every))


def effects_table(caption: str, estimates: tuple) -> TextTable:
    """Contrasts (IE or main effects) with intervals."""
    rows = tuple((e.label, f"{e.value:+.3f}", text.interval(e)) for e in estimates)
    return TextTable(caption, ("effect", "value", "95% CI"), rows)


def front_table(mode: ModeReport, label: str, report: Report) -> TextTable:
    """Steps along the Pareto front: gain, extra cost, and gain per unit of cost."""
    unit = COST_UNIT[report.cost_kind]
    rows = tuple((s.start, s.end, text.points(s.gain), text.cost(s.extra_cost, report.cost_kind),
                  text.ratio(s.pp_per_unit, f"pp/{unit}")) for s in mode.steps)
    front = " → ".join(p.name for p in mode.front)
    return TextTable(f"Pareto front ({report.cost_kind.value}) [{label}]: {front}",
                     ("from", "to", "gain", "extra cost", "efficiency"), rows)


def mode_section(report: Report, mode: ModeReport) -> Section:
    """Everything about one selection mode."""
    label = mode.selection.value
    tables = [grid_table(mode, label), configs_table(mode, label)]
    tables += [effects_table(f"Interaction effects IE(N,K) [{label}]", mode.interactions)] if mode.interactions else []
    tables += [effects_table(f"Main effects [{label}]", mode.main_effects)] if mode.main_effects else []
    tables += [front_table(mode, label, report)]
    tables += [TextTable(f"Budgets ({report.cost_kind.value} per task) [{label}]", BUDGET_HEADERS,
                         budget_rows(mode.budgets))] if mode.budgets else []
    return Section(f"{MODE_LABEL[mode.selection].capitalize()}", (MODE_MEANING[mode.selection] + ".",), tuple(tables))


PER_TASK_NOTE = ("1 = passes the hidden tests; fractions are expectations over draws of candidates (pools) "
                 "or orderings (adaptive policies).")


def per_task_section(report: Report) -> Section:
    """Per-task success of every configuration, one table per mode."""
    tables = tuple(TextTable(f"Per-task success [{m.selection.value}]", ("task", *m.per_task.names), tuple(
        (task, *(f"{v:.2f}" for v in values)) for task, values in m.per_task.rows)) for m in report.modes)
    return Section("Per-task outcomes", (PER_TASK_NOTE,), tables, collapsed=True)


def notes_section(report: Report) -> Section:
    """What to keep in mind when reading the figures."""
    return Section("Notes", report.notes)


def sections(report: Report) -> tuple[Section, ...]:
    """The whole report, in order."""
    modes = tuple(mode_section(report, m) for m in report.modes)
    against = (paper_section(report, report.reference),) if report.reference else ()
    return (overview(report), figures(report), *modes, *against, per_task_section(report), notes_section(report))


def short_sections(report: Report) -> tuple[Section, ...]:
    """The headline for a terminal: budget answers and the N×K grid of each mode."""
    lines = tuple(answer_line(answer.choice) for mode in report.modes for answer in mode.budgets)
    grids = tuple(grid_table(mode, mode.selection.value) for mode in report.modes)
    paper = report.reference
    against = tuple(summary_line(paper, mode) for mode in report.modes) if paper else ()
    return (Section(report.title, (*lines, *against, *report.notes), grids),)
