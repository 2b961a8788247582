"""Reports on stored runs: outcome tables from pools and direct runs, budget answers, plots, HTML and Markdown.

Four layers, each in its own place (see ``docs/reports.md``):

* :mod:`~codebudget.reports.gather` reads the store into the report model —
  :func:`report_from_store` (both selection modes, never mixed) and
  :func:`best_from_store` (one budget). It only reads: it executes nothing.
* :mod:`~codebudget.reports.model` — the frozen records a report is made of.
* :mod:`~codebudget.reports.sections` — each section of the report one module,
  declared once in :data:`~codebudget.reports.sections.SECTIONS`.
* :mod:`~codebudget.reports.render` — :func:`write_report` writes
  ``report.html``, ``report.md``, ``pareto.png`` and ``grid.png``.

:mod:`~codebudget.reports.paper` holds published figures to compare with, and
:mod:`~codebudget.reports.text` the wording of numbers. Parsing the command
line's budgets and costs belongs to ``codebudget.cli.report_cmd``.
"""

from codebudget.reports.gather import best_from_store, report_from_store
from codebudget.reports.gather.adaptive import AdaptiveOutcomes, evaluate_adaptive
from codebudget.reports.gather.analysis import build_report
from codebudget.reports.gather.outcomes import RunOutcomes, collect
from codebudget.reports.gather.policies import MissingEvidence
from codebudget.reports.model import BestAnswer, ModeReport, Report
from codebudget.reports.render import ReportFiles, write_report
from codebudget.reports.text import answer_line

__all__ = [
    "AdaptiveOutcomes",
    "BestAnswer",
    "MissingEvidence",
    "ModeReport",
    "Report",
    "ReportFiles",
    "RunOutcomes",
    "answer_line",
    "best_from_store",
    "build_report",
    "collect",
    "evaluate_adaptive",
    "report_from_store",
    "write_report",
]
