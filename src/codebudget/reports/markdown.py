"""The report as Markdown with GitHub tables (figures linked as files beside it)."""

from __future__ import annotations

from typing import Sequence

from codebudget.reports.layout import Section, TextTable
from codebudget.reports.sections import sections
from codebudget.reports.summary import Report


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def md_table(table: TextTable) -> str:
    """A GitHub table with its caption in bold above it."""
    lines = [f"**{table.caption}**", "", "| " + " | ".join(_cell(h) for h in table.headers) + " |",
             "|" + "|".join("---" for _ in table.headers) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in table.rows]
    return "\n".join(lines)


def md_section(section: Section, level: int = 2) -> str:
    """One section: heading, paragraphs, figures, tables."""
    parts = [f"{'#' * level} {section.title}"]
    parts += list(section.paragraphs)
    parts += [f"![{figure.caption}]({figure.file})\n\n*{figure.caption}*" for figure in section.figures]
    parts += [md_table(table) for table in section.tables]
    return "\n\n".join(parts)


def render_markdown(report: Report, parts: Sequence[Section] | None = None) -> str:
    """The full report (or only ``parts``) as Markdown; the first section is the title."""
    chosen = list(parts if parts is not None else sections(report))
    head, rest = chosen[0], chosen[1:]
    return "\n\n".join([md_section(head, 1), *(md_section(s) for s in rest)]) + "\n"
