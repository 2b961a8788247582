"""Arms against a baseline: one factor switched on (a prompt stage, say) measured at every (N, K) cell.

Each arm and the baseline are grids of the same single-mode table (one pool each, paired over the same
tasks). At every cell both have, the arm's effect is Q(arm, N, K) − Q(baseline, N, K); where the smallest
N of both grids is also there, the arm's interaction with N at that K is

    IE(arm, N) = Q(arm, N) − Q(arm, N₀) − Q(baseline, N) + Q(baseline, N₀)

(N₀ the smallest N): whether the arm adds to what sampling more gives (> 0), or does part of the same
work (< 0). Both are paired contrasts over tasks with the table's bootstrap.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping

from codebudget.analysis.bootstrap import Estimate, PairedBootstrap
from codebudget.analysis.contrasts import contrast
from codebudget.analysis.effects import FactorGrid


@dataclasses.dataclass(frozen=True)
class ArmCell:
    """One arm at one (N, K) cell, against the baseline at the same cell."""

    arm: str
    n: int
    k: int
    name: str  # the arm's configuration in the table
    baseline: str  # the baseline's configuration in the table
    effect: Estimate  # Q(arm) − Q(baseline)
    interaction: Estimate | None  # IE(arm, N) at this K; None at the smallest N


def arm_cells(grids: Mapping[str, FactorGrid], baseline: str, boot: PairedBootstrap) -> tuple[ArmCell, ...]:
    """Every arm of ``grids`` (label → its grid, all of one table) against ``grids[baseline]``, cell by cell.

    Cells are in the order K, then N; an arm's cells the baseline lacks are left out."""
    base = grids[baseline]
    found: list[ArmCell] = []
    for arm, grid in grids.items():
        if arm == baseline:
            continue
        if grid.table is not base.table:
            raise ValueError(f"arm {arm!r} and the baseline {baseline!r} are grids of different tables")
        shared = sorted((cell for cell in grid.cells if cell in base.cells), key=lambda cell: (cell[1], cell[0]))
        for n, k in shared:
            name, other = grid.cells[(n, k)], base.cells[(n, k)]
            effect = contrast(grid.table, [(name, 1.0), (other, -1.0)], boot, f"{arm} − {baseline} at N={n},K={k}")
            n0 = min(cell[0] for cell in shared if cell[1] == k)
            corner, base_corner = grid.cells.get((n0, k)), base.cells.get((n0, k))
            interaction = None
            if n > n0 and corner is not None and base_corner is not None:
                interaction = contrast(grid.table, [(name, 1.0), (corner, -1.0), (other, -1.0), (base_corner, 1.0)],
                                       boot, f"IE({arm}, N={n}) at K={k}")
            found.append(ArmCell(arm, n, k, name, other, effect, interaction))
    return tuple(found)
