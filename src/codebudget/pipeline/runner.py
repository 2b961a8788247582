"""Run one configuration over a benchmark's tasks, resumably, and summarise it."""

from __future__ import annotations

import dataclasses
from typing import Callable, Sequence

from codebudget.backends.base import Backend
from codebudget.pipeline.config import PipelineConfig
from codebudget.pipeline.context import TaskContext
from codebudget.pipeline.executor import Executor, LocalExecutor
from codebudget.pipeline.provenance import model_sha256, now_iso, provenance
from codebudget.pipeline.reuse import answered_before
from codebudget.pipeline.stages import RepairStage, SampleStage, TestStage
from codebudget.pipeline.task import TaskRunner
from codebudget.records import Problem
from codebudget.sandbox.base import Sandbox
from codebudget.store import RunRow, Store, TaskResultRow

Progress = Callable[[Problem, TaskResultRow], None]


@dataclasses.dataclass(frozen=True)
class RunSummary:
    """A configuration's totals over the tasks it has finished."""

    run_hash: str
    description: str
    tasks: int
    honest_pass: float  # public-tests selection, graded on hidden tests: what a user gets
    oracle_pass: float  # any produced version passes the hidden tests: the seed paper's measure
    mean_wall_s: float  # per task, honest policy's work
    mean_tokens: float
    mean_calls: float


def record_run(store: Store, config: PipelineConfig, isolation: str) -> str:
    """Store the configuration (once) and return its hash."""
    config_dict = config.model_dump(exclude={"api_key"})
    row = RunRow(config.hash(), config_dict, config.model, model_sha256(config), now_iso(),
                 provenance(isolation), isolation)
    return store.ensure_run(row).config_hash


def run_config(
    config: PipelineConfig,
    problems: Sequence[Problem],
    *,
    store: Store,
    backend: Backend,
    sandbox: Sandbox,
    executor: Executor | None = None,
    on_task: Progress | None = None,
) -> RunSummary:
    """Run ``config`` on ``problems``; tasks already in the store are not redone."""
    run_hash = record_run(store, config, sandbox.isolation)
    for problem in problems:
        store.add_task(problem)
    earlier = answered_before(store)
    runner = TaskRunner(store, SampleStage(backend, earlier), RepairStage(backend, earlier),
                        TestStage(sandbox, "public", config.feedback_tests), TestStage(sandbox, "hidden"))
    contexts = [TaskContext(p, config, run_hash) for p in problems]
    for ctx, result in (executor or LocalExecutor()).map(runner.run, contexts):
        if on_task:
            on_task(ctx.problem, result)
    return summarize(store, config, problems)


def summarize(store: Store, config: PipelineConfig, problems: Sequence[Problem] | None = None) -> RunSummary:
    """Totals of ``config`` over its recorded task results (restricted to ``problems`` if given)."""
    run_hash = config.hash()
    wanted = {(p.benchmark, p.task_id) for p in problems} if problems is not None else None
    rows = [r for r in store.iter_task_results(run_hash) if wanted is None or (r.benchmark, r.task_id) in wanted]
    count = max(len(rows), 1)

    def passed(row: TaskResultRow, policy: str) -> bool:
        chosen = row.selection(policy)
        return bool(chosen and chosen.hidden_passed)

    return RunSummary(
        run_hash=run_hash,
        description=config.describe(),
        tasks=len(rows),
        honest_pass=sum(passed(r, config.selection) for r in rows) / count,
        oracle_pass=sum(passed(r, "oracle") for r in rows) / count,
        mean_wall_s=sum(r.wall_s for r in rows) / count,
        mean_tokens=sum(r.tokens for r in rows) / count,
        mean_calls=sum(r.model_calls for r in rows) / count,
    )
