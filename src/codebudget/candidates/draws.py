"""Which N-subsets of a pool to average over, and the exact pass@k where it exists."""

from __future__ import annotations

import itertools
import math
from typing import Sequence

import numpy as np


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k from ``n`` samples of which ``c`` are correct (Chen et al., 2021, as in openai/human-eval).

    The probability that at least one of ``k`` samples drawn without
    replacement from the ``n`` is correct, ``1 - C(n - c, k) / C(n, k)``,
    computed as a product so that it stays exact-ish for large ``n`` (no huge binomials).
    """
    if not 0 <= c <= n:
        raise ValueError(f"need 0 <= c <= n, got n={n}, c={c}")
    if not 1 <= k <= n:
        raise ValueError(f"need 1 <= k <= n, got n={n}, k={k}")
    if n - c < k:
        return 1.0
    product = 1.0
    for i in range(n - c + 1, n + 1):
        product *= 1.0 - k / i
    return 1.0 - product


def count(m: int, n: int, symmetric: bool) -> int:
    """How many draws there are: subsets of size ``n``, or ordered ones when ``symmetric``."""
    return math.perm(m, n) if symmetric else math.comb(m, n)


def draws(m: int, n: int, *, symmetric: bool = False, max_draws: int = 5000, seed: int = 0) -> tuple[Sequence[tuple[int, ...]], bool]:
    """The index tuples to average over, and whether they are all of them (exact).

    Without ``symmetric`` a draw is a subset in sample order; with it, an
    ordered tuple. When there are more than ``max_draws``, ``max_draws`` of
    them are drawn at random (seeded), and the average is a Monte-Carlo estimate.
    """
    if not 1 <= n <= m:
        raise ValueError(f"cannot draw {n} of {m} candidates")
    if count(m, n, symmetric) <= max_draws:
        every = itertools.permutations(range(m), n) if symmetric else itertools.combinations(range(m), n)
        return list(every), True
    rng = np.random.default_rng(seed)
    picked = (rng.permutation(m)[:n].tolist() for _ in range(max_draws))
    return [tuple(p) if symmetric else tuple(sorted(p)) for p in picked], False
