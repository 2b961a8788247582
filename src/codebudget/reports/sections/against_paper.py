"""The section that sets a paper's published figures (``--against``) beside the measured ones, per selection mode.

Each paper cell (N, K, temperature) is matched to every fixed configuration of
the report with the same three values (a pool at T=0.8 and a greedy pool can
both be in one report). A difference is measured to the nearest of the
paper's reported runs and flagged when it exceeds :data:`TOLERANCE_PP`.
"""

from __future__ import annotations

import math
from typing import Sequence

from codebudget.analysis import CostKind
from codebudget.reports import text
from codebudget.reports.model import MODE_LABEL, ConfigFigures, ModeReport, Report, Section, TextTable
from codebudget.reports.paper import Paper, PaperBudget, PaperCell

TOLERANCE_PP = 3.0
CELL_HEADERS = ("paper table", "configuration", "paper pass@1", "ours pass@1 (95% CI)", "ours − paper",
                "paper s/task", "ours s/task", "ours: configuration")


def layout(report: Report) -> tuple[Section, ...]:
    """The comparison with the report's reference paper; nothing without one."""
    return (paper_section(report, report.reference),) if report.reference else ()


def matches(mode: ModeReport, cell: PaperCell) -> tuple[ConfigFigures, ...]:
    """The report's fixed configurations with the cell's N, K and temperature."""
    return tuple(f for f in mode.configs if f.n == cell.n and f.k == cell.k and f.temperature is not None
                 and math.isclose(f.temperature, cell.temperature, abs_tol=1e-9))


def _runs(values: Sequence[float], digits: int) -> str:
    return " / ".join(f"{v:.{digits}f}" for v in values)


def gap(cell: PaperCell, ours: ConfigFigures) -> str:
    """``+1.2 pp`` (to the nearest reported run), ``within`` their range, flagged beyond the tolerance."""
    distance = cell.distance_pp(ours.pass_at_1.value)
    if distance == 0.0:
        return "within the paper's runs"
    flag = f" (beyond {TOLERANCE_PP:g} pp)" if abs(distance) > TOLERANCE_PP else ""
    return f"{distance:+.1f} pp{flag}"


def cell_rows(mode: ModeReport, cell: PaperCell) -> list[tuple[str, ...]]:
    """One row per matching configuration, or one saying the cell was not measured."""
    paper = (cell.table, cell.label, _runs(cell.pass_at_1, 3))
    found = matches(mode, cell)
    if not found:
        return [(*paper, "not measured", "–", _runs(cell.seconds, 1), "–", "–")]
    return [(*paper, text.estimate(f.pass_at_1), gap(cell, f), _runs(cell.seconds, 1),
             text.cost(f.wall_s, CostKind.WALL_S), f.name) for f in found]


def cells_table(paper: Paper, mode: ModeReport) -> TextTable:
    """Every paper cell beside ours, in one selection mode."""
    rows = tuple(row for cell in paper.cells for row in cell_rows(mode, cell))
    return TextTable(f"{paper.name} against ours: pass@1 and time per task [{mode.selection.value}]",
                     CELL_HEADERS, rows)


def effects_table(paper: Paper, report: Report) -> TextTable:
    """The paper's interaction effects beside ours in each mode."""
    def ours(mode: ModeReport, label: str) -> str:
        found = [e for e in mode.interactions if e.label == label]
        return text.signed(found[0]) if found else "not measured"

    rows = tuple((f"IE(N={e.n},K={e.k})", f"{e.value:+.3f}",
                  *(ours(m, f"IE(N={e.n},K={e.k})") for m in report.modes)) for e in paper.effects)
    headers = ("effect", "paper", *(f"ours [{m.selection.value}] (95% CI)" for m in report.modes))
    return TextTable(f"{paper.name} against ours: interaction effects", headers, rows)


def _our_budget(mode: ModeReport, budget: PaperBudget) -> str:
    for answer in mode.budgets:
        if math.isclose(answer.budget, budget.seconds):
            best = answer.choice.best
            return "nothing fits" if best is None else f"{best.name}: {text.estimate(best.quality)}"
    return "not asked (add it to --budgets)"


def budgets_table(paper: Paper, report: Report) -> TextTable:
    """The paper's budget answers beside ours (seconds per task) in each mode."""
    rows = tuple((f"{b.seconds:g} s", f"N={b.n} K={b.k}: {b.pass_at_1:.3f}",
                  *(_our_budget(m, b) for m in report.modes)) for b in paper.budgets)
    headers = ("budget per task", "paper's choice", *(f"ours [{m.selection.value}]" for m in report.modes))
    return TextTable(f"{paper.name} against ours: best configuration within a time budget", headers, rows)


def beyond(paper: Paper, mode: ModeReport) -> list[str]:
    """Labels of the cells whose matching configuration differs by more than the tolerance."""
    return [f"{cell.label} ({cell.distance_pp(f.pass_at_1.value):+.1f} pp)" for cell in paper.cells
            for f in matches(mode, cell) if abs(cell.distance_pp(f.pass_at_1.value)) > TOLERANCE_PP]


def summary_line(paper: Paper, mode: ModeReport) -> str:
    """How many matched cells differ by more than the tolerance in this mode, and which."""
    measured = sum(bool(matches(mode, cell)) for cell in paper.cells)
    far = beyond(paper, mode)
    listed = f": {', '.join(far)}" if far else ""
    return (f"{MODE_LABEL[mode.selection].capitalize()}: {measured} of {len(paper.cells)} paper cells measured; "
            f"{len(far)} differ by more than {TOLERANCE_PP:g} pp{listed}.")


def paper_section(report: Report, paper: Paper) -> Section:
    """The whole comparison: cells per mode, interaction effects, budgets, and what to keep in mind."""
    paragraphs = (f"Reference: {paper.citation}. Its setting: {paper.setting}.",
                  *(summary_line(paper, m) for m in report.modes), *paper.notes)
    tables = [cells_table(paper, m) for m in report.modes]
    tables += [effects_table(paper, report)] if paper.effects else []
    tables += [budgets_table(paper, report)] if paper.budgets and report.cost_kind is CostKind.WALL_S else []
    return Section(f"Against {paper.name}", paragraphs, tuple(tables))
