"""Adaptive policies evaluated on stored pools, to sit on the same tables and plots as fixed configurations.

Each entry of :data:`ADAPTIVE_POLICIES` builds a policy that fits a pool of
``M`` candidates and ``K_max`` repair rounds (or None when it does not fit).
Their figures are exact expectations over candidate orderings
(:func:`codebudget.analysis.evaluate_policy`) and assume **one-by-one
sampling**: every sample after the first is its own model call, timed by the
pool's fitted single-sample call model, with no batching speed-up.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Sequence

from codebudget.analysis import (
    Config,
    ConfigOutcomes,
    Repair,
    Sample,
    SelectionMode,
    StagedPolicy,
    TaskPool,
    escalating_policy,
    evaluate_policy,
)
from codebudget.reports.adapter import adapt_pool
from codebudget.reports.collect import HASH_SHOWN, LoadedPool

ADAPTIVE_PREFIX = "adaptive"
ASSUMPTION = "adaptive policies assume one-by-one sampling (each sample its own model call, no batching speed-up)"

PolicyFactory = Callable[[int, int], StagedPolicy | None]


def _escalate(m: int, k_max: int) -> StagedPolicy | None:
    """One sample; up to M−1 more one by one; then one repair of the best sample passing half the public tests."""
    return escalating_policy(first=1, more=m - 1, rounds=min(1, k_max), min_public_fraction=0.5, width=1)


def _one_by_one(m: int, k_max: int) -> StagedPolicy | None:
    """N=M, K=K_max, but samples drawn and tested one at a time (stopping at the first public pass)."""
    if m < 2:
        return None
    return StagedPolicy((Sample(m), Repair(k_max)), label=f"S+{m}>R{k_max}")


#: Adaptive policies a report evaluates, by short name.
ADAPTIVE_POLICIES: dict[str, PolicyFactory] = {"escalate": _escalate, "one-by-one": _one_by_one}


@dataclasses.dataclass(frozen=True)
class AdaptiveOutcomes:
    """One adaptive policy's per-task outcomes under both modes, on a pool's tasks."""

    name: str
    policy: str  # the staged policy's own description, e.g. S1>S+4>R1@0.5x1
    run_hash: str
    honest: ConfigOutcomes
    oracle: ConfigOutcomes
    exact: bool

    def outcomes(self, selection: SelectionMode) -> ConfigOutcomes:
        """The outcomes under one selection mode."""
        return self.honest if SelectionMode(selection) is SelectionMode.HONEST else self.oracle


def evaluate_adaptive(loaded: Sequence[LoadedPool], task_ids: Sequence[str],
                      policies: dict[str, PolicyFactory] = ADAPTIVE_POLICIES) -> tuple[AdaptiveOutcomes, ...]:
    """Every policy that fits each pool, on the tasks ``task_ids`` (the report's common tasks)."""
    wanted = set(task_ids)
    suffix = len(loaded) > 1
    found = []
    for item in loaded:
        pools = [task for task in adapt_pool(item.pool) if task.task_id in wanted]
        for short, factory in policies.items():
            policy = factory(item.pool.m, item.pool.k_max)
            if policy is not None:
                found.append(_evaluate(short, policy, item, pools, suffix))
    return tuple(found)


def _evaluate(short: str, policy: StagedPolicy, item: LoadedPool, pools: list[TaskPool],
              suffix: bool) -> AdaptiveOutcomes:
    run_hash = item.source.run_hash
    name = f"{ADAPTIVE_PREFIX} {short}" + (f" @{run_hash[:HASH_SHOWN]}" if suffix else "")
    params = (("policy", policy.name), ("sampling", "one-by-one"), ("run", run_hash), ("source", "adaptive"))
    config = Config(name, SelectionMode.HONEST, temperature=item.pool.temperature, params=params)
    evaluation = evaluate_policy(policy, pools, config)
    return AdaptiveOutcomes(name, policy.name, run_hash, evaluation.honest, evaluation.oracle, evaluation.exact)
