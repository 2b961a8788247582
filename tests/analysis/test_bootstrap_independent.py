"""Intervals of a mean and of a difference of two independent task samples (analysis.bootstrap)."""

from __future__ import annotations

import numpy as np

from codebudget.analysis.bootstrap import difference_interval, mean_interval


def test_the_interval_holds_the_mean_and_narrows_with_more_tasks() -> None:
    few, many = np.array([0, 1] * 10, float), np.array([0, 1] * 500, float)
    value, low, high = mean_interval(few, np.random.default_rng(0))
    assert value == 0.5 and low < 0.5 < high
    _, low_many, high_many = mean_interval(many, np.random.default_rng(0))
    assert high_many - low_many < (high - low) / 4


def test_a_difference_of_independent_samples_is_centred_on_the_difference_of_means() -> None:
    a, b = np.ones(100), np.array([0, 1] * 50, float)
    value, low, high = difference_interval(a, b, np.random.default_rng(1))
    assert value == 0.5 and low < 0.5 < high and low > 0.3
    assert difference_interval(b, b, np.random.default_rng(1))[0] == 0.0
