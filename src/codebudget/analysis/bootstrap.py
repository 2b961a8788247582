"""Paired bootstrap over tasks, and the :class:`Estimate` every statistic returns.

One :class:`PairedBootstrap` draws its task resamples once; every statistic
computed with it (pass@1 of each configuration, paired differences, interaction
effects) reuses the same resamples, so differences are paired. All statistics
here are means over tasks of a per-task value, so a resample is a weight vector
over tasks (multinomial counts / number of tasks) and all resampled means are
one matrix product. Intervals are percentile or BCa (bias-corrected and
accelerated; the acceleration comes from the exact jackknife of a mean).
"""

from __future__ import annotations

import dataclasses
from statistics import NormalDist
from typing import Callable, Sequence

import numpy as np

from codebudget.analysis.outcomes import OutcomeTable, SelectionMode

_NORMAL = NormalDist()


@dataclasses.dataclass(frozen=True)
class Estimate:
    """A point estimate with its bootstrap interval and the selection mode it came from.

    ``terms`` names what was averaged: configuration name → weight of its
    per-task success (pass@1 is ``((name, 1.0),)``, a difference has +1/−1).
    """

    label: str
    selection: SelectionMode
    value: float
    low: float
    high: float
    level: float
    method: str
    n_tasks: int
    n_resamples: int
    terms: tuple[tuple[str, float], ...] = ()

    def contains(self, x: float) -> bool:
        """Whether ``x`` lies inside the interval."""
        return self.low <= x <= self.high

    def __str__(self) -> str:
        return (
            f"{self.label} [{self.selection.value}]: {self.value:.3f} "
            f"({self.level:.0%} CI {self.low:.3f} to {self.high:.3f}, {self.method})"
        )


def _percentile(boot: np.ndarray, values: np.ndarray, level: float) -> tuple[float, float]:
    tail = (1 - level) / 2
    low, high = np.quantile(boot, [tail, 1 - tail])
    return float(low), float(high)


def _acceleration(values: np.ndarray) -> float:
    n = values.size
    if n < 3:
        return 0.0
    jack = (values.sum() - values) / (n - 1)
    centred = jack.mean() - jack
    denominator = 6.0 * float(np.sum(centred**2)) ** 1.5
    return float(np.sum(centred**3)) / denominator if denominator > 0 else 0.0


def _bca_quantile(z0: float, a: float, z: float) -> float:
    """Adjusted quantile Phi(z0 + (z0 + z) / (1 - a (z0 + z))), at its limit past the pole."""
    shifted = z0 + z
    denominator = 1 - a * shifted
    if denominator <= 0:
        return 1.0 if shifted > 0 else 0.0
    return _NORMAL.cdf(z0 + shifted / denominator)


def _bca(boot: np.ndarray, values: np.ndarray, level: float) -> tuple[float, float]:
    estimate = values.mean()
    b = boot.size
    below = (np.sum(boot < estimate) + 0.5 * np.sum(boot == estimate)) / b
    z0 = _NORMAL.inv_cdf(min(max(below, 0.5 / b), 1 - 0.5 / b))
    a = _acceleration(values)
    tail = (1 - level) / 2
    quantiles = [_bca_quantile(z0, a, _NORMAL.inv_cdf(p)) for p in (tail, 1 - tail)]
    low, high = np.quantile(boot, quantiles)
    return float(low), float(high)


IntervalMethod = Callable[[np.ndarray, np.ndarray, float], tuple[float, float]]
METHODS: dict[str, IntervalMethod] = {"percentile": _percentile, "bca": _bca}


