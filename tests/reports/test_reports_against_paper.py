"""A paper's published figures beside the hand-made pool's (see ``test_reports_summary`` for ours).

Ours at T=0.8: honest N=1 K=0 0.25, N=1 K=1 0.75, N=2 K=0 0.5, N=2 K=1 0.5; oracle the same except
N=2 K=1 1.0. IE(2,1): honest 0.5 - 0.5 - 0.75 + 0.25 = -0.5, oracle 1.0 - 0.5 - 0.75 + 0.25 = 0.0.
"""

from __future__ import annotations

import dataclasses

import pytest
from report_builders import POOL
from typer.testing import CliRunner

from codebudget.analysis import SelectionMode
from codebudget.cli.app import app
from codebudget.reports import report_from_store
from codebudget.reports.paper import SEED_000, Paper, PaperBudget, PaperCell, PaperEffect
from codebudget.reports.render import render_markdown
from codebudget.reports.sections.against_paper import budgets_table, cells_table, effects_table, summary_line

HONEST, ORACLE = SelectionMode.HONEST, SelectionMode.ORACLE

PAPER = Paper(
    name="test-paper",
    citation="a paper made for this test",
    setting="somewhere else",
    cells=(
        PaperCell("A", 1, 1, 0.8, (0.74,), (6.0,)),
        PaperCell("A", 2, 1, 0.8, (0.70, 0.72), (9.0, 9.5)),
        PaperCell("A", 2, 0, 0.8, (0.45, 0.55), (6.0,)),
        PaperCell("B", 1, 0, 0.0, (0.30,), (4.0,)),
    ),
    effects=(PaperEffect(2, 1, 0.0), PaperEffect(3, 1, 0.1)),
    budgets=(PaperBudget(6.35, 1, 1, 0.74), PaperBudget(10, 2, 1, 0.72)),
    notes=("a note of the paper",),
)


@pytest.fixture()
def report(store):
    built = report_from_store(store, [POOL], budgets=(5.0, 6.35), n_resamples=300)
    return dataclasses.replace(built, reference=PAPER)


def _gaps(report, mode):
    return [(row[1], row[4]) for row in cells_table(PAPER, report.mode(mode)).rows]


def test_each_cell_is_measured_to_the_nearest_reported_run_and_flagged_beyond_3_pp(report):
    assert _gaps(report, HONEST) == [
        ("N=1 K=1 T=0.8", "+1.0 pp"),
        ("N=2 K=1 T=0.8", "-20.0 pp (beyond 3 pp)"),
        ("N=2 K=0 T=0.8", "within the paper's runs"),
        ("N=1 K=0 T=0", "–"),
    ]
    assert cells_table(PAPER, report.mode(HONEST)).rows[3][3] == "not measured"
    assert _gaps(report, ORACLE)[1] == ("N=2 K=1 T=0.8", "+28.0 pp (beyond 3 pp)")


def test_the_summary_counts_measured_cells_and_names_the_far_ones(report):
    assert summary_line(PAPER, report.mode(HONEST)) == (
        "Honest (public-test selection): 3 of 4 paper cells measured; 1 differ by more than 3 pp: "
        "N=2 K=1 T=0.8 (-20.0 pp).")


def test_effects_and_budgets_sit_beside_ours_in_both_modes(report):
    effects = effects_table(PAPER, report).rows
    assert effects[0][:2] == ("IE(N=2,K=1)", "+0.000") and effects[0][2].startswith("-0.500")
    assert effects[0][3].startswith("+0.000") and effects[1][2:] == ("not measured", "not measured")
    budgets = budgets_table(PAPER, report).rows
    assert budgets[0][:2] == ("6.35 s", "N=1 K=1: 0.740") and budgets[0][2].startswith("N=1 K=1: 0.750")
    assert budgets[1][2] == "not asked (add it to --budgets)"


def test_the_section_is_rendered_only_when_a_paper_is_given(report):
    page = render_markdown(report)
    assert "## Against test-paper" in page and "a note of the paper" in page
    assert "Against" not in render_markdown(dataclasses.replace(report, reference=None))


def test_the_seed_paper_reproduces_its_own_interaction_effect():
    cells = {(c.n, c.k, c.temperature): c.pass_at_1[0] for c in SEED_000.cells}
    for effect in SEED_000.effects:
        value = cells[(effect.n, 1, 0.8)] - cells[(effect.n, 0, 0.8)] - cells[(1, 1, 0.0)] + cells[(1, 0, 0.0)]
        assert value == pytest.approx(effect.value, abs=5e-4)


def test_report_against_the_seed_paper_from_the_command_line(db, tmp_path):
    out = tmp_path / "report"
    done = CliRunner().invoke(app, ["report", POOL, "--db", str(db), "--out", str(out), "--against", "seed-000"])
    assert done.exit_code == 0, done.output
    assert "Honest (public-test selection): 3 of 10 paper cells measured" in done.output
    page = (out / "report.md").read_text()
    assert "## Against seed-000" in page and "| II | N=1 K=2 T=0 | 0.671 | not measured |" in page
