"""Exact paired tests against hand-computed p-values (and scipy where installed)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codebudget.analysis import mcnemar_exact, paired_test, permutation_test, sign_test, wilcoxon_signed_rank
from codebudget.analysis.significance import binomial_two_sided


def test_sign_test_five_positive_of_five():
    # P(all 5 positive) = 1/32; two-sided doubles it: 2/32 = 0.0625.
    result = sign_test(np.array([1, 2, 3, 4, 5.0]), np.zeros(5))
    assert (result.statistic, result.p_value, result.n_effective) == (5, 0.0625, 5)


def test_mcnemar_counts_only_discordant_pairs():
    # 3 concordant pairs (1,1), 2 pairs (1,0), 8 pairs (0,1): n = 10 discordant, k = 2.
    # P(X <= 2) = (1 + 10 + 45) / 1024 = 56/1024; two-sided: 112/1024 = 0.109375.
    a = np.array([1] * 3 + [1] * 2 + [0] * 8, dtype=float)
    b = np.array([1] * 3 + [0] * 2 + [1] * 8, dtype=float)
    result = mcnemar_exact(a, b)
    assert (result.name, result.n_effective, result.statistic) == ("mcnemar-exact", 10, 2)
    assert result.p_value == pytest.approx(0.109375)


def test_binomial_two_sided_is_capped_at_one():
    # k = n/2: both tails hold more than half the mass.
    assert binomial_two_sided(2, 4) == 1.0
    assert binomial_two_sided(0, 0) == 1.0


def test_wilcoxon_hand_example_without_ties():
    # d = (1, 2, 3, -4): ranks 1..4, W+ = 1 + 2 + 3 = 6, centre 10/2 = 5.
    # |W - 5| >= 1 except when W = 5; subsets of {1,2,3,4} summing to 5 are
    # {1,4} and {2,3}: P(W = 5) = 2/16, so p = 14/16 = 0.875.
    result = wilcoxon_signed_rank(np.array([1, 2, 3, -4.0]), np.zeros(4))
    assert result.statistic == 6
    assert result.p_value == pytest.approx(0.875)


def test_wilcoxon_hand_example_with_ties_and_zeros():
    # d = (0.5, 0.5, 1, 0): the zero is dropped; midranks 1.5, 1.5, 3, doubled 3, 3, 6.
    # Doubled W+ = 12 (all positive); null sums over sign patterns: 0,3,3,6,6,9,9,12;
    # centre 6, |12 - 6| = 6 is reached only by 0 and 12: p = 2/8 = 0.25.
    result = wilcoxon_signed_rank(np.array([0.5, 0.5, 1.0, 0.2]), np.array([0.0, 0.0, 0.0, 0.2]))
    assert (result.statistic, result.n_effective) == (6.0, 3)
    assert result.p_value == pytest.approx(0.25)


def test_identical_samples_give_p_one():
    same = np.array([0.2, 0.4])
    for test in (sign_test, wilcoxon_signed_rank, permutation_test):
        assert test(same, same).p_value == 1.0


def test_permutation_exact_hand_example():
    # d = (1, 2, 3, -4): observed |sum| = 2. Flipping a subset with sum s gives
    # 10 - 2s, and |10 - 2s| >= 2 unless s = 5 ({1,4}, {2,3}): p = 14/16.
    result = permutation_test(np.array([1, 2, 3, -4.0]), np.zeros(4))
    assert result.exact and result.p_value == pytest.approx(0.875)


def test_permutation_monte_carlo_agrees_with_exact_enumeration():
    d = np.random.default_rng(0).normal(0.3, 1.0, 17)
    exact = permutation_test(d, np.zeros(17), exact_max=17)
    sampled = permutation_test(d, np.zeros(17), draws=20_000, seed=1, exact_max=16)
    assert exact.exact and not sampled.exact
    assert sampled.p_value == pytest.approx(exact.p_value, abs=0.015)


def test_paired_test_picks_mcnemar_for_binary_and_wilcoxon_otherwise():
    assert paired_test(np.array([1.0, 0.0]), np.array([0.0, 0.0])).name == "mcnemar-exact"
    assert paired_test(np.array([0.5, 0.0]), np.array([0.0, 0.0])).name == "wilcoxon-exact"


def test_unequal_lengths_are_refused():
    with pytest.raises(ValueError):
        sign_test(np.zeros(2), np.zeros(3))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(-30, 30).filter(lambda x: x != 0), min_size=1, max_size=20, unique_by=abs))
def test_wilcoxon_matches_scipy_exact_without_ties(ints):
    stats = pytest.importorskip("scipy.stats")
    d = np.array(ints, dtype=float)
    ours = wilcoxon_signed_rank(d, np.zeros(d.size))
    theirs = stats.wilcoxon(d, method="exact", alternative="two-sided")
    assert ours.p_value == pytest.approx(theirs.pvalue, rel=1e-9)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([-1.0, 0.0, 1.0]), min_size=1, max_size=40))
def test_sign_test_matches_scipy_binomtest(diffs):
    stats = pytest.importorskip("scipy.stats")
    d = np.array(diffs)
    ours = sign_test(d, np.zeros(d.size))
    n = int(np.sum(d != 0))
    expected = stats.binomtest(int(np.sum(d > 0)), n).pvalue if n else 1.0
    assert ours.p_value == pytest.approx(expected, rel=1e-9)
