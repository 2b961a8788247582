"""The report's sections: each one a module that lays out part of a :class:`~codebudget.reports.model.Report`.

Every section is declared once, here, in :data:`SECTIONS` (name → the
module's ``layout`` function, in the order the report shows them). A layout
returns the :class:`~codebudget.reports.model.Section` records of its part —
none (``against-paper`` without ``--against``), one, or one per selection mode —
and every renderer (Markdown, HTML) writes whatever :func:`sections` returns.
To add a section: write ``sections/NAME.py`` with ``layout(report) -> tuple[Section, ...]``
and register it below at the place it should appear. Every table and figure
caption names its selection mode (honest or oracle).
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from codebudget.errors import CodebudgetError
from codebudget.plugins import Registry
from codebudget.reports.model import Report, Section
from codebudget.reports.sections import against_paper, figures, modes, notes, overview, per_task, prepared, stages
from codebudget.reports.sections.headline import short_sections

Layout = Callable[[Report], tuple[Section, ...]]


@dataclasses.dataclass(frozen=True)
class ReportSection:
    """A named part of the report and the function that lays it out."""

    name: str
    layout: Layout


#: Every section of a report, in the order it shows them.
SECTIONS: Registry[ReportSection] = Registry.of("report section", CodebudgetError)
SECTIONS.register(ReportSection("overview", overview.layout))
SECTIONS.register(ReportSection("figures", figures.layout))
SECTIONS.register(ReportSection("modes", modes.layout))
SECTIONS.register(ReportSection("stages", stages.layout))
SECTIONS.register(ReportSection("against-paper", against_paper.layout))
SECTIONS.register(ReportSection("per-task", per_task.layout))
SECTIONS.register(ReportSection("prepared", prepared.layout))
SECTIONS.register(ReportSection("notes", notes.layout))


def sections(report: Report) -> tuple[Section, ...]:
    """The whole report, in order: every registered section's layout."""
    return tuple(part for entry in SECTIONS.values() for part in entry.layout(report))


__all__ = ["SECTIONS", "ReportSection", "sections", "short_sections"]
