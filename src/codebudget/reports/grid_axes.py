"""Which (N, K) cells to derive from a pool: the requested values that the pool can replay."""

from __future__ import annotations

import dataclasses
from typing import Sequence

from codebudget.errors import CodebudgetError

DEFAULT_NS = (1, 2, 3, 5)


@dataclasses.dataclass(frozen=True)
class GridAxes:
    """The N and K levels to replay, and the requested ones left out because the pool is too small."""

    ns: tuple[int, ...]
    ks: tuple[int, ...]
    left_out: tuple[str, ...] = ()


def grid_axes(m: int, k_max: int, ns: Sequence[int] | None = None, ks: Sequence[int] | None = None) -> GridAxes:
    """N in ``ns`` ∩ 1..M (default 1, 2, 3, 5 capped at M), K in ``ks`` ∩ 0..K_max (default all)."""
    wanted_n = sorted(set(ns)) if ns is not None else sorted({min(n, m) for n in DEFAULT_NS})
    wanted_k = sorted(set(ks)) if ks is not None else list(range(k_max + 1))
    keep_n = tuple(n for n in wanted_n if 1 <= n <= m)
    keep_k = tuple(k for k in wanted_k if 0 <= k <= k_max)
    if not keep_n or not keep_k:
        raise CodebudgetError(f"the pool has M={m}, K_max={k_max}: none of N={wanted_n}, K={wanted_k} can be derived")
    dropped = [f"N={n}" for n in wanted_n if n not in keep_n] + [f"K={k}" for k in wanted_k if k not in keep_k]
    return GridAxes(keep_n, keep_k, tuple(dropped))
