"""Outcome tables from stored runs: pools replayed into grids, direct runs read task by task.

Several runs combine into one :class:`~codebudget.analysis.OutcomeTable`,
aligned on the tasks all of them finished (the others are dropped and
counted). Configuration names are ``N=2 K=1``; when two runs would give the
same name, both get their run hash appended (``N=2 K=1 @55103cc7``).

* A **pool** gives every replayed (N, K) under both selection modes
  (``public-tests`` for honest, ``oracle`` for oracle; :func:`codebudget.replay.replay_grid`).
* A **direct run** (``run``, ``eval``, ``sweep``) gives one configuration.
  Success is what the run recorded: the hidden-test result of the version each
  mode's policy selected. Time, tokens and calls are each policy's own work
  order, accounted from the recorded versions exactly as the pipeline did when
  it recorded the result (:func:`codebudget.replay.run`, measured sampling
  call): the honest policy stops at the first public pass, the oracle does all the work.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Sequence

from codebudget.analysis import Config, OutcomeRow, OutcomeTable, SelectionMode
from codebudget.candidates import Pool, load_task_pool, run as simulate_run, task_key
from codebudget.errors import CodebudgetError
from codebudget.replay import ConfigReplay, replay_grid
from codebudget.reports.gather.runs import GridAxes, RunSource, grid_axes, load_finished_pool, open_sources, run_named
from codebudget.reports.model import MODES, POLICY_OF_MODE, PreparedTask
from codebudget.selection import get_policy
from codebudget.store import Store, TaskResultRow


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
    prepared: tuple[PreparedTask, ...] = ()  # what the runs' prompt stages prepared, per task

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
    prepared = tuple(PreparedTask(s.run_hash, row.task_id, row.preparation.stage, row.preparation.text,
                                  row.preparation.sources, row.preparation.wall_s)
                     for s in sources for row in store.iter_preparations(s.run_hash)
                     if task_key(row.benchmark, row.task_id) in common)
    return RunOutcomes(table, sources, tuple(pools), tuple(len(s) for s in task_sets), dropped, prepared)


def disambiguate(sources: Sequence[RunSource], per_source: Sequence[list[OutcomeRow]]) -> list[OutcomeRow]:
    """All rows; a name that two runs share gets each run's short hash appended."""
    names_per_source = [{(row.config.name, row.config.selection) for row in rows} for rows in per_source]
    owners = Counter(name for names in names_per_source for name in names)
    renamed = []
    for source, rows in zip(sources, per_source):
        for row in rows:
            config = row.config
            if owners[(config.name, config.selection)] > 1:
                config = dataclasses.replace(config, name=run_named(config.name, source.run_hash))
            renamed.append(row._replace(config=config))
    return renamed


def cell_name(n: int, k: int) -> str:
    """A grid configuration's name, e.g. ``N=2 K=1``."""
    return f"N={n} K={k}"


# --- pools ------------------------------------------------------------------------------------------------------


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


# --- direct runs ------------------------------------------------------------------------------------------------


def direct_config(source: RunSource, mode: SelectionMode) -> Config:
    """The run as one configuration of the given selection mode."""
    config = source.run.config
    n, k = int(config.get("n", 1)), source.k_max
    seed = config.get("seed")
    return Config(cell_name(n, k), mode, n=n, k=k, temperature=float(config.get("temperature", 0.0)),
                  seed=None if seed is None else int(seed), params=(("source", "run"), ("run", source.run_hash)))


def run_rows(store: Store, source: RunSource) -> list[OutcomeRow]:
    """One row per finished task and selection mode."""
    results = list(store.iter_task_results(source.run_hash))
    if not results:
        raise CodebudgetError(f"run {source.run_hash} has no finished tasks yet")
    configs = {mode: direct_config(source, mode) for mode in MODES}
    return [row for result in results for row in _task_rows(store, source, result, configs)]


def _task_rows(store: Store, source: RunSource, result: TaskResultRow,
               configs: dict[SelectionMode, Config]) -> list[OutcomeRow]:
    task = load_task_pool(store, source.run_hash, result.benchmark, result.task_id)
    sample_s = task.calls[0].wall_s if task.calls else 0.0
    key = task_key(result.benchmark, result.task_id)
    rows = []
    for mode, config in configs.items():
        policy = POLICY_OF_MODE[mode]
        chosen = result.selection(policy)
        if chosen is None:
            raise CodebudgetError(f"run {source.run_hash}: task {result.task_id} has no {policy!r} selection recorded")
        work = simulate_run(task.chains, source.k_max, get_policy(policy), sample_s, task.prepared)
        rows.append(OutcomeRow(config, key, float(chosen.hidden_passed), work.wall_s, work.tokens, work.model_calls))
    return rows
