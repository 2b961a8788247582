"""Spending schedules (the report's "adaptive policies") evaluated on stored pools, beside the fixed configurations.

Every schedule registered in :data:`codebudget.analysis.SCHEDULES` that fits a
pool of ``M`` candidates and ``K_max`` repair rounds is evaluated on the pool's
costed candidates (:func:`codebudget.candidates.costed_pool`, which says how each
version's cost is read). Their figures are exact expectations over candidate
orderings (:func:`codebudget.analysis.evaluate_schedule`) and assume **one-by-one
sampling**: every sample after the first is its own model call, timed by the
pool's fitted single-sample call model, with no batching speed-up.
"""

from __future__ import annotations

import dataclasses
from typing import Iterable, Sequence

from codebudget.analysis import (
    SCHEDULES,
    Config,
    ConfigOutcomes,
    NamedSchedule,
    Schedule,
    SelectionMode,
    evaluate_schedule,
)
from codebudget.candidates import CostedPool, costed_pool
from codebudget.reports.gather.outcomes import LoadedPool
from codebudget.reports.gather.runs import run_named

ADAPTIVE_PREFIX = "adaptive"
ASSUMPTION = "adaptive policies assume one-by-one sampling (each sample its own model call, no batching speed-up)"


@dataclasses.dataclass(frozen=True)
class AdaptiveOutcomes:
    """One spending schedule's per-task outcomes under both modes, on a pool's tasks."""

    name: str
    policy: str  # the schedule's own description, e.g. S1>S+4>R1@0.5x1
    run_hash: str
    honest: ConfigOutcomes
    oracle: ConfigOutcomes
    exact: bool

    def outcomes(self, selection: SelectionMode) -> ConfigOutcomes:
        """The outcomes under one selection mode."""
        return self.honest if SelectionMode(selection) is SelectionMode.HONEST else self.oracle


def evaluate_adaptive(loaded: Sequence[LoadedPool], task_ids: Sequence[str],
                      schedules: Iterable[NamedSchedule] | None = None) -> tuple[AdaptiveOutcomes, ...]:
    """Every schedule (default: all registered) that fits each pool, on the tasks ``task_ids`` (the report's
    common tasks)."""
    wanted = set(task_ids)
    suffix = len(loaded) > 1
    chosen = tuple(SCHEDULES.values()) if schedules is None else tuple(schedules)
    found = []
    for item in loaded:
        pools = [task for task in costed_pool(item.pool) if task.task_id in wanted]
        for named in chosen:
            schedule = named.build(item.pool.m, item.pool.k_max)
            if schedule is not None:
                found.append(_evaluate(named.name, schedule, item, pools, suffix))
    return tuple(found)


def _evaluate(short: str, schedule: Schedule, item: LoadedPool, pools: list[CostedPool],
              suffix: bool) -> AdaptiveOutcomes:
    run_hash = item.source.run_hash
    name = run_named(f"{ADAPTIVE_PREFIX} {short}", run_hash, suffix)
    params = (("policy", schedule.name), ("sampling", "one-by-one"), ("run", run_hash), ("source", "adaptive"))
    config = Config(name, SelectionMode.HONEST, temperature=item.pool.temperature, params=params)
    evaluation = evaluate_schedule(schedule, pools, config)
    return AdaptiveOutcomes(name, schedule.name, run_hash, evaluation.honest, evaluation.oracle, evaluation.exact)
