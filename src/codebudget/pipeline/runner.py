"""Run one configuration over a benchmark's tasks, resumably, and summarise it.

Several processes may run the same configuration on the same store at once
(two ``codebudget pool`` commands in two terminals): they split the tasks
through task leases (:mod:`codebudget.store.leases`). Each process claims a
task before working on it, skips tasks that are finished or that another live
process holds, and when nothing is left to claim waits for the tasks the
others hold, taking over any whose process dies. Every process returns when
the whole run is finished, so each prints the same summary.

Tasks run on an executor (:mod:`codebudget.pipeline.executor`). The local
executor runs each task here, on the store. A cluster executor (Ray) runs it on
a worker that has no store: this process claims the task, ships what the task
needs and writes what comes back in one transaction
(:mod:`codebudget.pipeline.remote`), so it stays the store's only writer. A
worker that dies loses only the task it was doing, which the executor gives to
another worker; this process dying is the local executor's resume.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any, Callable, Iterable, Iterator, Sequence

from codebudget.backends.base import Backend
from codebudget.candidates.machines import check_resume_machine, run_machines
from codebudget.errors import CodebudgetError
from codebudget.pipeline.config import PipelineConfig
from codebudget.pipeline.context import TaskContext
from codebudget.pipeline.executor import Executor, LocalExecutor, Worker
from codebudget.pipeline.provenance import model_sha256, now_iso, provenance
from codebudget.pipeline.remote import TaskDone, do_task, record_done, task_order
from codebudget.pipeline.reuse import answered_before
from codebudget.pipeline.task import TaskRunner
from codebudget.records import Problem
from codebudget.sandbox.base import Sandbox
from codebudget.speed import check_resume_speed, run_speeds
from codebudget.store import ConflictError, RunRow, Store, TaskResultRow, TaskWorkerRow
from codebudget.store.leases import Heartbeat, Lease, Status, TaskKey, TaskLeases, duration_from_env

Progress = Callable[[Problem, TaskResultRow], None]
Note = Callable[[str], None]
#: Times a task is resumed from the store after another process wrote one of its rows first.
CONFLICT_RETRIES = 2


@dataclasses.dataclass(frozen=True)
class LeaseOptions:
    """How processes on one run share its tasks (``docs/pipeline.md``, "Several processes on one run").

    ``duration_s``: how long a task's lease lasts without a heartbeat (default
    ``$CODEBUDGET_LEASE_S`` or 180 s); renewed every sixth of it while the task
    runs. ``poll_s``: how often to look again at tasks other processes hold
    (default: a sixth of the duration, at most 2 s).
    """

    duration_s: float | None = None
    poll_s: float | None = None


@dataclasses.dataclass(frozen=True)
class RunSummary:
    """A configuration's totals over the tasks it has finished."""

    run_hash: str
    description: str
    tasks: int
    honest_pass: float  # the run's own selection policy (public-tests by default), graded on hidden tests
    oracle_pass: float  # any produced version passes the hidden tests: the seed paper's measure
    mean_wall_s: float  # per task, honest policy's work
    mean_tokens: float
    mean_calls: float
    selection: str = "public-tests"  # the policy behind honest_pass


def record_run(store: Store, config: PipelineConfig, isolation: str) -> str:
    """Store the configuration (once) and return its hash."""
    config_dict = config.model_dump(exclude={"api_key"})
    row = RunRow(config.hash(), config_dict, config.model, model_sha256(config), now_iso(),
                 provenance(isolation, config.backend), isolation)
    return store.ensure_run(row).config_hash


