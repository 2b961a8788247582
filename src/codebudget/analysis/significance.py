"""Exact paired tests, self-contained (no scipy).

* :func:`sign_test` — exact two-sided binomial test on the signs of the paired
  differences; for 0/1 outcomes this is McNemar's exact test on the discordant
  pairs (:func:`mcnemar_exact`).
* :func:`wilcoxon_signed_rank` — exact two-sided Wilcoxon signed-rank test for
  fractional outcomes. Zero differences are dropped; tied magnitudes get
  midranks and the null distribution is computed exactly for those midranks
  (conditional on the tie pattern) by dynamic programming over doubled ranks.
* :func:`permutation_test` — paired sign-flip permutation test of the mean
  difference: exact enumeration up to ``exact_max`` non-zero pairs, otherwise a
  seeded Monte Carlo with the (count + 1) / (draws + 1) p-value.
* :func:`paired_test` picks McNemar for 0/1 data and Wilcoxon otherwise.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

ZERO_TOLERANCE = 1e-12
DECIMALS = 12  # magnitudes are rounded to this many decimals before ranking


@dataclasses.dataclass(frozen=True)
class TestResult:
    """The outcome of one paired test."""

    __test__ = False  # not a pytest class

    name: str
    statistic: float
    p_value: float
    n_effective: int  # pairs that carried information (non-zero differences)
    exact: bool


def _differences(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError("paired samples must be 1-d and of equal length")
    d = a - b
    return np.asarray(d[np.abs(d) > ZERO_TOLERANCE])


def binomial_two_sided(k: int, n: int) -> float:
    """Exact two-sided p-value of ``k`` successes in ``n`` fair coin flips."""
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, i) for i in range(min(k, n - k) + 1))
    return float(min(1.0, 2 * tail / 2**n))


def sign_test(a: np.ndarray, b: np.ndarray) -> TestResult:
    """Exact sign test of ``a − b`` (statistic: number of positive differences)."""
    d = _differences(a, b)
    positive = int(np.sum(d > 0))
    return TestResult("sign", float(positive), binomial_two_sided(positive, d.size), d.size, True)


def mcnemar_exact(a: np.ndarray, b: np.ndarray) -> TestResult:
    """McNemar's exact test for paired 0/1 outcomes (a sign test on discordant pairs)."""
    result = sign_test(a, b)
    return dataclasses.replace(result, name="mcnemar-exact")


def _midranks(magnitudes: np.ndarray) -> np.ndarray:
    rounded = np.round(magnitudes, DECIMALS)
    order = np.argsort(rounded, kind="stable")
    ranks = np.empty(rounded.size)
    ranks[order] = np.arange(1, rounded.size + 1)
    for value in np.unique(rounded):
        tied = rounded == value
        ranks[tied] = ranks[tied].mean()
    return ranks


def _signed_rank_null(doubled: np.ndarray) -> np.ndarray:
    """P(W2 = s) for s = 0..sum(doubled), W2 the doubled positive-rank sum under H0."""
    distribution = np.zeros(int(doubled.sum()) + 1)
    distribution[0] = 1.0
    reach = 0
    for rank in doubled:
        reach += rank
        shifted = np.zeros_like(distribution)
        shifted[rank : reach + 1] = distribution[: reach + 1 - rank]
        distribution = 0.5 * (distribution + shifted)
    return distribution


def wilcoxon_signed_rank(a: np.ndarray, b: np.ndarray) -> TestResult:
    """Exact two-sided Wilcoxon signed-rank test of ``a − b`` (statistic: W+)."""
    d = _differences(a, b)
    if d.size == 0:
        return TestResult("wilcoxon-exact", 0.0, 1.0, 0, True)
    doubled = np.rint(2 * _midranks(np.abs(d))).astype(np.int64)
    observed = int(doubled[d > 0].sum())
    null = _signed_rank_null(doubled)
    centre = doubled.sum() / 2
    support = np.arange(null.size)
    extreme = np.abs(support - centre) >= abs(observed - centre) - 1e-9
    p_value = min(1.0, float(null[extreme].sum()))
    return TestResult("wilcoxon-exact", observed / 2, p_value, d.size, True)


def _sign_matrix(n: int, exact: bool, draws: int, seed: int) -> np.ndarray:
    if exact:
        codes = np.arange(2**n)[:, None] >> np.arange(n)[None, :]
        return 1 - 2 * (codes & 1)
    rng = np.random.default_rng(seed)
    return rng.choice(np.array([-1, 1]), size=(draws, n))


def permutation_test(
    a: np.ndarray, b: np.ndarray, draws: int = 10_000, seed: int = 0, exact_max: int = 16
) -> TestResult:
    """Paired sign-flip permutation test of the mean difference (two-sided)."""
    d = _differences(a, b)
    if d.size == 0:
        return TestResult("permutation", 0.0, 1.0, 0, True)
    exact = d.size <= exact_max
    flips = _sign_matrix(d.size, exact, draws, seed)
    null = np.abs(flips @ d)
    observed = abs(float(d.sum()))
    hits = int(np.sum(null >= observed - 1e-9))
    p_value = hits / null.size if exact else (hits + 1) / (null.size + 1)
    return TestResult("permutation", float(d.mean()), p_value, d.size, exact)


def is_binary(values: np.ndarray) -> bool:
    """True when every value is 0 or 1."""
    values = np.asarray(values)
    return bool(np.all((values == 0) | (values == 1)))


def paired_test(a: np.ndarray, b: np.ndarray) -> TestResult:
    """McNemar's exact test for 0/1 outcomes, the exact Wilcoxon test otherwise."""
    binary = is_binary(a) and is_binary(b)
    return mcnemar_exact(a, b) if binary else wilcoxon_signed_rank(a, b)
