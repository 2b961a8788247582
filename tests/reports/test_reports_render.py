"""The report's files: HTML (self-contained), Markdown, and the two PNG figures."""

from __future__ import annotations

import base64
import re

import pytest
from report_builders import POOL

from codebudget.reports import report_from_store, write_report
from codebudget.reports.render import render_markdown
from codebudget.reports.sections import sections

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture()
def written(store, tmp_path):
    report = report_from_store(store, [POOL], budgets=(6.35,), n_resamples=300)
    return report, write_report(report, tmp_path / "out")


def test_all_four_files_are_written(written):
    _, files = written
    for png in (files.pareto, files.grid):
        data = png.read_bytes()
        assert data.startswith(PNG_MAGIC) and len(data) > 10_000
    assert files.html.name == "report.html" and files.markdown.name == "report.md"


def test_html_embeds_the_figures_and_holds_the_numbers(written):
    _, files = written
    page = files.html.read_text()
    uris = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(uris) == 2 and base64.b64decode(uris[0]).startswith(PNG_MAGIC)
    assert 'src="pareto.png"' not in page and "<details>" in page
    assert "IE(N=2,K=1)" in page and "-0.500" in page  # honest interaction effect
    assert page.count("[honest]") >= 5 and page.count("[oracle]") >= 5


def test_markdown_has_github_tables_with_the_numbers(written):
    report, files = written
    text = files.markdown.read_text()
    assert text == render_markdown(report)
    assert "| N=1 | 0.250 (" in text and "| N=2 |" in text  # grid rows
    assert "| 6.35 s | N=1 K=1 | 0.750 (" in text  # budget answer
    assert "![" in text and "(pareto.png)" in text and "(grid.png)" in text
    assert "hindsight bound (not deployable)" in text and "one-by-one sampling" in text


def test_every_table_and_figure_names_its_selection_mode(written):
    report, _ = written
    for section in sections(report)[2:-1]:  # the per-mode sections and per-task outcomes
        for table in section.tables:
            assert ("[honest]" in table.caption) != ("[oracle]" in table.caption), table.caption
    captions = [figure.caption for figure in sections(report)[1].figures]
    assert all("honest" in caption and "oracle" in caption for caption in captions)
