"""Selection policies without hidden tests, replayed from pools, to sit on the report's tables and Pareto plot.

The report's grid uses the ``public-tests`` policy for honest figures. With
``--policies`` it adds, for every pool and every (N, K) of its grid, one
honest configuration per named policy (``N=5 K=0 behaviour-vote``): its
per-task pass rate and cost, where the cost adds the policy's own work
(:func:`codebudget.selection.task_extra_s`: executions on shared inputs or
generated tests, and the model time that wrote the tests).

A report only reads: the evidence a policy needs — outputs on shared inputs
(behaviour voting), model-written tests and the results on them (CodeT-style
policies) — comes from the store, where ``codebudget select POOL --policies ...``
puts it. Nothing is executed and no model is called here: when some of it is
missing, :class:`MissingEvidence` says so in one line, naming the ``select``
command that gathers it.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, ContextManager, Sequence

from codebudget.analysis import Config, ConfigOutcomes, OutcomeRow, SelectionMode
from codebudget.analysis.outcomes import outcomes_from_rows
from codebudget.candidates import Pool, SelectionPolicy, task_key
from codebudget.errors import CodebudgetError
from codebudget.reports.gather.outcomes import LoadedPool, cell_name
from codebudget.reports.gather.runs import run_named
from codebudget.reports.model import POLICY_OF_MODE
from codebudget.selection import get_policy
from codebudget.store import Store

if TYPE_CHECKING:
    from codebudget.sandbox import Sandbox
    from codebudget.replay import ConfigReplay
    from codebudget.evidence.evaluate import TestSupply

POLICY_SOURCE = "policy"


class MissingEvidence(CodebudgetError):
    """A policy of the report reads evidence (behaviours, generated tests) that the store does not hold."""


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


def evaluate_policies(store: Store, loaded: Sequence[LoadedPool], task_ids: Sequence[str],
                      names: Sequence[str]) -> tuple[PolicyOutcomes, ...]:
    """Every named policy at every (N, K) of each pool's grid, on the report's tasks ``task_ids``."""
    policies = report_policies(names)
    if not policies:
        return ()
    suffix = len(loaded) > 1
    return tuple(found for item in loaded for found in _pool_policies(store, item, policies, set(task_ids), suffix))


def _pool_policies(store: Store, item: LoadedPool, policies: Sequence[SelectionPolicy], wanted: set[str],
                   suffix: bool) -> list[PolicyOutcomes]:
    from codebudget.evidence.evaluate import policy_grids

    pool = stored_evidence(store, item, policies)
    found = []
    for replayed in policy_grids(pool, item.axes.ns, item.axes.ks, policies):
        for policy in policies:
            config = _config(item, replayed.config.n, replayed.config.k, policy.name, suffix)
            outcomes = outcomes_from_rows(config, _rows(config, replayed, policy.name, wanted))
            found.append(PolicyOutcomes(policy.name, item.source.run_hash, outcomes))
    return found


def _rows(config: Config, replayed: ConfigReplay, policy: str, wanted: set[str]) -> list[OutcomeRow]:
    """Per-task rows of ``policy`` at one (N, K): its expected pass rate, and its time with its own work added."""
    rows = []
    for task in replayed.tasks:
        key, figure = task_key(task.benchmark, task.task_id), task.figure(policy)
        if key in wanted:
            rows.append(OutcomeRow(config, key, figure.pass_rate, figure.wall_s + figure.extra_s, figure.tokens,
                                   figure.model_calls))
    return rows


def _config(item: LoadedPool, n: int, k: int, policy: str, suffix: bool) -> Config:
    run_hash = item.source.run_hash
    name = run_named(f"{cell_name(n, k)} {policy}", run_hash, suffix)
    params = (("policy", policy), ("run", run_hash), ("source", POLICY_SOURCE))
    return Config(name, SelectionMode.HONEST, n=n, k=k, temperature=item.pool.temperature, params=params)


# --- the stored evidence ----------------------------------------------------------------------------------------


def stored_evidence(store: Store, item: LoadedPool, policies: Sequence[SelectionPolicy]) -> Pool:
    """The pool with the stored evidence its ``policies`` read attached; :class:`MissingEvidence` if some is not stored.

    The selection package attaches it (:func:`codebudget.selection.prepare_pool`) with a sandbox that refuses to
    open: every (version, input) pair it finds in the store is used, and the first one it would have to run
    ends the report instead.
    """
    from codebudget.evidence.evaluate import Settings, prepare_pool
    from codebudget.evidence import needs_behaviour, needs_checks

    def refuse() -> ContextManager[Sandbox]:
        readers = [p for p in policies if needs_behaviour(p) or needs_checks(p)]
        raise MissingEvidence(f"pool {item.source.run_hash}: the outputs that {', '.join(p.name for p in readers)} "
                              f"read are not all stored; gather them first: {gather_command(store, item, readers)}")

    settings = Settings(ks=item.axes.ks, tests=_stored_tests(store, item, policies))
    return prepare_pool(store, item.pool, None, policies, settings, sandbox=refuse)


def _stored_tests(store: Store, item: LoadedPool, policies: Sequence[SelectionPolicy]) -> TestSupply | None:
    """The pool's stored model-written tests when a policy reads them; :class:`MissingEvidence` if some are not."""
    from codebudget.evidence.evaluate import PUBLIC_ARGUMENTS
    from codebudget.evidence import GeneratorSettings, pool_supply
    from codebudget.evidence import needs_checks, needs_generated

    if not needs_generated(policies, PUBLIC_ARGUMENTS):
        return None
    supply = pool_supply(item.source.run, GeneratorSettings())
    tasks = [(task.benchmark, task.task_id) for task in item.pool.tasks]
    missing = supply.missing(store, tasks)
    if missing:
        readers = [p for p in policies if needs_checks(p)]
        raise MissingEvidence(f"pool {item.source.run_hash}: model-written tests are stored for "
                              f"{len(tasks) - len(missing)} of {len(tasks)} tasks; write them first: "
                              f"{gather_command(store, item, readers)}")
    return supply


def gather_command(store: Store, item: LoadedPool, policies: Sequence[SelectionPolicy]) -> str:
    """The ``codebudget select`` line that stores what ``policies`` read for the report's grid of this pool."""
    def listed(values: Sequence[object]) -> str:
        return ",".join(str(v) for v in values)

    return (f"codebudget select {item.source.run_hash} --n {listed(item.axes.ns)} --k {listed(item.axes.ks)} "
            f"--policies {listed([p.name for p in policies])} --db {store.path}")
