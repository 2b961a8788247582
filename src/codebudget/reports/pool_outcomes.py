"""Outcome rows of the (N, K) configurations replayed from a pool, under both selection modes."""

from __future__ import annotations

from codebudget.analysis import Config, OutcomeRow
from codebudget.reports.grid_axes import GridAxes
from codebudget.reports.modes import MODES, POLICY_OF_MODE
from codebudget.reports.runs import RunSource, task_key
from codebudget.replay import ConfigReplay, Pool, replay_grid


def cell_name(n: int, k: int) -> str:
    """A grid configuration's name, e.g. ``N=2 K=1``."""
    return f"N={n} K={k}"


def pool_rows(source: RunSource, pool: Pool, axes: GridAxes) -> list[OutcomeRow]:
    """Per-task rows of every replayed (N, K), honest (public-tests) and oracle."""
    grid = replay_grid(pool, axes.ns, axes.ks, tuple(POLICY_OF_MODE.values()))
    return [row for cell in grid for row in _cell_rows(source, pool, cell)]


def _cell_rows(source: RunSource, pool: Pool, cell: ConfigReplay) -> list[OutcomeRow]:
    n, k = cell.config.n, cell.config.k
    rows = []
    for mode in MODES:
        params = (("source", "pool"), ("run", source.run_hash))
        config = Config(cell_name(n, k), mode, n=n, k=k, temperature=pool.temperature, params=params)
        for task in cell.tasks:
            figure = task.figure(POLICY_OF_MODE[mode])
            key = task_key(task.benchmark, task.task_id)
            rows.append(OutcomeRow(config, key, figure.pass_rate, figure.wall_s, figure.tokens, figure.model_calls))
    return rows
