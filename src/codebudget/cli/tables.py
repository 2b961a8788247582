"""Terminal tables of results, every figure labelled honest or oracle."""

from __future__ import annotations

from typing import Sequence

from rich.table import Table

from codebudget.replay import ConfigReplay


def grid_table(title: str, grid: Sequence[ConfigReplay]) -> Table:
    """The N×K grid like the seed paper's tables: honest and oracle pass@1 and time per task."""
    table = Table(title=title)
    for column in ("N", "K", "pass@1 honest", "pass@1 oracle", "s/task honest", "s/task oracle", "calls", "tokens"):
        table.add_column(column, justify="right")
    for cell in grid:
        honest, oracle = cell.honest, cell.oracle
        table.add_row(str(cell.config.n), str(cell.config.k), f"{honest.pass_rate:.3f}", f"{oracle.pass_rate:.3f}",
                      f"{honest.wall_s:.1f}", f"{oracle.wall_s:.1f}", f"{honest.model_calls:.2f}", f"{honest.tokens:.0f}")
    return table


GRID_NOTE = ("honest = the answer chosen by public tests (what a user gets); oracle = any candidate passes the "
             "hidden tests (the seed paper's measure). Times are per task on this machine; sampling time for N<M "
             "is estimated from the pool's batched calls.")