@dataclasses.dataclass(frozen=True, eq=False)
class PairedBootstrap:
    """Task resamples shared by every statistic of one table.

    ``weights[b, t]`` is how often task ``t`` appears in resample ``b``, divided
    by the number of tasks, so ``weights @ x`` gives every resampled mean of x.
    """

    task_ids: tuple[str, ...]
    weights: np.ndarray
    seed: int
    level: float = 0.95
    method: str = "percentile"

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"unknown interval method {self.method!r}; have {sorted(METHODS)}")
        if not 0 < self.level < 1:
            raise ValueError("level must lie strictly between 0 and 1")
        if self.weights.ndim != 2 or self.weights.shape[1] != len(self.task_ids):
            raise ValueError("weights must be (resamples, tasks)")

    @classmethod
    def draw(
        cls,
        task_ids: Sequence[str],
        n_resamples: int = 2000,
        seed: int = 0,
        level: float = 0.95,
        method: str = "percentile",
    ) -> PairedBootstrap:
        """Draw ``n_resamples`` resamples of ``task_ids`` with a seeded generator."""
        n = len(task_ids)
        if n == 0 or n_resamples < 1:
            raise ValueError("need at least one task and one resample")
        rng = np.random.default_rng(seed)
        counts = rng.multinomial(n, np.full(n, 1.0 / n), size=n_resamples)
        weights = counts / n
        weights.setflags(write=False)
        return cls(tuple(task_ids), weights, seed, level, method)

    @classmethod
    def for_table(
        cls,
        table: OutcomeTable,
        n_resamples: int = 2000,
        seed: int = 0,
        level: float = 0.95,
        method: str = "percentile",
    ) -> PairedBootstrap:
        """Resamples of ``table``'s tasks (see :meth:`draw`)."""
        return cls.draw(table.task_ids, n_resamples, seed, level, method)

    @property
    def n_resamples(self) -> int:
        """Number of resamples."""
        return int(self.weights.shape[0])

    def check(self, task_ids: Sequence[str]) -> None:
        """Raise unless these resamples were drawn for exactly ``task_ids``."""
        if tuple(task_ids) != self.task_ids:
            raise ValueError("bootstrap was drawn for a different task set")

    def means(self, values: np.ndarray) -> np.ndarray:
        """Resampled means: (B,) for a (T,) vector, (B, C) for a (C, T) matrix."""
        return self.weights @ np.asarray(values, dtype=np.float64).T

    def interval(self, values: np.ndarray) -> tuple[float, float, float]:
        """Point estimate (the plain mean) and interval of the mean of ``values``."""
        values = np.asarray(values, dtype=np.float64)
        low, high = METHODS[self.method](self.means(values), values, self.level)
        return float(values.mean()), low, high

    def estimate(
        self,
        values: np.ndarray,
        label: str,
        selection: SelectionMode,
        terms: tuple[tuple[str, float], ...] = (),
    ) -> Estimate:
        """An :class:`Estimate` of the mean of the per-task ``values``."""
        value, low, high = self.interval(values)
        return Estimate(
            label=label,
            selection=SelectionMode(selection),
            value=value,
            low=low,
            high=high,
            level=self.level,
            method=self.method,
            n_tasks=len(self.task_ids),
            n_resamples=self.n_resamples,
            terms=terms,
        )


def mean_interval(values: np.ndarray, rng: np.random.Generator, resamples: int = 10_000,
                  level: float = 0.95) -> tuple[float, float, float]:
    """The mean of ``values`` (one per task) and its percentile-bootstrap interval."""
    boot = rng.choice(values, size=(resamples, len(values))).mean(axis=1)
    tail = (1 - level) / 2
    return float(values.mean()), float(np.quantile(boot, tail)), float(np.quantile(boot, 1 - tail))


def difference_interval(a: np.ndarray, b: np.ndarray, rng: np.random.Generator, resamples: int = 10_000,
                        level: float = 0.95) -> tuple[float, float, float]:
    """mean(a) − mean(b) for two independent task samples (each resampled on its own), with its
    percentile-bootstrap interval; for the same tasks under two settings use :class:`PairedBootstrap`."""
    boot = (rng.choice(a, size=(resamples, len(a))).mean(axis=1)
            - rng.choice(b, size=(resamples, len(b))).mean(axis=1))
    tail = (1 - level) / 2
    return float(a.mean() - b.mean()), float(np.quantile(boot, tail)), float(np.quantile(boot, 1 - tail))
