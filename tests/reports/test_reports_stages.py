"""The report's stages section: pools that differ only in their prompt stages, against the pool without.

Hand computation (the baseline is report_builders.SPEC; its grid is in test_reports_outcomes.py):

PLAN_SPEC, honest pass@1 per (N, K), mean of the two tasks:
  N=1 K=0: (1 + 1/2)/2 = 0.75    N=2 K=0: (1 + 1)/2 = 1.0
  N=1 K=1: (1 + 1)/2   = 1.0     N=2 K=1: (1 + 1)/2 = 1.0
so plan − none = +0.5, +0.25 (N=1 K=1), +0.5, +0.5 and, with the baseline's 0.25/0.75/0.5/0.5,
IE(plan, N=2) = 1.0 − 0.75 − 0.5 + 0.25 = 0 at K=0 and 1.0 − 1.0 − 0.5 + 0.75 = +0.25 at K=1.
"""

from __future__ import annotations

import pytest
from report_builders import POOL, SPEC, write_run

from codebudget.analysis import SelectionMode
from codebudget.reports import build_report, collect
from codebudget.reports.gather.arms import stage_arms
from codebudget.reports.gather.runs import open_sources
from codebudget.reports.sections import sections
from codebudget.store import Store

PLAN, RETRIEVAL, HOTTER = "pool-plan-2222", "pool-retr-3333", "pool-hot-4444"
# Task 0: both candidates pass everything. Task 1: candidate 0 fails, its repair passes; candidate 1 passes.
PLAN_SPEC = {"HumanEval/0": [[(True, True)], [(True, True)]],
             "HumanEval/1": [[(False, False), (True, True)], [(True, True)]]}
EXPECTED_HONEST = {(1, 0): (0.5, None), (2, 0): (0.5, 0.0), (1, 1): (0.25, None), (2, 1): (0.5, 0.25)}


@pytest.fixture
def arms_store(tmp_path):
    with Store.open(tmp_path / "arms.db") as store:
        write_run(store, POOL, SPEC, label="pool", n=2, k=1, stages=[])
        write_run(store, PLAN, PLAN_SPEC, label="pool", n=2, k=1, stages=["plan"], workers=2)
        write_run(store, HOTTER, PLAN_SPEC, label="pool", n=2, k=1, stages=["retrieval"], temperature=1.2)
        yield store


def test_each_stage_is_measured_against_the_pool_without_at_every_cell(arms_store):
    report = build_report(collect(arms_store, [POOL, PLAN, HOTTER]), (), (20.0,), n_resamples=200)
    honest = report.mode(SelectionMode.HONEST)
    found = {(cell.n, cell.k): (cell.effect.value, cell.interaction.value if cell.interaction else None)
             for cell in honest.stage_effects}
    assert {cell.arm for cell in honest.stage_effects} == {"plan"}  # the hotter pool differs in more than stages
    assert found == {cell: (pytest.approx(effect), None if ie is None else pytest.approx(ie, abs=1e-12))
                     for cell, (effect, ie) in EXPECTED_HONEST.items()}
    for cell in honest.stage_effects:
        with_stage, without = honest.figures(cell.name), honest.figures(cell.baseline)
        assert cell.effect.value == pytest.approx(with_stage.pass_at_1.value - without.pass_at_1.value)
        assert cell.effect.low <= cell.effect.value <= cell.effect.high
    shown = [part for part in sections(report) if part.title.startswith("Prompt stages")]
    assert [part.title for part in shown] == ["Prompt stages, honest (public-test selection)",
                                              "Prompt stages, oracle (any candidate passes hidden tests)"]
    rows = {(row[0], row[1], row[2]): row for row in shown[0].tables[0].rows}
    assert rows[("plan", "2", "1")][5].startswith("+0.500") and rows[("plan", "2", "1")][6].startswith("+0.250")
    assert rows[("plan", "1", "0")][6] == "–"


def test_no_section_without_exactly_one_baseline_and_an_arm(arms_store, tmp_path):
    assert stage_arms(open_sources(arms_store, [POOL])) is None  # the baseline alone
    assert stage_arms(open_sources(arms_store, [PLAN, HOTTER])) is None  # no pool without stages
    assert stage_arms(open_sources(arms_store, [POOL, HOTTER])) is None  # the only other pool differs elsewhere
    found = stage_arms(open_sources(arms_store, [POOL, PLAN]))
    assert found is not None and found.runs() == {"none": POOL, "plan": PLAN}
    report = build_report(collect(arms_store, [POOL, HOTTER]), (), (20.0,), n_resamples=50)
    assert not any(part.title.startswith("Prompt stages") for part in sections(report))
    with Store.open(tmp_path / "two.db") as store:  # two pools without stages: which is the baseline is unclear
        write_run(store, POOL, SPEC, label="pool", n=2, k=1, stages=[])
        write_run(store, RETRIEVAL, PLAN_SPEC, label="pool", n=2, k=1, stages=[], seed=1)
        assert stage_arms(open_sources(store, [POOL, RETRIEVAL])) is None
