"""Direct standardisation: one family's pass rate re-weighted to another family's mix of difficulty.

Two task families differ in more than whether a model has seen them: a family of longer
tasks is harder whatever the model saw. To separate the two, tasks of both families are
put in strata of one difficulty measure (for example the size of the reference solution);
the reference family's pass rate within each stratum is weighted by the share of the
target family's tasks in that stratum. The result is what the reference family would
score with the target's mix of difficulty, and the target's own rate minus it is the gap
that difficulty (as measured) does not explain.

Intervals come from a stratified bootstrap: each family's tasks are resampled within
their strata, independently of the other family, so every stratum keeps its size.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np


@dataclasses.dataclass(frozen=True)
class Stratum:
    """One stratum: its bounds on the difficulty measure (None: unbounded) and each family's tasks in it.

    Per family: how many tasks, their pass rate and the median of the measure (None without tasks).
    """

    low: float | None
    high: float | None
    target_tasks: int
    target_rate: float | None
    target_median: float | None
    reference_tasks: int
    reference_rate: float | None
    reference_median: float | None


@dataclasses.dataclass(frozen=True)
class Standardised:
    """The target's rate, the reference's rate at the target's mix, their difference; (value, low, high) each."""

    strata: tuple[Stratum, ...]
    target: tuple[float, float, float]
    reference_crude: tuple[float, float, float]
    reference_standardised: tuple[float, float, float]
    difference: tuple[float, float, float]


def strata_edges(measure: np.ndarray, count: int, minimum: int) -> np.ndarray:
    """Edges of up to ``count`` strata at quantiles of ``measure``, merged until each holds ``minimum`` values.

    The first edge is -inf and the last +inf, so every value falls in a stratum.
    """
    if count < 1 or minimum < 1:
        raise ValueError("count and minimum must be positive")
    inner = np.unique(np.quantile(measure, np.linspace(0, 1, count + 1)[1:-1]))
    edges = [-np.inf, *inner.tolist(), np.inf]
    while len(edges) > 2:
        sizes = np.histogram(measure, bins=edges)[0]
        small = int(np.argmin(sizes))
        if sizes[small] >= minimum:
            break
        # merge the smallest stratum with its smaller neighbour by dropping the edge between them
        if small == 0:
            drop = 1
        elif small == len(sizes) - 1:
            drop = small
        else:
            drop = small if sizes[small - 1] <= sizes[small + 1] else small + 1
        del edges[drop]
    return np.array(edges)


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def _median(values: np.ndarray) -> float | None:
    return float(np.median(values)) if values.size else None


def _which(measure: np.ndarray, edges: np.ndarray) -> np.ndarray:
    return np.clip(np.searchsorted(edges, measure, side="right") - 1, 0, len(edges) - 2)


def _interval(point: float, boot: np.ndarray, level: float) -> tuple[float, float, float]:
    tail = (1 - level) / 2
    return float(point), float(np.quantile(boot, tail)), float(np.quantile(boot, 1 - tail))


def _stratified_means(values: np.ndarray, groups: np.ndarray, n_strata: int, rng: np.random.Generator,
                      resamples: int) -> np.ndarray:
    """(resamples, n_strata): each stratum's mean over a resample of its own tasks (nan where it has none)."""
    out = np.full((resamples, n_strata), np.nan)
    for s in range(n_strata):
        members = values[groups == s]
        if members.size:
            out[:, s] = rng.choice(members, size=(resamples, members.size)).mean(axis=1)
    return out


def standardise(target: Sequence[float], target_measure: Sequence[float], reference: Sequence[float],
                reference_measure: Sequence[float], edges: np.ndarray, rng: np.random.Generator,
                resamples: int = 10_000, level: float = 0.95) -> Standardised:
    """Standardise ``reference``'s per-task outcomes to ``target``'s mix over the strata ``edges``.

    Every stratum that holds target tasks must hold reference tasks (choose edges with
    :func:`strata_edges` on the reference's measure, or merge strata), else ValueError.
    """
    a, b = np.asarray(target, float), np.asarray(reference, float)
    ga, gb = _which(np.asarray(target_measure, float), edges), _which(np.asarray(reference_measure, float), edges)
    n = len(edges) - 1
    weights = np.bincount(ga, minlength=n) / a.size
    counts_b = np.bincount(gb, minlength=n)
    if np.any((weights > 0) & (counts_b == 0)):
        raise ValueError("a stratum holds target tasks but no reference tasks: merge strata")
    rate_a = np.array([a[ga == s].mean() if np.any(ga == s) else np.nan for s in range(n)])
    rate_b = np.array([b[gb == s].mean() if counts_b[s] else np.nan for s in range(n)])
    used = weights > 0
    point_std = float(weights[used] @ rate_b[used])
    boot_a = _stratified_means(a, ga, n, rng, resamples)[:, used] @ weights[used]
    boot_std = _stratified_means(b, gb, n, rng, resamples)[:, used] @ weights[used]
    boot_crude = rng.choice(b, size=(resamples, b.size)).mean(axis=1)
    ma, mb = np.asarray(target_measure, float), np.asarray(reference_measure, float)
    strata = tuple(Stratum(_finite(edges[s]), _finite(edges[s + 1]),
                           int(np.sum(ga == s)), _finite(rate_a[s]), _median(ma[ga == s]),
                           int(counts_b[s]), _finite(rate_b[s]), _median(mb[gb == s])) for s in range(n))
    return Standardised(
        strata=strata,
        target=_interval(a.mean(), boot_a, level),
        reference_crude=_interval(b.mean(), boot_crude, level),
        reference_standardised=_interval(point_std, boot_std, level),
        difference=_interval(a.mean() - point_std, boot_a - boot_std, level),
    )
