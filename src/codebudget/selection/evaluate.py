"""Measure selection policies on a candidate pool: honest pass@1 per N, its interval, the gap to the oracle.

:func:`evaluate` loads a pool, attaches behaviours where a policy needs them
(:mod:`codebudget.selection.behaviours`), replays every (N, K) with every
policy (each N-subset of the M candidates, as :mod:`codebudget.replay` does)
and summarises per policy: the mean over tasks of the chosen version's hidden
pass rate, a seeded percentile bootstrap interval over tasks, the paired gap
to the oracle at the same (N, K), and the extra seconds per task that the
policy's own executions cost (averaged over the same subsets).
"""

from __future__ import annotations

import dataclasses
from typing import Iterable, Sequence

import numpy as np

from codebudget.analysis.bootstrap import PairedBootstrap
from codebudget.analysis.outcomes import SelectionMode
from codebudget.errors import CodebudgetError
from codebudget.records import Problem
from codebudget.replay import (
    ORACLE,
    ConfigReplay,
    Pool,
    ReplayConfig,
    ReplayOptions,
    SelectionPolicy,
    TaskPool,
    draws,
    extra_s,
    fit_call_cost,
    get_policy,
    load_pool,
    observations,
    replay,
    trace,
)
from codebudget.replay.simulate import Views
from codebudget.sandbox import Limits, open_sandbox
from codebudget.selection.behaviours import SandboxFactory, attach, collect
from codebudget.selection.inputs import PUBLIC_ARGUMENTS, InputSource
from codebudget.store import Store

HONEST_POLICIES = ("first", "public-tests", "public-count", "logprob", "behaviour-vote", "public-then-vote")


class SelectionError(CodebudgetError):
    """The pool cannot be evaluated as asked (unknown pool, N or K too large, a task without its problem)."""


@dataclasses.dataclass(frozen=True)
class Settings:
    """How to evaluate: repair rounds, input source, sandbox, averaging and the bootstrap."""

    ks: tuple[int, ...] = (0,)
    source: InputSource = PUBLIC_ARGUMENTS
    isolation: str = "auto"
    limits: Limits = Limits()
    options: ReplayOptions = ReplayOptions()
    n_resamples: int = 2000
    seed: int = 0
    level: float = 0.95


@dataclasses.dataclass(frozen=True)
class SelectionResult:
    """One policy at one (N, K): pass@1 with its interval, the gap to the oracle, and the cost.

    ``mode`` says whether the policy is honest (never sees hidden results) or
    the oracle. ``gap`` is pass@1 minus the oracle's (paired interval over
    tasks). ``wall_s`` is the pipeline's time per task for this policy's work
    (with its early stop); ``extra_s`` the sandbox time of its own executions,
    to be added to it.
    """

    policy: str
    mode: SelectionMode
    n: int
    k: int
    pass_at_1: float
    low: float
    high: float
    oracle: float
    gap: float
    gap_low: float
    gap_high: float
    wall_s: float
    extra_s: float
    tasks: int
    per_task: tuple[float, ...] = dataclasses.field(default=(), repr=False)

    @property
    def total_s(self) -> float:
        """Time per task including the policy's extra executions."""
        return self.wall_s + self.extra_s


def evaluate(
    store: Store,
    pool_hash: str,
    problems: Iterable[Problem] | None,
    ns: Sequence[int],
    policies: Sequence[str | SelectionPolicy] | None = None,
    *,
    settings: Settings = Settings(),
    sandbox: SandboxFactory | None = None,
) -> tuple[SelectionResult, ...]:
    """Every policy (default: all honest ones and the oracle) at every N of ``ns`` and K of ``settings.ks``.

    ``problems`` gives the tasks' inputs (default: the problems recorded in
    the store). Behaviours are executed only if a chosen policy declares an
    ``extra_s`` cost, in ``sandbox`` (a context-manager factory) or a sandbox
    opened at ``settings.isolation``; results are cached in ``store``.
    """
    chosen = _policies(policies)
    pool = _pool(store, pool_hash, ns, settings.ks)
    if any(hasattr(p, "extra_s") for p in chosen):
        factory = sandbox or (lambda: open_sandbox(settings.isolation, workers=2))
        found = collect(store, pool, _problems(store, pool, problems), settings.source, settings.ks, factory,
                        settings.limits)
        pool = attach(pool, found.behaviours)
    boot = PairedBootstrap.draw([f"{t.benchmark}/{t.task_id}" for t in pool.tasks], settings.n_resamples,
                                settings.seed, settings.level)
    cost = fit_call_cost(observations(pool))
    results = []
    for k in settings.ks:
        for n in ns:
            grid = replay(pool, ReplayConfig(n, k), chosen, cost=cost, options=settings.options)
            results.extend(_summaries(pool, grid, chosen, boot, settings.options))
    return tuple(results)


