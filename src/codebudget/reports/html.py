"""The report as one self-contained HTML page (jinja2 template shipped in ``templates/``; PNGs embedded)."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Mapping

from codebudget.reports.sections import sections
from codebudget.reports.summary import Report

TEMPLATE = "report.html.j2"


def data_uri(png: Path) -> str:
    """A PNG file as a ``data:image/png;base64,...`` URI."""
    return "data:image/png;base64," + base64.b64encode(png.read_bytes()).decode("ascii")


def render_html(report: Report, images: Mapping[str, Path]) -> str:
    """The page; ``images`` maps each figure's file name to the PNG to embed."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("codebudget.reports", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
    )
    embedded = {name: data_uri(path) for name, path in images.items()}
    return environment.get_template(TEMPLATE).render(report=report, sections=sections(report), images=embedded)
