"""Quality/cost Pareto front over configurations.

A point dominates another when its quality is at least as high and its cost
at least as low, and it is strictly better in one of the two. The front is the
set of points no other point dominates; exact duplicates do not dominate each
other, so both stay on the front.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

from codebudget.analysis.outcomes import CostKind, OutcomeTable, SelectionMode


@dataclasses.dataclass(frozen=True)
class Point:
    """One configuration's mean quality (pass@1) and mean cost per task."""

    name: str
    selection: SelectionMode
    quality: float
    cost: float
    cost_kind: CostKind


def points(table: OutcomeTable, cost: CostKind = CostKind.WALL_S) -> tuple[Point, ...]:
    """One point per configuration of a single-mode table."""
    selection = table.selection
    kind = CostKind(cost)
    return tuple(Point(o.name, selection, o.pass_at_1(), o.mean_cost(kind), kind) for o in table.outcomes)


def dominates(a: Point, b: Point) -> bool:
    """Whether ``a`` is at least as good as ``b`` on both axes and better on one."""
    no_worse = a.quality >= b.quality and a.cost <= b.cost
    return no_worse and (a.quality > b.quality or a.cost < b.cost)


def _check_comparable(candidates: Sequence[Point]) -> None:
    if len({p.selection for p in candidates}) > 1:
        raise ValueError("points mix honest and oracle selection")
    if len({p.cost_kind for p in candidates}) > 1:
        raise ValueError("points mix cost kinds")


def pareto_front(candidates: Sequence[Point]) -> tuple[Point, ...]:
    """The non-dominated points, by increasing cost (then decreasing quality, then name).

    In that order any dominating point comes before the point it dominates,
    and (dominance being transitive) a dominated point is dominated by some
    front member, so checking against the front kept so far is enough.
    """
    _check_comparable(candidates)
    ordered = sorted(candidates, key=lambda p: (p.cost, -p.quality, p.name))
    front: list[Point] = []
    for point in ordered:
        if not any(dominates(kept, point) for kept in front):
            front.append(point)
    return tuple(front)
