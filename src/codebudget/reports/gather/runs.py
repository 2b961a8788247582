"""Stored runs as report sources: which hashes exist, which are pools, their finished tasks, grid and provenance.

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
from typing import Any, Mapping, Sequence

from codebudget.candidates import Pool, load_task_pool
from codebudget.errors import CodebudgetError
from codebudget.reports.model import RunProvenance
from codebudget.store import RunRow, Store

KNOWN_RUNS_SHOWN = 5
HASH_SHOWN = 8  # characters of a run hash appended to a configuration name that two runs share
DEFAULT_NS = (1, 2, 3, 5)


def run_named(name: str, run_hash: str, shared: bool = True) -> str:
    """A configuration's name as a report shows it: with its run's short hash when two runs share the name."""
    return f"{name} @{run_hash[:HASH_SHOWN]}" if shared else name


#: Configuration fields a report shows (the rest are in the store).
CONFIG_SHOWN = ("benchmark", "n", "k", "temperature", "repair_temperature", "top_p", "max_tokens", "seed",
                "selection", "exec_timeout_s", "memory_mb", "backend", "label")


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


@dataclasses.dataclass(frozen=True)
class GridAxes:
    """The N and K levels to replay, and the requested ones left out because the pool is too small."""

    ns: tuple[int, ...]
    ks: tuple[int, ...]
    left_out: tuple[str, ...] = ()


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


def grid_axes(m: int, k_max: int, ns: Sequence[int] | None = None, ks: Sequence[int] | None = None) -> GridAxes:
    """N in ``ns`` ∩ 1..M (default 1, 2, 3, 5 capped at M), K in ``ks`` ∩ 0..K_max (default all)."""
    wanted_n = sorted(set(ns)) if ns is not None else sorted({min(n, m) for n in DEFAULT_NS})
    wanted_k = sorted(set(ks)) if ks is not None else list(range(k_max + 1))
    keep_n = tuple(n for n in wanted_n if 1 <= n <= m)
    keep_k = tuple(k for k in wanted_k if 0 <= k <= k_max)
    if not keep_n or not keep_k:
        raise CodebudgetError(f"the pool has M={m}, K_max={k_max}: none of N={wanted_n}, K={wanted_k} can be derived")
    dropped = [f"N={n}" for n in wanted_n if n not in keep_n] + [f"K={k}" for k in wanted_k if k not in keep_k]
    return GridAxes(keep_n, keep_k, tuple(dropped))


def provenance(source: RunSource, tasks_finished: int) -> RunProvenance:
    """The provenance recorded with ``source``'s run (see :mod:`codebudget.pipeline.provenance`)."""
    run, recorded = source.run, source.run.provenance
    return RunProvenance(
        run_hash=run.config_hash,
        kind=source.kind,
        model=run.model,
        model_sha256=run.model_sha256,
        created_at=run.created_at,
        config=_pairs({key: run.config[key] for key in CONFIG_SHOWN if key in run.config}),
        machine=", ".join(str(recorded[key]) for key in ("machine", "cpu") if recorded.get(key)) or "?",
        cpu_count=str(recorded.get("cpu_count", "?")),
        platform=str(recorded.get("platform", "?")),
        python=str(recorded.get("python", "?")),
        packages=_pairs(recorded.get("packages", {})),
        git=recorded.get("git"),
        isolation=run.isolation or str(recorded.get("sandbox_isolation", "?")),
        tasks_finished=tasks_finished,
    )


def _pairs(mapping: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((str(key), str(value)) for key, value in sorted(mapping.items()))
