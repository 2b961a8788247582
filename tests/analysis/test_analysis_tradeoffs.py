"""Pareto front, step efficiency (paper section III-C) and the best configuration within a budget."""

from __future__ import annotations

import pytest
from analysis_factories import HONEST, ORACLE, outcomes, table
from analysis_paper_tables import paper_table
from hypothesis import given, settings
from hypothesis import strategies as st

from codebudget.analysis import (
    Config,
    CostKind,
    OutcomeTable,
    PairedBootstrap,
    Point,
    baseline_steps,
    best_under_budget,
    dominates,
    front_steps,
    pareto_front,
    points,
    step,
)


@pytest.fixture(scope="module")
def paper():
    return paper_table()


@pytest.fixture(scope="module")
def boot(paper):
    return PairedBootstrap.for_table(paper, n_resamples=300, seed=0)


def test_paper_front_by_time(paper):
    # By time: 16.4 (.622) < 18.3 (.628) < 19.6 (.750) < 20.4 (.756) < 29.9 (.829) < 60.3 (.872)
    # all improve on everything cheaper. Off the front: N1K1 (24.8 s, .659 < .756 at 20.4 s),
    # N1K2 (35.7 s, .671), N2K1 (44.3 s, .738) and N3K1 (56.4 s, .793), all below N5K0's .829 at 29.9 s.
    front = pareto_front(points(paper))
    assert [p.name for p in front] == ["N1K0@0.0", "N1K0@0.8", "N3K0", "N2K0", "N5K0", "N5K1"]
    assert all(p.selection is HONEST for p in front)


def test_front_by_calls_uses_that_column():
    # a: 0.5 at 1 s and 3 calls per task; b: 0.75 at 9 s and 1 call per task.
    # By calls b dominates a (better and cheaper); by time both are on the front.
    a = outcomes(Config("a", HONEST), [1.0, 0.0, 1.0, 0.0], wall_s=1.0, calls=3.0)
    b = outcomes(Config("b", HONEST), [1.0, 1.0, 1.0, 0.0], wall_s=9.0, calls=1.0)
    two = OutcomeTable((a, b))
    assert [p.name for p in pareto_front(points(two, CostKind.CALLS))] == ["b"]
    assert [p.name for p in pareto_front(points(two, CostKind.WALL_S))] == ["a", "b"]


def test_duplicates_both_stay_and_modes_cannot_mix():
    one = Point("x", HONEST, 0.5, 1.0, CostKind.WALL_S)
    twin = Point("y", HONEST, 0.5, 1.0, CostKind.WALL_S)
    assert pareto_front([twin, one]) == (one, twin)
    with pytest.raises(ValueError, match="mix honest and oracle"):
        pareto_front([one, Point("z", ORACLE, 0.9, 1.0, CostKind.WALL_S)])


def test_efficiency_against_the_baseline_reproduces_section_iii_c(paper, boot):
    # Paper: N=2 gives +13 pp for 4 extra seconds (0.3 s per pp); K=1 gives +3.7 pp for
    # 8 extra seconds (2.3 s per pp). Here: (124 - 102)/164 = 13.41 pp over 20.4 - 16.4 = 4.0 s
    # -> 0.298 s/pp, 3.35 pp/s; (108 - 102)/164 = 3.66 pp over 8.4 s -> 2.296 s/pp.
    steps = {s.end: s for s in baseline_steps(paper, "N1K0@0.0", boot, names=["N2K0", "N1K1@0.0"])}
    assert steps["N2K0"].gain_pp == pytest.approx(2200 / 164)
    assert steps["N2K0"].extra_cost == pytest.approx(4.0)
    assert steps["N2K0"].units_per_pp == pytest.approx(4.0 / (2200 / 164))
    assert steps["N2K0"].pp_per_unit == pytest.approx((2200 / 164) / 4.0)
    assert steps["N1K1@0.0"].units_per_pp == pytest.approx(8.4 / (600 / 164))
    assert steps["N2K0"].gain.selection is HONEST and steps["N2K0"].gain.low > 0


def test_front_steps_follow_the_front(paper, boot):
    steps = front_steps(paper, boot)
    assert [(s.start, s.end) for s in steps][:2] == [("N1K0@0.0", "N1K0@0.8"), ("N1K0@0.8", "N3K0")]
    assert all(s.extra_cost > 0 and s.gain_pp > 0 for s in steps)


def test_ratios_are_none_without_cost_or_gain(paper, boot):
    # N3K0 -> N2K0: +1/164 pass@1 for +0.8 s; the reverse step loses quality and saves time.
    back = step(paper, "N2K0", "N3K0", boot)
    assert back.pp_per_unit is None and back.units_per_pp is None
    assert back.extra_cost == pytest.approx(-0.8)


@pytest.mark.parametrize(
    "budget, best, runner_up",
    [
        # 20 s: N2K0 (20.4 s) does not fit; N3K0 (0.750 at 19.6 s) is best, then N1K0@0.8 (.628).
        (20.0, "N3K0", "N1K0@0.8"),
        (20.4, "N2K0", "N3K0"),
        (30.0, "N5K0", "N2K0"),
        # 60 s: N5K1 (60.3 s) does not fit, and N3K1 (.793) is below N5K0 (.829).
        (60.0, "N5K0", "N3K1"),
        (61.0, "N5K1", "N5K0"),
    ],
)
def test_best_under_budget_on_the_paper_tables(paper, boot, budget, best, runner_up):
    choice = best_under_budget(paper, budget, boot)
    assert (choice.best.name, choice.runner_up.name) == (best, runner_up)
    assert choice.best.quality.selection is HONEST
    assert choice.margin.value == pytest.approx(choice.best.quality.value - choice.runner_up.quality.value)
    assert choice.best.quality.contains(choice.best.quality.value)


def test_nothing_fits_is_a_clear_answer(paper, boot):
    choice = best_under_budget(paper, 10.0, boot)
    assert not choice.fits and choice.best is None and choice.margin is None
    assert (choice.cheapest, choice.cheapest_cost) == ("N1K0@0.0", pytest.approx(16.4))
    assert "nothing fits" in choice.message() and "N1K0@0.0" in choice.message()


def test_ties_in_quality_go_to_the_cheaper():
    tied = table({"slow": ([1.0, 0.0], 5.0), "fast": ([0.0, 1.0], 2.0)})
    choice = best_under_budget(tied, 10.0, PairedBootstrap.for_table(tied, n_resamples=20))
    assert (choice.best.name, choice.runner_up.name) == ("fast", "slow")


point_lists = st.lists(
    st.builds(
        lambda i, q, c: Point(f"p{i}", HONEST, q, c, CostKind.WALL_S),
        st.integers(0, 10**6),
        st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]),
        st.sampled_from([1.0, 2.0, 3.0, 4.0]),
    ),
    max_size=12,
    unique_by=lambda p: p.name,
)


@settings(max_examples=150, deadline=None)
@given(point_lists)
def test_front_members_are_non_dominated_and_the_rest_dominated(candidates):
    front = pareto_front(candidates)
    assert all(not dominates(other, p) for p in front for other in candidates)
    outside = [p for p in candidates if p not in front]
    assert all(any(dominates(f, p) for f in front) for p in outside)
    assert [p.cost for p in front] == sorted(p.cost for p in front)
