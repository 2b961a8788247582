"""Outcome rows of a direct run (``run``, ``eval``, ``sweep``), task by task, under both selection modes.

Success is what the run recorded: the hidden-test result of the version each
policy selected (``public-tests`` for honest, ``oracle`` for oracle). Time,
tokens and calls are each policy's own work order, accounted from the
recorded versions exactly as the pipeline did when it recorded the result
(:func:`codebudget.replay.run`, measured sampling call): the honest policy
stops at the first public pass, the oracle does all the work.
"""

from __future__ import annotations

from codebudget.analysis import Config, OutcomeRow, SelectionMode
from codebudget.errors import CodebudgetError
from codebudget.replay import get_policy
from codebudget.replay import run as simulate_run
from codebudget.replay.load import load_task_pool
from codebudget.reports.modes import MODES, POLICY_OF_MODE
from codebudget.reports.pool_outcomes import cell_name
from codebudget.reports.runs import RunSource, task_key
from codebudget.store import Store, TaskResultRow


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
        work = simulate_run(task.chains, source.k_max, get_policy(policy), sample_s)
        rows.append(OutcomeRow(config, key, float(chosen.hidden_passed), work.wall_s, work.tokens, work.model_calls))
    return rows
