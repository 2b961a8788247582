"""Selection policies without hidden tests, replayed from pools, to sit on the report's tables and Pareto plot.

The report's grid uses the ``public-tests`` policy for honest figures. With
``--policies`` it adds, for every pool and every (N, K) of its grid, one
honest configuration per named policy (``N=5 K=0 behaviour-vote``): its
per-task pass rate and cost, where the cost adds the policy's own work
(:func:`codebudget.selection.task_extra_s`: executions on shared inputs or
generated tests, and the model time that wrote the tests). Behaviours are run
in the sandbox and cached as ``codebudget select`` does; generated tests are
only read from the store (``codebudget select --policies codet`` writes
them), never generated here.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Sequence

from codebudget.analysis import Config, ConfigOutcomes, OutcomeRow, SelectionMode
from codebudget.analysis.outcomes import outcomes_from_rows
from codebudget.errors import CodebudgetError
from codebudget.replay import SelectionPolicy, get_policy
from codebudget.reports.collect import HASH_SHOWN, LoadedPool
from codebudget.reports.modes import POLICY_OF_MODE
from codebudget.reports.pool_outcomes import cell_name
from codebudget.reports.runs import task_key
from codebudget.store import Store

if TYPE_CHECKING:
    from codebudget.selection import PolicyGrid, TestSupply

POLICY_SOURCE = "policy"


@dataclasses.dataclass(frozen=True)
class PolicyOutcomes:
    """One honest selection policy at one (N, K) of a pool: per-task outcomes, its own work counted."""

    policy: str
    run_hash: str
    outcomes: ConfigOutcomes

    @property
    def name(self) -> str:
        """The configuration's name in the report, e.g. ``N=5 K=0 behaviour-vote``."""
        return self.outcomes.config.name


def report_policies(names: Sequence[str]) -> tuple[SelectionPolicy, ...]:
    """The named policies, less the two every report shows (``public-tests``, ``oracle``); honest ones only."""
    try:
        found = [get_policy(name) for name in dict.fromkeys(names)]
    except KeyError as error:
        raise CodebudgetError(str(error.args[0])) from None
    hidden = [p.name for p in found if p.uses_hidden and p.name not in POLICY_OF_MODE.values()]
    if hidden:
        raise CodebudgetError(f"{', '.join(hidden)} read(s) hidden tests: a report adds honest policies only")
    return tuple(p for p in found if p.name not in POLICY_OF_MODE.values())


def evaluate_policies(store: Store, loaded: Sequence[LoadedPool], task_ids: Sequence[str], names: Sequence[str],
                      isolation: str = "auto") -> tuple[PolicyOutcomes, ...]:
    """Every named policy at every (N, K) of each pool's grid, on the report's tasks ``task_ids``."""
    policies = report_policies(names)
    if not policies:
        return ()
    suffix = len(loaded) > 1
    return tuple(found for item in loaded
                 for found in _pool_policies(store, item, policies, set(task_ids), isolation, suffix))


def _pool_policies(store: Store, item: LoadedPool, policies: Sequence[SelectionPolicy], wanted: set[str],
                   isolation: str, suffix: bool) -> list[PolicyOutcomes]:
    from codebudget.selection import Settings, policy_grids, prepare_pool

    settings = Settings(ks=item.axes.ks, tests=_stored_tests(store, item, policies), isolation=isolation)
    pool = prepare_pool(store, item.pool, None, policies, settings)
    found = []
    for grid in policy_grids(pool, item.axes.ns, item.axes.ks, policies, settings.options):
        for policy in policies:
            config = _config(item, grid.replay.config.n, grid.replay.config.k, policy.name, suffix)
            outcomes = outcomes_from_rows(config, _rows(config, grid, policy.name, wanted))
            found.append(PolicyOutcomes(policy.name, item.source.run_hash, outcomes))
    return found


def _rows(config: Config, grid: PolicyGrid, policy: str, wanted: set[str]) -> list[OutcomeRow]:
    """Per-task rows of ``policy`` in ``grid``: its expected pass rate, and its time with its own work added."""
    rows = []
    for task, extra in zip(grid.replay.tasks, grid.extra(policy)):
        key, figure = task_key(task.benchmark, task.task_id), task.figure(policy)
        if key in wanted:
            rows.append(OutcomeRow(config, key, figure.pass_rate, figure.wall_s + extra, figure.tokens,
                                   figure.model_calls))
    return rows


def _config(item: LoadedPool, n: int, k: int, policy: str, suffix: bool) -> Config:
    run_hash = item.source.run_hash
    name = f"{cell_name(n, k)} {policy}" + (f" @{run_hash[:HASH_SHOWN]}" if suffix else "")
    params = (("policy", policy), ("run", run_hash), ("source", POLICY_SOURCE))
    return Config(name, SelectionMode.HONEST, n=n, k=k, temperature=item.pool.temperature, params=params)


def _stored_tests(store: Store, item: LoadedPool, policies: Sequence[SelectionPolicy]) -> TestSupply | None:
    """The pool's stored model-written tests when a policy reads them; a one-line error when some are missing."""
    from codebudget.selection import PUBLIC_ARGUMENTS, GeneratorSettings, pool_supply
    from codebudget.selection.prepare import needs_generated

    if not needs_generated(policies, PUBLIC_ARGUMENTS):
        return None
    run_hash = item.source.run_hash
    supply = pool_supply(item.source.run, GeneratorSettings())
    tasks = [(task.benchmark, task.task_id) for task in item.pool.tasks]
    missing = supply.missing(store, tasks)
    if missing:
        names = ",".join(p.name for p in policies)
        raise CodebudgetError(f"pool {run_hash}: model-written tests are stored for {len(tasks) - len(missing)} of "
                              f"{len(tasks)} tasks; write them first: codebudget select {run_hash} --policies {names}")
    return supply
