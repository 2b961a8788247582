"""One task done on a worker that has no access to the store: what is shipped there, and what comes back.

The driver stays the only writer of the SQLite store (resume, run identity and
exports are as with the local executor). For each task it claims, it ships a
:class:`TaskOrder`: the problem, the configuration, the run's row, every row
the store already holds of the task (a task that was half done resumes from
them) and the greedy answers of other runs that the task may reuse
(:func:`codebudget.pipeline.reuse.usable_answers`). The worker (:func:`do_task`)
runs the ordinary :class:`~codebudget.pipeline.task.TaskRunner` on a private
scratch store seeded with those rows, with its own backend and sandbox, times
the task there, and ships back a :class:`TaskDone`: the rows it made, the
task's result and where it was done (:class:`~codebudget.store.TaskWorkerRow`).
The driver writes them in one transaction (:func:`record_done`), so a task is
in the store whole or not at all; a worker that dies loses only its task.
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from codebudget.pipeline.config import PipelineConfig
from codebudget.pipeline.context import TaskContext
from codebudget.pipeline.provenance import now_iso
from codebudget.pipeline.reuse import answered_before, usable_answers
from codebudget.records import Problem
from codebudget.store import (
    ExecutionRow,
    ExtractionRow,
    GenerationRow,
    PreparationRow,
    RunRow,
    Store,
    TaskResultRow,
    TaskWorkerRow,
)

if TYPE_CHECKING:
    from codebudget.pipeline.executor import Worker

TaskKey = tuple[str, str, str]  # (run hash, benchmark, task id)


@dataclasses.dataclass(frozen=True)
class TaskRows:
    """A task's rows under one run (what a worker is given to resume from, or what it made)."""

    preparations: tuple[PreparationRow, ...] = ()
    generations: tuple[GenerationRow, ...] = ()
    extractions: tuple[ExtractionRow, ...] = ()
    executions: tuple[ExecutionRow, ...] = ()

    @classmethod
    def of(cls, store: Store, run_hash: str, benchmark: str, task_id: str) -> TaskRows:
        """Everything ``store`` holds of the task under ``run_hash`` (generations in the store's order)."""
        return cls(tuple(store.iter_preparations(run_hash, benchmark, task_id)),
                   tuple(store.iter_generations(run_hash, benchmark, task_id)),
                   tuple(store.iter_extractions(run_hash, benchmark, task_id)),
                   tuple(store.iter_executions(run_hash, benchmark, task_id)))

    def without(self, given: TaskRows) -> TaskRows:
        """These rows less those already in ``given`` (by key)."""
        stages = {row.preparation.stage for row in given.preparations}
        generated = {row.key for row in given.generations}
        extracted = {row.key for row in given.extractions}
        executed = {(row.key, row.kind) for row in given.executions}
        return TaskRows(tuple(r for r in self.preparations if r.preparation.stage not in stages),
                        tuple(r for r in self.generations if r.key not in generated),
                        tuple(r for r in self.extractions if r.key not in extracted),
                        tuple(r for r in self.executions if (r.key, r.kind) not in executed))

    def write(self, store: Store) -> None:
        """Add the rows to ``store`` (parents before repairs; rows already there with the same content are kept)."""
        for preparation in self.preparations:
            store.add_preparation(preparation)
        for generation in sorted(self.generations, key=lambda row: (row.key.round, row.key.sample_index)):
            store.add_generation(generation)
        for extraction in self.extractions:
            store.add_extraction(extraction)
        for execution in self.executions:
            store.add_execution(execution)

    @property
    def count(self) -> int:
        """How many rows."""
        return len(self.preparations) + len(self.generations) + len(self.extractions) + len(self.executions)


@dataclasses.dataclass(frozen=True)
class TaskOrder:
    """What a worker needs to do one task of a run without the store."""

    problem: Problem
    config: PipelineConfig
    run: RunRow
    given: TaskRows = TaskRows()
    shipped: tuple[GenerationRow, ...] = ()  # other runs' greedy answers the task may reuse

    @property
    def key(self) -> TaskKey:
        """The task's key in the store."""
        return (self.run.config_hash, self.problem.benchmark, self.problem.task_id)


@dataclasses.dataclass(frozen=True)
class TaskDone:
    """What a worker shipped back: the rows it made, the task's result, where and in how long it did it."""

    key: TaskKey
    made: TaskRows
    result: TaskResultRow
    worker: TaskWorkerRow


def task_order(store: Store, ctx: TaskContext) -> TaskOrder:
    """The order for ``ctx``'s task: its run, what the store holds of it, the answers it may reuse."""
    run = store.get_run(ctx.run_hash)
    if run is None:
        raise ValueError(f"run {ctx.run_hash} is not recorded in {store.path}")
    benchmark, task_id = ctx.problem.benchmark, ctx.problem.task_id
    return TaskOrder(ctx.problem, ctx.config, run, TaskRows.of(store, ctx.run_hash, benchmark, task_id),
                     usable_answers(store, ctx.run_hash, benchmark, task_id))


def do_task(worker: Worker, order: TaskOrder) -> TaskDone:
    """Do the task on this worker, on a scratch store seeded with what the driver's store holds of it."""
    from codebudget.backends.registry import BackendSpec
    from codebudget.pipeline.task import TaskRunner

    config, problem = order.config, order.problem
    backend = worker.backend(BackendSpec.from_config(config))
    sandbox = worker.sandbox(config.workers)
    with tempfile.TemporaryDirectory(prefix="codebudget-task-") as scratch, \
            Store.open(Path(scratch) / "task.db", synchronous="OFF") as private:
        private.ensure_run(order.run)
        private.add_task(problem)
        with private.transaction():
            order.given.write(private)
        runner = TaskRunner.for_config(private, config, backend, sandbox, answered_before(private, order.shipped))
        ctx = TaskContext(problem, config, order.run.config_hash)
        start = time.perf_counter()
        result = runner.run(ctx)
        wall_s = time.perf_counter() - start
        made = TaskRows.of(private, *order.key).without(order.given)
    where = TaskWorkerRow(*order.key, worker.executor, worker.name, worker.machine(), wall_s, now_iso())
    return TaskDone(order.key, made, result, where)


def record_done(store: Store, done: TaskDone) -> TaskResultRow:
    """Write what a worker did for a task into ``store``, in one transaction; the task's result.

    A different row already stored under one of the keys (another process worked on the task
    meanwhile) raises :class:`~codebudget.store.ConflictError` and writes nothing.
    """
    with store.transaction():
        done.made.write(store)
        store.add_task_result(done.result)
        if store.get_task_worker(*done.key) is None:
            store.add_task_worker(done.worker)
    return store.get_task_result(*done.key) or done.result
