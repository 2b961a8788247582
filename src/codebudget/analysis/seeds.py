"""Variation across repeated seeds of the same configuration.

Configurations are repeats of each other when they agree on everything but
name and seed (:meth:`Config.family`). For each family with two or more seeds
this gives pass@1 per seed, the sample standard deviation (ddof=1) and the
range; the pooled standard deviation combines families weighted by their
degrees of freedom: sqrt(sum((n_i − 1) s_i²) / sum(n_i − 1)).
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict

import numpy as np

from codebudget.analysis.outcomes import Config, ConfigOutcomes, OutcomeTable, SelectionMode


@dataclasses.dataclass(frozen=True)
class SeedSpread:
    """pass@1 of one configuration family across its seeds."""

    family: str
    selection: SelectionMode
    names: tuple[str, ...]
    seeds: tuple[int | None, ...]
    pass_at_1: tuple[float, ...]
    mean: float
    std: float  # sample standard deviation, ddof=1
    range: float  # max − min

    @property
    def n_seeds(self) -> int:
        """Number of repeated runs."""
        return len(self.pass_at_1)


@dataclasses.dataclass(frozen=True)
class SeedVariance:
    """Spread per family plus the pooled standard deviation over families."""

    selection: SelectionMode
    families: tuple[SeedSpread, ...]
    pooled_std: float  # nan when no family has two seeds
    pooled_df: int


def families(table: OutcomeTable) -> dict[Config, list[ConfigOutcomes]]:
    """Configurations grouped by family, in table order."""
    grouped: dict[Config, list[ConfigOutcomes]] = defaultdict(list)
    for item in table.outcomes:
        grouped[item.config.family()].append(item)
    return dict(grouped)


def _spread(family: Config, members: list[ConfigOutcomes]) -> SeedSpread:
    values = np.array([m.pass_at_1() for m in members])
    return SeedSpread(
        family=family.describe(),
        selection=family.selection,
        names=tuple(m.name for m in members),
        seeds=tuple(m.config.seed for m in members),
        pass_at_1=tuple(float(v) for v in values),
        mean=float(values.mean()),
        std=float(values.std(ddof=1)),
        range=float(values.max() - values.min()),
    )


def seed_variance(table: OutcomeTable) -> SeedVariance:
    """Spread across seeds for every family of a single-mode table with ≥ 2 seeds."""
    selection = table.selection
    spreads = tuple(_spread(f, m) for f, m in families(table).items() if len(m) >= 2)
    df = sum(s.n_seeds - 1 for s in spreads)
    pooled = math.sqrt(sum((s.n_seeds - 1) * s.std**2 for s in spreads) / df) if df else math.nan
    return SeedVariance(selection, spreads, pooled, df)


def _merge(family: Config, members: list[ConfigOutcomes]) -> ConfigOutcomes:
    if len(members) == 1:
        return members[0]
    columns = {c: np.mean([getattr(m, c) for m in members], axis=0) for c in ("success", "wall_s", "tokens", "calls")}
    config = dataclasses.replace(family, name=family.describe())
    return ConfigOutcomes(config=config, task_ids=members[0].task_ids, **columns)


def merge_seeds(table: OutcomeTable) -> OutcomeTable:
    """One configuration per family: per-task means over its seeds (single runs kept as they are)."""
    return OutcomeTable(tuple(_merge(f, m) for f, m in families(table).items()))
