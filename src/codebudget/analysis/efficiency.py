"""Efficiency of each step: percentage points gained per unit of extra cost (paper §III-C).

A :class:`Step` goes from one configuration to another: the paired gain in
pass@1 (with its interval), the extra mean cost per task, and the two ratios
the paper quotes — percentage points per extra second and seconds per
percentage point. A ratio is ``None`` where it is not meaningful (no extra
cost, or no gain).
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Iterable, Sequence

from codebudget.analysis.bootstrap import Estimate, PairedBootstrap
from codebudget.analysis.contrasts import paired_difference
from codebudget.analysis.outcomes import CostKind, OutcomeTable, SelectionMode
from codebudget.analysis.pareto import pareto_front, points

PP = 100.0  # percentage points per unit of pass@1


@dataclasses.dataclass(frozen=True)
class Step:
    """From configuration ``start`` to ``end``: gain, extra cost and their ratios."""

    start: str
    end: str
    selection: SelectionMode
    cost_kind: CostKind
    gain: Estimate  # pass@1(end) − pass@1(start), as a fraction
    extra_cost: float  # mean cost per task of end minus that of start

    @property
    def gain_pp(self) -> float:
        """Gain in percentage points."""
        return self.gain.value * PP

    @property
    def pp_per_unit(self) -> float | None:
        """Percentage points gained per unit of extra cost; None without extra cost."""
        return self.gain_pp / self.extra_cost if self.extra_cost > 0 else None

    @property
    def units_per_pp(self) -> float | None:
        """Extra cost per percentage point gained; None without a gain."""
        return self.extra_cost / self.gain_pp if self.gain_pp > 0 else None


def step(table: OutcomeTable, start: str, end: str, boot: PairedBootstrap, cost: CostKind = CostKind.WALL_S) -> Step:
    """The step from ``start`` to ``end`` on a single-mode table."""
    kind = CostKind(cost)
    extra = table.get(end).mean_cost(kind) - table.get(start).mean_cost(kind)
    gain = paired_difference(table, end, start, boot)
    return Step(start, end, table.selection, kind, gain, extra)


def path_steps(
    table: OutcomeTable, path: Sequence[str], boot: PairedBootstrap, cost: CostKind = CostKind.WALL_S
) -> tuple[Step, ...]:
    """Steps between consecutive configurations of ``path``."""
    return tuple(step(table, a, b, boot, cost) for a, b in itertools.pairwise(path))


def front_steps(table: OutcomeTable, boot: PairedBootstrap, cost: CostKind = CostKind.WALL_S) -> tuple[Step, ...]:
    """Steps along the Pareto front, cheapest first."""
    front = pareto_front(points(table, cost))
    return path_steps(table, [p.name for p in front], boot, cost)


def baseline_steps(
    table: OutcomeTable,
    baseline: str,
    boot: PairedBootstrap,
    cost: CostKind = CostKind.WALL_S,
    names: Iterable[str] | None = None,
) -> tuple[Step, ...]:
    """The step from ``baseline`` to each other configuration (or to ``names``)."""
    targets = [n for n in (names if names is not None else table.names) if n != baseline]
    return tuple(step(table, baseline, name, boot, cost) for name in targets)
