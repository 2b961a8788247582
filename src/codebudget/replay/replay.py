"""Derive configurations from a candidate pool without calling the model.

``replay(pool, ReplayConfig(n, k))`` averages, per task, over every draw of
``n`` of the pool's ``M`` candidates (see ``semantics.md``), simulating the
pipeline's work with at most ``k`` repairs for each selection policy, then
averages over tasks.
"""

from __future__ import annotations

import dataclasses
from typing import Iterable, Sequence

from codebudget.candidates import (
    CallCost,
    CandidatePool,
    Pool,
    RunResult,
    SamplingTime,
    SelectionPolicy,
    Views,
    draws,
    fit_call_cost,
    observations,
    outcome,
    run,
    trace,
)
from codebudget.replay.results import ConfigReplay, PolicyFigures, ReplayConfig, TaskReplay
from codebudget.selection import DEFAULT_POLICIES, get_policy

PolicyLike = str | SelectionPolicy


@dataclasses.dataclass(frozen=True)
class ReplayOptions:
    """How to average: over subsets in sample order or all orderings; the enumeration cap; the seed."""

    symmetric: bool = False
    max_draws: int = 5000
    seed: int = 0


def resolve(policies: Iterable[PolicyLike]) -> tuple[SelectionPolicy, ...]:
    """Policy objects for names (or objects) given."""
    return tuple(get_policy(p) if isinstance(p, str) else p for p in policies)


def replay_task(
    task: CandidatePool,
    config: ReplayConfig,
    policies: Sequence[SelectionPolicy],
    sampling: SamplingTime,
    options: ReplayOptions = ReplayOptions(),
) -> TaskReplay:
    """Expected figures of ``config`` on one task, for each policy (its extra seconds included)."""
    if config.n > task.m:
        raise ValueError(f"{task.task_id}: cannot replay n={config.n} from a pool of {task.m} candidates")
    picked, exact = draws(task.m, config.n, symmetric=options.symmetric, max_draws=options.max_draws, seed=options.seed)
    views = Views()
    runs: dict[str, list[RunResult]] = {p.name: [] for p in policies}
    for indices in picked:
        chains = [task.chains[i] for i in indices]
        sample_s = sampling(indices)
        done = {flag: trace(chains, config.k, flag) for flag in {p.early_stop for p in policies}}
        for policy in policies:
            runs[policy.name].append(outcome(chains, done[policy.early_stop], policy, sample_s, views, task.prepared))
    figures = tuple(PolicyFigures.of_runs(p.name, runs[p.name]) for p in policies)
    return TaskReplay(config, task.benchmark, task.task_id, figures, len(picked), exact)


def replay(
    pool: Pool,
    config: ReplayConfig,
    policies: Iterable[PolicyLike] = DEFAULT_POLICIES,
    *,
    cost: CallCost | None = None,
    options: ReplayOptions = ReplayOptions(),
) -> ConfigReplay:
    """Expected figures of ``config`` per task and averaged over the pool's tasks.

    ``cost`` is the sampling-time model; by default it is fitted to the pool
    (:func:`codebudget.candidates.fit_call_cost`).
    """
    if config.k > pool.k_max:
        raise ValueError(f"cannot replay k={config.k} from a pool with k_max={pool.k_max}")
    chosen = resolve(policies)
    cost = cost or fit_call_cost(observations(pool))
    tasks = tuple(replay_task(t, config, chosen, SamplingTime.for_task(t, cost), options) for t in pool.tasks)
    figures = tuple(PolicyFigures.of_figures(p.name, [t.figure(p.name) for t in tasks]) for p in chosen)
    return ConfigReplay(config, figures, tasks)


def replay_grid(
    pool: Pool,
    ns: Iterable[int],
    ks: Iterable[int],
    policies: Iterable[PolicyLike] = DEFAULT_POLICIES,
    *,
    cost: CallCost | None = None,
    options: ReplayOptions = ReplayOptions(),
) -> tuple[ConfigReplay, ...]:
    """:func:`replay` for every ``(n, k)``, fitting the time model once."""
    cost = cost or fit_call_cost(observations(pool))
    chosen = resolve(policies)
    return tuple(replay(pool, ReplayConfig(n, k), chosen, cost=cost, options=options) for n in ns for k in ks)


def prefix_run(task: CandidatePool, config: ReplayConfig, policy: PolicyLike, sampling: SamplingTime) -> RunResult:
    """The single run a live pipeline makes: samples ``0..n-1`` in order (to compare with a live run)."""
    indices = tuple(range(config.n))
    (chosen,) = resolve([policy])
    return run([task.chains[i] for i in indices], config.k, chosen, sampling(indices), task.prepared)
