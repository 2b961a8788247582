"""Small builders of outcome tables and pools for the analysis tests."""

from __future__ import annotations

from typing import Mapping, Sequence

from codebudget.analysis import Config, ConfigOutcomes, OutcomeTable, SelectionMode
from codebudget.candidates import CostedCandidate

HONEST = SelectionMode.HONEST
ORACLE = SelectionMode.ORACLE


def outcomes(
    config: Config,
    success: Sequence[float],
    wall_s: Sequence[float] | float = 1.0,
    tokens: Sequence[float] | float = 0.0,
    calls: Sequence[float] | float = 1.0,
    task_ids: Sequence[str] | None = None,
) -> ConfigOutcomes:
    """Outcomes on tasks t000, t001, ... (or ``task_ids``); scalars repeat per task."""
    n = len(success)
    ids = tuple(task_ids) if task_ids is not None else tuple(f"t{i:03d}" for i in range(n))
    columns = [[value] * n if isinstance(value, (int, float)) else list(value) for value in (wall_s, tokens, calls)]
    return ConfigOutcomes(config, ids, list(success), *columns)


def table(columns: Mapping[str, tuple[Sequence[float], Sequence[float] | float]], selection=HONEST) -> OutcomeTable:
    """A table from ``name -> (success per task, wall seconds per task or one for all)``."""
    return OutcomeTable(tuple(outcomes(Config(name, selection), s, w) for name, (s, w) in columns.items()))


def counts(successes: int, n_tasks: int) -> list[float]:
    """A 0/1 success column with ``successes`` ones first."""
    return [1.0] * successes + [0.0] * (n_tasks - successes)


def grid_table(cells: Mapping[tuple[int, int], Sequence[float]], selection=HONEST) -> OutcomeTable:
    """A table with one configuration per (N, K) cell, named ``N{n}K{k}``."""
    return OutcomeTable(
        tuple(outcomes(Config(f"N{n}K{k}", selection, n=n, k=k), s) for (n, k), s in cells.items())
    )


def cand(passed: int, total: int, hidden: bool, gen: float = 0.0, exe: float = 0.0, tokens: int = 0, repairs=()):
    """A pool candidate."""
    return CostedCandidate(passed, total, hidden, gen, exe, tokens, tuple(repairs))
