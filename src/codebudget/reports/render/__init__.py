"""Rendering: a report's files — report.html (self-contained, jinja2), report.md, pareto.png, grid.png.

Both documents are written from the same :func:`codebudget.reports.sections.sections`;
the figures are drawn by :mod:`~codebudget.reports.render.plots`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from codebudget.reports.model import Report
from codebudget.reports.render.documents import render_html, render_markdown
from codebudget.reports.render.plots import grid_png, pareto_png
from codebudget.reports.sections.figures import GRID_PNG, PARETO_PNG


@dataclasses.dataclass(frozen=True)
class ReportFiles:
    """Where the report's files were written."""

    html: Path
    markdown: Path
    pareto: Path
    grid: Path


def write_report(report: Report, folder: Path) -> ReportFiles:
    """Draw the figures and write both documents into ``folder`` (created if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    pareto = pareto_png(report, folder / PARETO_PNG)
    grid = grid_png(report, folder / GRID_PNG)
    markdown = folder / "report.md"
    markdown.write_text(render_markdown(report), encoding="utf-8")
    html = folder / "report.html"
    html.write_text(render_html(report, {PARETO_PNG: pareto, GRID_PNG: grid}), encoding="utf-8")
    return ReportFiles(html, markdown, pareto, grid)


__all__ = ["ReportFiles", "render_html", "render_markdown", "write_report"]
