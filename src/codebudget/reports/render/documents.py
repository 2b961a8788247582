"""The report's two documents, written from the same sections: Markdown (GitHub tables, figures linked as the
PNG files beside it) and one self-contained HTML page (jinja2 template in ``templates/``, PNGs embedded)."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Mapping, Sequence

from codebudget.reports.model import Report, Section, TextTable
from codebudget.reports.sections import sections

TEMPLATE = "report.html.j2"


def render_markdown(report: Report, parts: Sequence[Section] | None = None) -> str:
    """The full report (or only ``parts``) as Markdown; the first section is the title."""
    chosen = list(parts if parts is not None else sections(report))
    head, rest = chosen[0], chosen[1:]
    return "\n\n".join([md_section(head, 1), *(md_section(s) for s in rest)]) + "\n"


def md_section(section: Section, level: int = 2) -> str:
    """One section: heading, paragraphs, figures, tables."""
    parts = [f"{'#' * level} {section.title}"]
    parts += list(section.paragraphs)
    parts += [f"![{figure.caption}]({figure.file})\n\n*{figure.caption}*" for figure in section.figures]
    parts += [md_table(table) for table in section.tables]
    return "\n\n".join(parts)


def md_table(table: TextTable) -> str:
    """A GitHub table with its caption in bold above it."""
    lines = [f"**{table.caption}**", "", "| " + " | ".join(_cell(h) for h in table.headers) + " |",
             "|" + "|".join("---" for _ in table.headers) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in table.rows]
    return "\n".join(lines)


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def render_html(report: Report, images: Mapping[str, Path]) -> str:
    """The page; ``images`` maps each figure's file name to the PNG to embed."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("codebudget.reports.render", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
    )
    embedded = {name: data_uri(path) for name, path in images.items()}
    return environment.get_template(TEMPLATE).render(report=report, sections=sections(report), images=embedded)


def data_uri(png: Path) -> str:
    """A PNG file as a ``data:image/png;base64,...`` URI."""
    return "data:image/png;base64," + base64.b64encode(png.read_bytes()).decode("ascii")
