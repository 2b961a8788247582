"""Variance across repeated seeds, with the paper's repeated runs as the hand example."""

from __future__ import annotations

import math

import numpy as np
import pytest
from analysis_factories import HONEST, counts, outcomes

from codebudget.analysis import Config, OutcomeTable, merge_seeds, seed_variance

T = 164


def repeated() -> OutcomeTable:
    # Paper, Tables I and III: N=2,K=0 gave 0.756 and 0.726 (124 and 119 of 164);
    # N=2,K=1 gave 0.738 and 0.720 (121 and 118 of 164); N=5,K=1 ran once.
    runs = [((2, 0, 1), 124), ((2, 0, 2), 119), ((2, 1, 1), 121), ((2, 1, 2), 118), ((5, 1, 1), 143)]
    return OutcomeTable(
        tuple(
            outcomes(Config(f"N{n}K{k}s{seed}", HONEST, n=n, k=k, temperature=0.8, seed=seed), counts(c, T), 20.0)
            for (n, k, seed), c in runs
        )
    )


def test_spread_per_family_hand_computed():
    variance = seed_variance(repeated())
    assert [f.family for f in variance.families] == ["N=2 K=0 T=0.8", "N=2 K=1 T=0.8"]
    first = variance.families[0]
    # two runs: std (ddof=1) = |difference| / sqrt(2) = (5/164) / sqrt(2); range = 5/164
    assert first.pass_at_1 == pytest.approx((124 / T, 119 / T))
    assert first.std == pytest.approx(5 / T / math.sqrt(2))
    assert first.range == pytest.approx(5 / T)
    assert first.mean == pytest.approx(121.5 / T)
    assert (first.n_seeds, first.seeds, first.selection) == (2, (1, 2), HONEST)


def test_pooled_std_hand_computed():
    # pooled variance = (1 * (5/164)^2/2 + 1 * (3/164)^2/2) / 2 = 34 / (4 * 164^2),
    # pooled std = sqrt(34) / 328 = 0.017778; one degree of freedom per family.
    variance = seed_variance(repeated())
    assert variance.pooled_df == 2
    assert variance.pooled_std == pytest.approx(math.sqrt(34) / 328)


def test_no_repeats_gives_nan_pooled():
    single = OutcomeTable((outcomes(Config("a", HONEST, n=1), [1.0]),))
    variance = seed_variance(single)
    assert variance.families == () and math.isnan(variance.pooled_std)


def test_merge_seeds_averages_per_task():
    merged = merge_seeds(repeated())
    assert merged.names == ("N=2 K=0 T=0.8", "N=2 K=1 T=0.8", "N5K1s1")
    success = merged.get("N=2 K=0 T=0.8").success
    # tasks 0..118 succeed in both runs, 119..123 in one, the rest in none
    assert np.array_equal(success, np.array([1.0] * 119 + [0.5] * 5 + [0.0] * 40))
    assert merged.get("N=2 K=0 T=0.8").config.seed is None
