"""Stored runs as report sources: which hashes exist, which are pools, which tasks are finished.

Every run does all the work of its configuration (all N candidates, every
repair chain, every version graded; see ``replay/semantics.md``), so a run
with N > 1 or K > 0 is a *pool*: the report derives a grid of (N, K)
configurations from it by replay, whichever command made it (``pool``, ``run``,
``sweep``). A run with N = 1 and K = 0 (``eval``, greedy runs) is a *direct
run*: one configuration, read task by task from what it recorded. Only finished tasks
(those with a recorded task result) are used, so a report can be made while a
run is still going.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

from codebudget.errors import CodebudgetError
from codebudget.replay import Pool
from codebudget.replay.load import load_task_pool
from codebudget.store import RunRow, Store

KNOWN_RUNS_SHOWN = 5


@dataclasses.dataclass(frozen=True)
class RunSource:
    """One stored run the report reads, and whether it is a pool."""

    run: RunRow
    is_pool: bool

    @property
    def run_hash(self) -> str:
        """The run's configuration hash."""
        return self.run.config_hash

    @property
    def kind(self) -> str:
        """``pool`` or ``run``."""
        return "pool" if self.is_pool else "run"

    @property
    def k_max(self) -> int:
        """The run's repair rounds (a pool's ``K_max``)."""
        return int(self.run.config.get("k_max", self.run.config.get("k", 0)))


def task_key(benchmark: str, task_id: str) -> str:
    """The task's id in reports: benchmark-qualified, so runs of different benchmarks never align by accident."""
    return f"{benchmark}:{task_id}"


def open_sources(store: Store, hashes: Sequence[str]) -> tuple[RunSource, ...]:
    """The runs called ``hashes`` (each once, in the order given); a one-line error names any unknown one."""
    if not hashes:
        raise CodebudgetError("name at least one run hash")
    sources = []
    for run_hash in dict.fromkeys(hashes):
        run = store.get_run(run_hash)
        if run is None:
            raise CodebudgetError(f"no run {run_hash!r} in {store.path}; {_known(store)}")
        sources.append(RunSource(run, is_pool(run)))
    return tuple(sources)


def is_pool(run: RunRow) -> bool:
    """Whether a grid of configurations can be derived from the run (N > 1 or K > 0)."""
    return int(run.config.get("n", 1)) > 1 or int(run.config.get("k", 0)) > 0


def _known(store: Store) -> str:
    hashes = [run.config_hash for run in store.iter_runs()]
    if not hashes:
        return "the store holds no runs"
    more = f" and {len(hashes) - KNOWN_RUNS_SHOWN} more" if len(hashes) > KNOWN_RUNS_SHOWN else ""
    return f"known runs: {', '.join(hashes[:KNOWN_RUNS_SHOWN])}{more}"


def finished_tasks(store: Store, run_hash: str) -> tuple[tuple[str, str], ...]:
    """``(benchmark, task_id)`` of every task the run finished."""
    return tuple((row.benchmark, row.task_id) for row in store.iter_task_results(run_hash))


def load_finished_pool(store: Store, source: RunSource) -> Pool:
    """The run's candidate pool restricted to its finished tasks."""
    tasks = finished_tasks(store, source.run_hash)
    if not tasks:
        raise CodebudgetError(f"run {source.run_hash} has no finished tasks yet")
    temperature = float(source.run.config.get("temperature", 0.0))
    try:
        pools = tuple(load_task_pool(store, source.run_hash, benchmark, task_id) for benchmark, task_id in tasks)
        return Pool(source.run_hash, source.k_max, temperature, pools)
    except ValueError as error:
        raise CodebudgetError(f"run {source.run_hash}: cannot read its candidates: {error}") from None
