"""Choosing configurations under a total time budget as a multiple-choice knapsack.

Formulation
-----------
Tasks ``t ∈ T`` are partitioned into groups ``G_1 … G_m``. Every
configuration ``c`` of a set ``C`` (all measured under the same selection mode,
honest or oracle) has a measured success ``s[c,t] ∈ [0, 1]`` (0/1 for a single
run, an expected value from pool replay) and a cost ``w[c,t] ≥ 0`` (wall
seconds by default; tokens or model calls likewise) on each task. Choosing
configuration ``c`` for group ``g`` is an *item* with

    value   v[g,c] = Σ_{t ∈ G_g} s[c,t]        (expected successes in the group)
    weight  w[g,c] = Σ_{t ∈ G_g} w[c,t]        (total cost of the group)

With binary variables ``x[g,c]``, the multiple-choice knapsack problem (MCKP) is

    maximise    Σ_g Σ_c v[g,c] · x[g,c]
    subject to  Σ_g Σ_c w[g,c] · x[g,c] ≤ B · |T|
                Σ_c x[g,c] = 1                       for every group g
                x[g,c] ∈ {0, 1}

where ``B`` is the budget on mean cost per task. The objective divided by
``|T|`` is the expected pass@1 of the mixed plan and the constraint says its
mean cost per task is within ``B``. With a single group holding all tasks the
answer is the best fixed configuration within the budget.

Solver (exact)
--------------
Dynamic programming over Pareto-optimal partial solutions (Nemhauser–Ullmann).
After groups ``1 … g`` the solver keeps every reachable (total weight, total
value) pair whose weight fits the capacity and that no other reachable pair
dominates (weight ≤ and value ≥, one strictly). Group ``g+1`` is added by forming
every (kept pair) + (item) sum and pruning again. A dominated partial solution
can be dropped because any completion of it is matched or beaten by the same
completion of the pair dominating it, so the highest-value pair left after the
last group is an optimum of the problem as stated, on the real-valued weights
and values: no discretisation, no approximation. Among optimal plans the one
with the lowest total weight is returned.

The number of kept pairs is at most the number of distinct reachable weights
(and, for 0/1 successes, at most ``|T| + 1``, one per success count). If it
would exceed ``max_states`` the solver stops with :class:`KnapsackTooLarge`;
passing ``resolution=r`` then rounds every item weight *up* to a multiple of
``r`` before solving. That bounds the pairs by ``⌊capacity / r⌋ + 1``, the
answer is the exact optimum of the rounded problem, it is feasible for the true
weights (rounding up only overstates cost), and its value is at least the true
optimum under the smaller capacity ``B·|T| − m·r`` (each of the ``m`` chosen items
is overstated by less than ``r``).

Feasibility uses a relative slack of 1e-9 so a plan costing exactly the budget
fits despite floating-point summation.

Which groupings mean what
-------------------------
* One group (all tasks): the best fixed configuration; deployable.
* Groups by a task feature known before solving (prompt length bucket,
  benchmark, difficulty estimate): a routing policy that is deployable, but its
  choice and its measured value come from the same tasks, so the value is
  optimistic; an honest figure needs choosing on one split and measuring on
  another.
* One group per task, chosen with the task's own outcomes in hindsight: an
  oracle upper bound on what any per-task routing could achieve with these
  configurations. It is not a policy anyone can deploy, because it uses the
  hidden outcome of each task to choose; with single 0/1 runs it also rewards
  lucky draws. Report it only as a bound, never as an achievable pass@1.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

import numpy as np

from codebudget.analysis.budget import BUDGET_TOLERANCE

DEFAULT_MAX_STATES = 1_000_000
ROUNDING_SLACK = 1e-9  # a weight within this many grid steps of a grid point is not rounded up past it


class KnapsackTooLarge(RuntimeError):
    """The Pareto frontier of partial solutions outgrew ``max_states``."""


@dataclasses.dataclass(frozen=True)
class MCKPSolution:
    """An optimal choice of one item per group."""

    choice: tuple[int, ...]  # chosen item index of each group
    value: float  # total value of the chosen items
    weight: float  # total true weight of the chosen items
    solved_weight: float  # total weight as solved (rounded up when a resolution is set)
    resolution: float | None
    peak_states: int  # the largest Pareto frontier met (a size diagnostic)


def round_up(weights: np.ndarray, resolution: float | None) -> np.ndarray:
    """Weights rounded up to multiples of ``resolution`` (unchanged when it is None)."""
    if resolution is None:
        return weights
    if resolution <= 0:
        raise ValueError("resolution must be positive")
    return np.ceil(weights / resolution - ROUNDING_SLACK) * resolution


Items = Sequence[Sequence[float]] | np.ndarray  # per group, one entry per item (ragged allowed)


def _as_groups(values: Items, weights: Items) -> list[tuple[np.ndarray, np.ndarray]]:
    groups = [(np.asarray(v, dtype=np.float64), np.asarray(w, dtype=np.float64)) for v, w in zip(values, weights)]
    if len(values) != len(weights) or any(v.shape != w.shape or v.ndim != 1 or v.size == 0 for v, w in groups):
        raise ValueError("every group needs one or more items with a value and a weight each")
    return groups


@dataclasses.dataclass(frozen=True)
class _Layer:
    weight: np.ndarray
    value: np.ndarray
    parent: np.ndarray  # index into the previous layer
    item: np.ndarray  # item chosen in this layer's group


def _extend(layer: _Layer, values: np.ndarray, weights: np.ndarray, limit: float) -> _Layer:
    states, items = layer.weight.size, values.size
    weight = (layer.weight[:, None] + weights[None, :]).ravel()
    value = (layer.value[:, None] + values[None, :]).ravel()
    parent = np.repeat(np.arange(states), items)
    item = np.tile(np.arange(items), states)
    ok = weight <= limit
    weight, value, parent, item = weight[ok], value[ok], parent[ok], item[ok]
    order = np.lexsort((item, parent, -value, weight))
    weight, value, parent, item = weight[order], value[order], parent[order], item[order]
    best_before = np.concatenate(([-np.inf], np.maximum.accumulate(value)[:-1]))
    keep = value > best_before
    return _Layer(weight[keep], value[keep], parent[keep], item[keep])


def _trace(layers: list[_Layer], index: int) -> tuple[int, ...]:
    choice = []
    for layer in reversed(layers):
        choice.append(int(layer.item[index]))
        index = int(layer.parent[index])
    return tuple(reversed(choice))


def solve_mckp(
    values: Items,
    weights: Items,
    capacity: float,
    resolution: float | None = None,
    max_states: int = DEFAULT_MAX_STATES,
) -> MCKPSolution | None:
    """Exact MCKP: one item per group, total weight ≤ capacity, maximum total value.

    ``values[g][i]`` and ``weights[g][i]`` describe item ``i`` of group ``g``.
    Returns None when even the lightest choice exceeds the capacity.
    """
    groups = _as_groups(values, weights)
    limit = capacity * (1 + BUDGET_TOLERANCE) + BUDGET_TOLERANCE
    layer = _Layer(np.zeros(1), np.zeros(1), np.zeros(1, dtype=np.intp), np.zeros(1, dtype=np.intp))
    layers: list[_Layer] = []
    peak = 1
    for group_values, group_weights in groups:
        layer = _extend(layer, group_values, round_up(group_weights, resolution), limit)
        if layer.weight.size == 0:
            return None
        if layer.weight.size > max_states:
            raise KnapsackTooLarge(f"{layer.weight.size} partial solutions; pass a coarser resolution")
        peak = max(peak, int(layer.weight.size))
        layers.append(layer)
    best = int(layer.value.size - 1)  # values increase along the frontier
    choice = _trace(layers, best)
    true_weight = sum(float(w[i]) for (_, w), i in zip(groups, choice))
    return MCKPSolution(choice, float(layer.value[best]), true_weight, float(layer.weight[best]), resolution, peak)
