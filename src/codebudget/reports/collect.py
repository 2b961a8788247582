"""Outcome tables from stored runs: pools replayed into grids, direct runs read task by task.

Several runs combine into one :class:`~codebudget.analysis.OutcomeTable`,
aligned on the tasks all of them finished (the others are dropped and
counted). Configuration names are ``N=2 K=1``; when two runs would give the
same name, both get their run hash appended (``N=2 K=1 @55103cc7``).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Sequence

from codebudget.analysis import OutcomeRow, OutcomeTable
from codebudget.errors import CodebudgetError
from codebudget.replay import Pool
from codebudget.reports.grid_axes import GridAxes, grid_axes
from codebudget.reports.pool_outcomes import pool_rows
from codebudget.reports.run_outcomes import run_rows
from codebudget.reports.runs import RunSource, load_finished_pool, open_sources
from codebudget.store import Store

HASH_SHOWN = 8


@dataclasses.dataclass(frozen=True)
class LoadedPool:
    """A pool source, its finished candidates and the grid derived from it."""

    source: RunSource
    pool: Pool
    axes: GridAxes


@dataclasses.dataclass(frozen=True, eq=False)
class RunOutcomes:
    """Outcomes of every configuration of the given runs (both modes) on their common tasks."""

    table: OutcomeTable
    sources: tuple[RunSource, ...]
    pools: tuple[LoadedPool, ...]
    tasks_per_source: tuple[int, ...]
    dropped_tasks: int  # tasks some run finished but not all of them

    @property
    def notes(self) -> tuple[str, ...]:
        """What was left out, in words."""
        notes = [f"{self.dropped_tasks} tasks dropped: not finished by every run" if self.dropped_tasks else ""]
        notes += [f"pool {p.source.run_hash}: cannot derive {', '.join(p.axes.left_out)} (M={p.pool.m}, "
                  f"K_max={p.pool.k_max})" for p in self.pools if p.axes.left_out]
        notes += [f"run {s.run_hash}: its public tests are the hidden tests (feedback_tests=hidden, the seed "
                  "paper's setting): its repairs saw them, and honest selection is the oracle"
                  for s in self.sources if s.run.config.get("feedback_tests") == "hidden"]
        return tuple(note for note in notes if note)


def collect(store: Store, hashes: Sequence[str], ns: Sequence[int] | None = None,
            ks: Sequence[int] | None = None) -> RunOutcomes:
    """Read the runs ``hashes`` into one table (``ns``/``ks`` choose the grid replayed from pools)."""
    sources = open_sources(store, hashes)
    pools, per_source = [], []
    for source in sources:
        if source.is_pool:
            pool = load_finished_pool(store, source)
            pools.append(LoadedPool(source, pool, grid_axes(pool.m, pool.k_max, ns, ks)))
            per_source.append(pool_rows(source, pool, pools[-1].axes))
        else:
            per_source.append(run_rows(store, source))
    task_sets = [{row.task_id for row in source_rows} for source_rows in per_source]
    common = set.intersection(*task_sets)
    if not common:
        raise CodebudgetError("the runs have no finished task in common")
    table = OutcomeTable.from_rows(disambiguate(sources, per_source), missing="intersect")
    dropped = len(set.union(*task_sets)) - len(common)
    return RunOutcomes(table, sources, tuple(pools), tuple(len(s) for s in task_sets), dropped)


def disambiguate(sources: Sequence[RunSource], per_source: Sequence[list[OutcomeRow]]) -> list[OutcomeRow]:
    """All rows; a name that two runs share gets each run's short hash appended."""
    names_per_source = [{(row.config.name, row.config.selection) for row in rows} for rows in per_source]
    owners = Counter(name for names in names_per_source for name in names)
    renamed = []
    for source, rows in zip(sources, per_source):
        for row in rows:
            config = row.config
            if owners[(config.name, config.selection)] > 1:
                config = dataclasses.replace(config, name=f"{config.name} @{source.run_hash[:HASH_SHOWN]}")
            renamed.append(row._replace(config=config))
    return renamed
