"""The headline a terminal shows after ``codebudget report``: budget answers and the N×K grid of each mode.

Not a part of the written report (not registered in :data:`codebudget.reports.sections.SECTIONS`).
"""

from __future__ import annotations

from codebudget.reports.model import Report, Section
from codebudget.reports.sections.against_paper import summary_line
from codebudget.reports.sections.modes import grid_table
from codebudget.reports.text import answer_line


def short_sections(report: Report) -> tuple[Section, ...]:
    """The headline for a terminal: budget answers and the N×K grid of each mode."""
    lines = tuple(answer_line(answer.choice) for mode in report.modes for answer in mode.budgets)
    grids = tuple(grid_table(mode, mode.selection.value) for mode in report.modes)
    paper = report.reference
    against = tuple(summary_line(paper, mode) for mode in report.modes) if paper else ()
    return (Section(report.title, (*lines, *against, *report.notes), grids),)
