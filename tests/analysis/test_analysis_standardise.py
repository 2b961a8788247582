"""Direct standardisation of a pass rate to another family's mix of difficulty."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codebudget.analysis.standardise import standardise, strata_edges


def test_difficulty_alone_explains_the_gap():
    # both families pass 0.8 of easy and 0.2 of hard tasks; the target is mostly hard
    reference = [1] * 40 + [0] * 10 + [1] * 10 + [0] * 40   # 50 easy, 50 hard
    reference_measure = [1] * 50 + [9] * 50
    target = [1] * 8 + [0] * 2 + [1] * 18 + [0] * 72       # 10 easy, 90 hard
    target_measure = [1] * 10 + [9] * 90
    found = standardise(target, target_measure, reference, reference_measure, np.array([-np.inf, 5, np.inf]),
                        np.random.default_rng(0), resamples=2000)
    assert found.reference_crude[0] == pytest.approx(0.5)
    assert found.reference_standardised[0] == pytest.approx(0.1 * 0.8 + 0.9 * 0.2)
    assert found.target[0] == pytest.approx(0.26)
    assert found.difference[0] == pytest.approx(0.0, abs=1e-12)
    assert found.difference[1] < 0 < found.difference[2]
    assert [(s.target_tasks, s.reference_tasks) for s in found.strata] == [(10, 50), (90, 50)]
    assert found.strata[0].low is None and found.strata[-1].high is None


def test_a_gap_difficulty_does_not_explain_stays():
    reference = [1] * 50 + [1] * 25 + [0] * 25
    reference_measure = [1] * 50 + [9] * 50
    target = [0] * 100
    target_measure = [1] * 50 + [9] * 50
    found = standardise(target, target_measure, reference, reference_measure, np.array([-np.inf, 5, np.inf]),
                        np.random.default_rng(1), resamples=2000)
    assert found.difference[0] == pytest.approx(-0.75)
    assert found.difference[2] < -0.6


def test_a_target_stratum_without_reference_tasks_is_refused():
    with pytest.raises(ValueError, match="merge strata"):
        standardise([1, 0], [1, 9], [1, 1], [1, 1], np.array([-np.inf, 5, np.inf]), np.random.default_rng(0))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 200), min_size=1, max_size=80), st.integers(1, 8), st.integers(1, 20))
def test_edges_cover_every_value_and_strata_are_big_enough(values, count, minimum):
    measure = np.array(values, float)
    edges = strata_edges(measure, count, minimum)
    assert edges[0] == -np.inf and edges[-1] == np.inf
    assert np.all(np.diff(edges) > 0)
    sizes = np.histogram(measure, bins=edges)[0]
    assert sizes.sum() == measure.size
    assert len(sizes) <= count
    assert len(sizes) == 1 or sizes.min() >= minimum
