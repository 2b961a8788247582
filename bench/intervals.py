"""95% intervals the training benchmarks share: over items (bootstrap of the item means) and over training seeds
(t interval of the seed means)."""

from __future__ import annotations

import math

import numpy as np

T95 = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57}
"""Student's t, two-sided 95%, by degrees of freedom."""


def interval_items(per_item: np.ndarray, rng: np.random.Generator) -> list[float]:
    """The 95% bootstrap interval of the mean of ``per_item`` (10,000 resamples)."""
    boot = rng.choice(per_item, size=(10_000, len(per_item))).mean(axis=1)
    return [round(float(np.quantile(boot, 0.025)), 4), round(float(np.quantile(boot, 0.975)), 4)]


def interval_seeds(seed_means: list[float]) -> list[float] | None:
    """The 95% t interval of the mean of ``seed_means`` (None for one seed)."""
    if len(seed_means) < 2:
        return None
    mean, sd = float(np.mean(seed_means)), float(np.std(seed_means, ddof=1))
    half = T95.get(len(seed_means) - 1, 2.0) * sd / math.sqrt(len(seed_means))
    return [round(mean - half, 4), round(mean + half, 4)]
