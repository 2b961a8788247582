"""Main effects of N and K and their interaction, IE(N,K) = Q(N,K) − Q(N,0) − Q(1,K) + Q(1,0).

Q(N,K) is pass@1 of the configuration in grid cell (N, K). All effects are
contrasts of per-task successes, so their intervals come from the same paired
bootstrap and are paired across cells.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Mapping

from codebudget.analysis.bootstrap import Estimate, PairedBootstrap
from codebudget.analysis.contrasts import contrast
from codebudget.analysis.outcomes import Config, OutcomeTable

Cell = tuple[int, int]  # (N, K)
N_AXIS, K_AXIS = 0, 1
_AXIS_NAMES = ("N", "K")
_BASE = (1, 0)  # the baseline level of each axis: N=1, K=0


@dataclasses.dataclass(frozen=True, eq=False)
class FactorGrid:
    """Maps (N, K) cells to configurations of one single-mode table."""

    table: OutcomeTable
    cells: Mapping[Cell, str]

    def __post_init__(self) -> None:
        _ = self.table.selection  # raises on a mixed-mode table
        missing = [name for name in self.cells.values() if name not in self.table.names]
        if missing:
            raise ValueError(f"grid names configurations not in the table: {missing}")

    @classmethod
    def from_table(cls, table: OutcomeTable, where: Callable[[Config], bool] | None = None) -> FactorGrid:
        """Grid of the configurations with both N and K set (and ``where``, if given).

        Raises when two configurations share a cell (e.g. two temperatures or
        seeds): filter with ``where`` or merge seeds first.
        """
        cells: dict[Cell, str] = {}
        for item in table.outcomes:
            config = item.config
            if config.n is None or config.k is None or (where is not None and not where(config)):
                continue
            cell = (config.n, config.k)
            if cell in cells:
                raise ValueError(f"cell N={cell[0]},K={cell[1]}: both {cells[cell]!r} and {config.name!r}")
            cells[cell] = config.name
        return cls(table, cells)

    def name(self, cell: Cell) -> str:
        """The configuration in ``cell``; KeyError with the cell if absent."""
        if cell not in self.cells:
            raise KeyError(f"no configuration at N={cell[0]},K={cell[1]}")
        return self.cells[cell]

    def levels(self, axis: int) -> tuple[int, ...]:
        """Sorted levels present on an axis (0 = N, 1 = K)."""
        return tuple(sorted({cell[axis] for cell in self.cells}))


def _cell(axis: int, level: int, other: int) -> Cell:
    return (level, other) if axis == N_AXIS else (other, level)


def interaction_effect(grid: FactorGrid, n: int, k: int, boot: PairedBootstrap) -> Estimate:
    """IE(n, k) with its paired-bootstrap interval."""
    named = [(grid.name(cell), sign) for cell, sign in zip(_corners(n, k), (1.0, -1.0, -1.0, 1.0))]
    return contrast(grid.table, named, boot, f"IE(N={n},K={k})")


def interaction_effects(grid: FactorGrid, boot: PairedBootstrap) -> tuple[Estimate, ...]:
    """IE for every cell with N > 1 and K > 0 whose four corners are in the grid."""
    cells = [c for c in sorted(grid.cells) if c[0] > 1 and c[1] > 0]
    complete = [c for c in cells if all(x in grid.cells for x in _corners(*c))]
    return tuple(interaction_effect(grid, n, k, boot) for n, k in complete)


def _corners(n: int, k: int) -> list[Cell]:
    return [(n, k), (n, 0), (1, k), (1, 0)]


def _effect(grid: FactorGrid, axis: int, level: int, at: int, boot: PairedBootstrap) -> Estimate:
    high, base = _cell(axis, level, at), _cell(axis, _BASE[axis], at)
    other = _AXIS_NAMES[1 - axis]
    label = f"effect of {_AXIS_NAMES[axis]}={level} at {other}={at}"
    return contrast(grid.table, [(grid.name(high), 1.0), (grid.name(base), -1.0)], boot, label)


def effect_of_n(grid: FactorGrid, n: int, boot: PairedBootstrap, at_k: int = 0) -> Estimate:
    """Q(n, at_k) − Q(1, at_k)."""
    return _effect(grid, N_AXIS, n, at_k, boot)


def effect_of_k(grid: FactorGrid, k: int, boot: PairedBootstrap, at_n: int = 1) -> Estimate:
    """Q(at_n, k) − Q(at_n, 0)."""
    return _effect(grid, K_AXIS, k, at_n, boot)


def _paired_levels(grid: FactorGrid, axis: int, level: int) -> list[int]:
    """Levels of the other factor at which both ``level`` and the baseline were run."""
    cells = grid.cells
    base = _BASE[axis]
    return [o for o in grid.levels(1 - axis) if _cell(axis, level, o) in cells and _cell(axis, base, o) in cells]


def _averaged(grid: FactorGrid, axis: int, level: int, boot: PairedBootstrap) -> Estimate:
    others = _paired_levels(grid, axis, level)
    if not others:
        raise KeyError(f"no level of the other factor has both {_AXIS_NAMES[axis]}={level} and the baseline")
    weight = 1.0 / len(others)
    terms = []
    for o in others:
        terms += [(grid.name(_cell(axis, level, o)), weight), (grid.name(_cell(axis, _BASE[axis], o)), -weight)]
    label = f"effect of {_AXIS_NAMES[axis]}={level} averaged over {_AXIS_NAMES[1 - axis]} in {others}"
    return contrast(grid.table, terms, boot, label)


def averaged_effect_of_n(grid: FactorGrid, n: int, boot: PairedBootstrap) -> Estimate:
    """Mean over K levels (where both cells exist) of Q(n, K) − Q(1, K)."""
    return _averaged(grid, N_AXIS, n, boot)


def averaged_effect_of_k(grid: FactorGrid, k: int, boot: PairedBootstrap) -> Estimate:
    """Mean over N levels (where both cells exist) of Q(N, k) − Q(N, 0)."""
    return _averaged(grid, K_AXIS, k, boot)


def main_effects(grid: FactorGrid, boot: PairedBootstrap) -> tuple[Estimate, ...]:
    """Effect of each N at K=0, of each K at N=1, and both averaged over the grid.

    Only effects whose cells exist are returned.
    """
    estimates: list[Estimate] = []
    for axis in (N_AXIS, K_AXIS):
        base = _BASE[axis]
        levels = [lv for lv in grid.levels(axis) if lv != base]
        at = _BASE[1 - axis]
        paired = {level: _paired_levels(grid, axis, level) for level in levels}
        estimates += [_effect(grid, axis, lv, at, boot) for lv in levels if at in paired[lv]]
        estimates += [_averaged(grid, axis, lv, boot) for lv in levels if paired[lv]]
    return tuple(estimates)