def _policies(names: Sequence[str | SelectionPolicy] | None) -> tuple[SelectionPolicy, ...]:
    try:
        found = [get_policy(p) if isinstance(p, str) else p for p in (names or HONEST_POLICIES)]
    except KeyError as error:
        raise SelectionError(str(error.args[0])) from None
    return tuple({p.name: p for p in (*found, ORACLE)}.values())


def _pool(store: Store, pool_hash: str, ns: Sequence[int], ks: Sequence[int]) -> Pool:
    run = store.get_run(pool_hash)
    if run is None:
        raise SelectionError(f"no pool {pool_hash!r} in {store.path}")
    k_max = run.config.get("k_max", run.config.get("k"))
    pool = load_pool(store, pool_hash, k_max=None if k_max is None else int(k_max))
    if not pool.tasks:
        raise SelectionError(f"pool {pool_hash} has no tasks")
    if not ns or not ks or max(ns) > pool.m or min(ns) < 1 or max(ks) > pool.k_max or min(ks) < 0:
        raise SelectionError(f"pool {pool_hash} has M={pool.m}, K_max={pool.k_max}: cannot evaluate N={list(ns)}, "
                             f"K={list(ks)}")
    return pool


def _problems(store: Store, pool: Pool, given_problems: Iterable[Problem] | None) -> dict[tuple[str, str], Problem]:
    known = {(p.benchmark, p.task_id): p for p in (given_problems if given_problems is not None else store.iter_tasks())}
    missing = [f"{t.benchmark}/{t.task_id}" for t in pool.tasks if (t.benchmark, t.task_id) not in known]
    if missing:
        raise SelectionError(f"no problem for {len(missing)} task(s) of the pool, e.g. {missing[0]}")
    return known


def _summaries(pool: Pool, grid: ConfigReplay, policies: Sequence[SelectionPolicy], boot: PairedBootstrap,
               options: ReplayOptions) -> list[SelectionResult]:
    oracle = np.array([t.figure(ORACLE.name).pass_rate for t in grid.tasks])
    results = []
    for policy in policies:
        values = np.array([t.figure(policy.name).pass_rate for t in grid.tasks])
        value, low, high = boot.interval(values)
        gap, gap_low, gap_high = boot.interval(values - oracle)
        extra = [task_extra_s(t, grid.config, policy, options) for t in pool.tasks]
        results.append(SelectionResult(
            policy.name, SelectionMode.ORACLE if policy.uses_hidden else SelectionMode.HONEST, grid.config.n,
            grid.config.k, value, low, high, float(oracle.mean()), gap, gap_low, gap_high,
            grid.figure(policy.name).wall_s, float(np.mean(extra)), len(grid.tasks), tuple(values.tolist())))
    return results


def task_extra_s(task: TaskPool, config: ReplayConfig, policy: SelectionPolicy,
                 options: ReplayOptions = ReplayOptions()) -> float:
    """The policy's extra seconds on one task, averaged over the same draws of candidates as replay."""
    if not hasattr(policy, "extra_s"):
        return 0.0
    picked, _ = draws(task.m, config.n, symmetric=options.symmetric, max_draws=options.max_draws, seed=options.seed)
    views, total = Views(), 0.0
    for indices in picked:
        chains = [task.chains[i] for i in indices]
        done = trace(chains, config.k, policy.early_stop)
        candidates = [views.candidate(c, produced, tested, policy.uses_hidden)
                      for c, produced, tested in zip(chains, done.produced, done.tested)]
        total += extra_s(policy, candidates)
    return total / len(picked)

