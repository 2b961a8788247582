"""Reports on stored runs: outcome tables from pools and direct runs, budget answers, plots, HTML and Markdown.

:func:`report_from_store` reads runs into one analysis :class:`Report` (both
selection modes, never mixed); :func:`write_report` renders it to
``report.html``, ``report.md``, ``pareto.png`` and ``grid.png``;
:func:`best_from_store` answers one budget. See ``docs/reports.md``.
"""

from codebudget.reports.adapter import adapt_pool, adapt_task
from codebudget.reports.adaptive import ADAPTIVE_POLICIES, AdaptiveOutcomes, evaluate_adaptive
from codebudget.reports.answers import answer_line
from codebudget.reports.collect import RunOutcomes, collect
from codebudget.reports.from_store import BestAnswer, best_from_store, report_from_store
from codebudget.reports.parsing import parse_budget, parse_budgets, parse_cost, parse_selection
from codebudget.reports.summary import ModeReport, Report, build_report
from codebudget.reports.write import ReportFiles, write_report

__all__ = [
    "ADAPTIVE_POLICIES",
    "AdaptiveOutcomes",
    "BestAnswer",
    "ModeReport",
    "Report",
    "ReportFiles",
    "RunOutcomes",
    "adapt_pool",
    "adapt_task",
    "answer_line",
    "best_from_store",
    "build_report",
    "collect",
    "evaluate_adaptive",
    "parse_budget",
    "parse_budgets",
    "parse_cost",
    "parse_selection",
    "report_from_store",
    "write_report",
]