def run_config(
    config: PipelineConfig,
    problems: Sequence[Problem],
    *,
    store: Store,
    backend: Backend | None = None,
    sandbox: Sandbox | None = None,
    executor: Executor | None = None,
    on_task: Progress | None = None,
    leases: LeaseOptions | None = None,
    on_note: Note | None = None,
    mixed_machines: bool = False,
) -> RunSummary:
    """Run ``config`` on ``problems``; tasks already in the store are not redone.

    Tasks that another process on the same store holds are left to it; the call
    returns when every task is finished, by this process or another (``on_task``
    sees each task once, whoever did it). ``on_note`` gets one-line messages:
    waiting for tasks others hold, taking a task over from a process that died, a worker lost.

    ``executor``: where the tasks run (default: here, with ``backend`` and ``sandbox``). A cluster
    executor's workers open their own backend and sandbox; ``backend`` and ``sandbox`` are then not needed.

    A run resumed here whose finished tasks were all timed on another machine (CPU model and threads), or
    at another speed (their speed probes, more than :data:`~codebudget.speed.SPEED_TOLERANCE` from this
    machine's now), is refused before any task, unless ``mixed_machines``: its seconds would not be one
    time axis.
    """
    if executor is None:
        if backend is None or sandbox is None:
            raise ValueError("the local executor needs the backend and the sandbox")
        executor = LocalExecutor.of(backend, sandbox)
    if not executor.in_process and any(stage.partition(":")[0] == "memory" for stage in config.stages):
        raise CodebudgetError("the memory stage reads its source run from this store, which workers do not have: "
                              "run it with --executor local")
    isolation = sandbox.isolation if executor.in_process and sandbox is not None else executor.isolation()
    run_hash = record_run(store, config, isolation)
    for problem in problems:
        store.add_task(problem)
    runner = None
    if executor.in_process:
        if backend is None or sandbox is None:
            raise ValueError("an in-process executor needs the backend and the sandbox")
        runner = TaskRunner.for_config(store, config, backend, sandbox, answered_before(store))
    contexts = [TaskContext(p, config, run_hash) for p in problems]
    if executor.in_process and not mixed_machines:
        _check_speed(store, run_hash, contexts, getattr(executor, "worker", None))
    shared = SharedRun(store, runner, leases or LeaseOptions(), on_note)
    for ctx, result in shared.results(contexts, executor):
        if on_task:
            on_task(ctx.problem, result)
    return summarize_run(store, config, problems)


def _check_speed(store: Store, run_hash: str, contexts: Sequence[TaskContext], worker: Worker | None) -> None:
    """Refuse to resume a run on another machine (CPU model and threads) or at another speed than its finished
    tasks' (nothing to do when all are finished; no machine to compare when none recorded one, no speed when
    none has a speed probe, as for a model served elsewhere)."""
    if worker is None or all(store.get_task_result(*_key(ctx)) is not None for ctx in contexts):
        return
    machines = run_machines(store, run_hash)
    if machines:
        check_resume_machine(machines, run_hash, worker.machine())
    speeds = run_speeds(store, run_hash)
    if not speeds:
        return
    speed = worker.speed()
    if speed is not None:
        check_resume_speed(speeds, run_hash, speed)


