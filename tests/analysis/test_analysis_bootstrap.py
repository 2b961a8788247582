"""The paired bootstrap: resampling, intervals, pairing."""

from __future__ import annotations

import numpy as np
import pytest
from analysis_factories import HONEST
from hypothesis import given, settings
from hypothesis import strategies as st

from codebudget.analysis import PairedBootstrap
from codebudget.analysis.bootstrap import _acceleration, _bca_quantile

TASKS = tuple(f"t{i}" for i in range(2))


def test_resample_weights_are_multinomial_frequencies():
    boot = PairedBootstrap.draw(tuple("abcde"), n_resamples=50, seed=3)
    assert boot.weights.shape == (50, 5)
    np.testing.assert_allclose(boot.weights.sum(axis=1), 1.0)
    # each weight is a count out of 5 tasks
    np.testing.assert_allclose(boot.weights * 5, np.round(boot.weights * 5))


def test_two_task_distribution_matches_hand_computation():
    # Values (0, 1): a resample holds task 1 zero, one or two times with
    # probabilities 1/4, 1/2, 1/4, so the resampled mean is 0, 0.5, 1 with those
    # probabilities. The 2.5% quantile is 0 and the 97.5% quantile is 1.
    boot = PairedBootstrap.draw(TASKS, n_resamples=4000, seed=1)
    means = boot.means(np.array([0.0, 1.0]))
    shares = [np.mean(means == v) for v in (0.0, 0.5, 1.0)]
    np.testing.assert_allclose(shares, [0.25, 0.5, 0.25], atol=0.03)
    value, low, high = boot.interval(np.array([0.0, 1.0]))
    assert (value, low, high) == (0.5, 0.0, 1.0)


def test_same_seed_same_interval_other_seed_other_resamples():
    values = np.linspace(0, 1, 30)
    tasks = tuple(str(i) for i in range(30))
    first = PairedBootstrap.draw(tasks, 200, seed=5).interval(values)
    again = PairedBootstrap.draw(tasks, 200, seed=5).interval(values)
    other = PairedBootstrap.draw(tasks, 200, seed=6)
    assert first == again
    assert not np.array_equal(other.weights, PairedBootstrap.draw(tasks, 200, seed=5).weights)


def test_matrix_means_are_the_columnwise_vector_means():
    boot = PairedBootstrap.draw(tuple("abcd"), 20, seed=0)
    matrix = np.array([[1.0, 0.0, 1.0, 0.0], [0.0, 0.0, 1.0, 1.0]])
    both = boot.means(matrix)
    np.testing.assert_allclose(both[:, 1], boot.means(matrix[1]))


def test_constant_values_give_a_degenerate_interval():
    boot = PairedBootstrap.draw(tuple("abc"), 100, seed=0, method="bca")
    assert boot.interval(np.full(3, 0.7)) == pytest.approx((0.7, 0.7, 0.7))


def test_acceleration_of_hand_example():
    # Jackknife means of (0, 0, 1): 1/2, 1/2, 0; their mean 1/3; deviations
    # (mean - jack) = -1/6, -1/6, 1/3. Sum of cubes 1/36, sum of squares 1/6,
    # a = (1/36) / (6 * (1/6)^1.5) = 0.0680414.
    assert _acceleration(np.array([0.0, 0.0, 1.0])) == pytest.approx(0.0680414, rel=1e-5)


def test_bca_of_symmetric_data_is_close_to_percentile():
    values = np.tile([0.0, 1.0], 40)
    tasks = tuple(str(i) for i in range(values.size))
    pct = PairedBootstrap.draw(tasks, 2000, seed=2).interval(values)
    bca = PairedBootstrap.draw(tasks, 2000, seed=2, method="bca").interval(values)
    np.testing.assert_allclose(pct, bca, atol=0.02)


def test_bad_options_are_refused():
    with pytest.raises(ValueError, match="unknown interval method"):
        PairedBootstrap.draw(TASKS, 10, method="normal")
    with pytest.raises(ValueError):
        PairedBootstrap.draw((), 10)
    with pytest.raises(ValueError, match="different task set"):
        PairedBootstrap.draw(TASKS, 10).check(("x",))


def test_estimate_carries_its_selection_and_sizes():
    boot = PairedBootstrap.draw(TASKS, 30, seed=0)
    estimate = boot.estimate(np.array([1.0, 1.0]), "x", HONEST)
    assert (estimate.selection, estimate.n_tasks, estimate.n_resamples, estimate.value) == (HONEST, 2, 30, 1.0)
    assert "honest" in str(estimate)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(0, 1), min_size=1, max_size=25),
    st.sampled_from(["percentile", "bca"]),
    st.integers(0, 2**16),
)
def test_interval_contains_the_point_estimate(values, method, seed):
    values = np.array(values)
    tasks = tuple(str(i) for i in range(values.size))
    value, low, high = PairedBootstrap.draw(tasks, 300, seed=seed, method=method).interval(values)
    assert low - 1e-12 <= value <= high + 1e-12


def test_bca_quantile_hand_values_and_pole():
    # Without bias or acceleration the quantile is unchanged: Phi(0 + z) at z = 1.96 is 0.975.
    assert _bca_quantile(0.0, 0.0, 1.959964) == pytest.approx(0.975, abs=1e-6)
    # z0 = 0.5, a = 0.1, z = 1: shifted 1.5, 1.5 / (1 - 0.15) = 1.764706, Phi(2.264706) = 0.988235.
    assert _bca_quantile(0.5, 0.1, 1.0) == pytest.approx(0.988235, abs=1e-5)
    # Past the pole (a * shifted >= 1) the limit is taken: 1 above, 0 below.
    assert (_bca_quantile(4.0, 0.2, 2.0), _bca_quantile(-4.0, -0.2, -2.0)) == (1.0, 0.0)