class SharedRun:
    """Works through a run's tasks alongside other processes on the same store.

    Each task is claimed before any work (:meth:`TaskLeases.claim`), its lease
    renewed by a heartbeat thread while it runs and released when it is
    finished or fails. Tasks others hold are looked at again every ``poll_s``
    until they are finished or their holder is gone.
    """

    def __init__(self, store: Store, runner: TaskRunner | None, options: LeaseOptions, note: Note | None = None):
        duration = options.duration_s if options.duration_s is not None else duration_from_env()
        self.store = store
        self.runner = runner
        self.leases = TaskLeases.of(store, duration_s=duration)
        self.heartbeat = Heartbeat(store.path, self.leases.holder, duration)
        self.poll_s = options.poll_s if options.poll_s is not None else min(2.0, duration / 6)
        self.note = note or (lambda line: None)
        self._waiting_for: tuple[tuple[str, str], ...] = ()

    def results(self, contexts: Iterable[TaskContext],
                executor: Executor) -> Iterator[tuple[TaskContext, TaskResultRow]]:
        """Each task's result as soon as it is finished, by this process, its workers or another process."""
        pending = list(contexts)
        rounds = self._here if executor.in_process else self._shipped
        with self.heartbeat:
            while pending:
                held: list[TaskContext] = []
                moved = False
                for ctx, result in rounds(pending, executor):
                    if result is None:
                        held.append(ctx)
                    else:
                        moved = True
                        yield ctx, result
                pending = held
                if pending and not moved:
                    self._say_waiting(pending)
                    time.sleep(self.poll_s)

    def _here(self, pending: Sequence[TaskContext],
              executor: Executor) -> Iterator[tuple[TaskContext, TaskResultRow | None]]:
        """One pass over the pending tasks in this process (the local executor)."""
        return executor.map(self._attempt, pending)

    def _shipped(self, pending: Sequence[TaskContext],
                 executor: Executor) -> Iterator[tuple[TaskContext, TaskResultRow | None]]:
        """One pass over the pending tasks on a cluster's workers: each claimed here when a worker is free
        for it, shipped there, and what comes back written here in one transaction."""
        contexts = {_key(ctx): ctx for ctx in pending}
        settled: list[tuple[TaskContext, TaskResultRow | None]] = []  # finished elsewhere, or held by others
        working: set[TaskKey] = set()

        def orders() -> Iterator[Any]:
            for ctx in pending:
                key = _key(ctx)
                claim = self.leases.claim(*key)
                if claim.status is Status.FINISHED:
                    settled.append((ctx, self.store.get_task_result(*key)))
                    continue
                if claim.status is Status.HELD:
                    settled.append((ctx, None))
                    continue
                if claim.replaced is not None:
                    self.note(f"{ctx.problem.task_id}: taking it over from {claim.replaced.holder} ({claim.reason})")
                working.add(key)
                self.heartbeat.watch(key)
                try:
                    order = task_order(self.store, ctx)
                except BaseException:
                    self._let_go(key, working)
                    raise
                yield order

        try:
            for order, done in executor.map(do_task, orders()):
                yield from settled
                settled.clear()
                ctx = contexts[order.key]
                try:
                    yield ctx, self._record(ctx, done)
                finally:
                    self._let_go(order.key, working)
            yield from settled
        finally:
            for key in list(working):  # claimed, never finished (an error, Ctrl-C): others may take them
                self._let_go(key, working)

    def _record(self, ctx: TaskContext, done: TaskDone) -> TaskResultRow | None:
        try:
            return record_done(self.store, done)
        except ConflictError:
            if self.heartbeat.lost(done.key) or not self.leases.renew(*done.key):
                self.note(f"{ctx.problem.task_id}: another process took it over while a worker did it; "
                          "leaving it to that process")
            else:
                self.note(f"{ctx.problem.task_id}: another process stored part of it first; "
                          "doing it again from the stored rows")
            return None  # looked at again in the next pass

    def _let_go(self, key: TaskKey, working: set[TaskKey]) -> None:
        if key in working:
            working.discard(key)
            self.heartbeat.unwatch(key)
            self.leases.release(*key)

    def _attempt(self, worker: Worker, ctx: TaskContext) -> TaskResultRow | None:
        """The task's result when it is finished (now, here or elsewhere); None while another process holds it."""
        key = _key(ctx)
        claim = self.leases.claim(*key)
        if claim.status is Status.FINISHED:
            return self.store.get_task_result(*key)
        if claim.status is Status.HELD:
            return None
        if claim.replaced is not None:
            self.note(f"{ctx.problem.task_id}: taking it over from {claim.replaced.holder} ({claim.reason})")
        self.heartbeat.watch(key)
        try:
            start = time.perf_counter()
            result = self._work(ctx, key)
            if result is not None:
                self._where(worker, key, time.perf_counter() - start)
            return result
        finally:
            self.heartbeat.unwatch(key)
            self.leases.release(*key)

    def _where(self, worker: Worker, key: TaskKey, wall_s: float) -> None:
        """Record that this process did the task (once: a task found done keeps the row it has)."""
        if self.store.get_task_worker(*key) is not None:
            return
        row = TaskWorkerRow(*key, worker.executor, worker.name, worker.machine(), wall_s, now_iso())
        try:
            self.store.add_task_worker(row)
        except ConflictError:
            pass  # another process recorded it first

    def _work(self, ctx: TaskContext, key: TaskKey) -> TaskResultRow | None:
        assert self.runner is not None, "an in-process executor needs the task runner"
        for attempt in range(CONFLICT_RETRIES + 1):
            try:
                return self.runner.run(ctx)
            except ConflictError:
                if self.heartbeat.lost(key) or not self.leases.renew(*key):
                    self.note(f"{ctx.problem.task_id}: another process took it over while this one was held up; "
                              "leaving it to that process")
                    return None
                if attempt == CONFLICT_RETRIES:
                    raise
                self.note(f"{ctx.problem.task_id}: another process stored part of it first; "
                          "continuing from the stored rows")
        return None  # not reached

    def _say_waiting(self, pending: Sequence[TaskContext]) -> None:
        held = [lease for lease in (self.leases.get(*_key(ctx)) for ctx in pending) if lease is not None]
        waiting_for = tuple((lease.task_id, lease.holder.name) for lease in held)
        if held and waiting_for != self._waiting_for:
            self.note(_waiting_line(held))
        self._waiting_for = waiting_for


def _key(ctx: TaskContext) -> TaskKey:
    return (ctx.run_hash, ctx.problem.benchmark, ctx.problem.task_id)


def _waiting_line(held: Sequence[Lease]) -> str:
    tasks = ", ".join(f"{lease.task_id} ({lease.holder})" for lease in held)
    count = f"{len(held)} task{'s' if len(held) != 1 else ''}"
    return (f"waiting for {count} that other processes hold: {tasks}; "
            "a task is taken over if its process stops")


def summarize_run(store: Store, config: PipelineConfig, problems: Sequence[Problem] | None = None) -> RunSummary:
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
        selection=config.selection,
    )
