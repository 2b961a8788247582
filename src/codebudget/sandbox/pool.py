"""The :class:`Sandbox` implementation: a pool of fork-server workers."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import functools
import logging
import queue
import secrets
import threading
import weakref
from collections.abc import Callable, Iterable
from typing import Any

from codebudget.records import ExecStatus, Execution
from codebudget.sandbox.base import Job, Limits
from codebudget.sandbox.ledger import Ledger
from codebudget.sandbox.split import SplitTest, split_test
from codebudget.sandbox.verdict import judge
from codebudget.sandbox.worker import WorkerLost, WorkerProcess, WorkerStartError

log = logging.getLogger(__name__)


def split_job(job: Job) -> tuple[SplitTest | None, ...]:
    """Each test of ``job`` split for the parent to judge (None where it cannot be split)."""
    return tuple(split_test(test) for test in job.tests)


@functools.lru_cache(maxsize=64)
def _limits_message(limits: Limits) -> dict[str, Any]:
    """``limits`` as the worker reads them (the same few limits serve every job; never mutated)."""
    return dataclasses.asdict(limits)


def _split_ahead(jobs: list[Job]) -> None:
    for job in jobs:
        split_job(job)


def job_message(job: Job, marker: str, splits: tuple[SplitTest | None, ...]) -> dict[str, Any]:
    """The message a worker gets for ``job``: split tests go without their expected values."""
    tests = [split.sandbox_source if split else test for test, split in zip(job.tests, splits, strict=True)]
    return {
        "code": job.code,
        "setup": job.setup,
        "tests": tests,
        "probe_counts": [len(split.expectations) if split else 0 for split in splits],
        "stop_on_failure": job.stop_on_failure,
        "limits": _limits_message(job.limits),
        "marker": marker,
    }


class _Slot:
    """One worker seat: holds a live worker, replacing it when it dies or gets old."""

    def __init__(
        self, factory: Callable[[], WorkerProcess], recycle_after: int, closed: threading.Event
    ) -> None:
        self.factory = factory
        self.recycle_after = recycle_after
        self.closed = closed
        self.worker: WorkerProcess | None = None

    def get(self) -> WorkerProcess:
        if self.closed.is_set():
            raise WorkerStartError("the sandbox is closed")
        if self.worker is None:
            worker = self.factory()
            worker.start()
            self.worker = worker
        return self.worker

    def discard(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None

    def after_run(self, clean: bool) -> None:
        if self.worker is not None and (not clean or self.worker.runs >= self.recycle_after):
            self.discard()


class ForkServerSandbox:
    """Runs jobs on a pool of long-lived workers, one fork per job.

    Thread-safe: :meth:`run` may be called from many threads; each call takes
    an idle worker. Use it as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        factory: Callable[[], WorkerProcess],
        isolation: str,
        workers: int,
        recycle_after: int = 300,
        tail_chars: int = 2000,
    ) -> None:
        self.isolation = isolation
        self.workers = workers
        self.features: dict[str, Any] = {}
        self.tail_chars = tail_chars
        self._closed = threading.Event()
        self._slots = [_Slot(factory, recycle_after, self._closed) for _ in range(workers)]
        self._idle: queue.SimpleQueue[_Slot] = queue.SimpleQueue()
        self._executor = concurrent.futures.ThreadPoolExecutor(workers, "codebudget-sandbox")
        self._cleanups: list[weakref.finalize[Any, Any]] = []

    def add_cleanup(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` on :meth:`close` (or at exit, if never closed)."""
        self._cleanups.append(weakref.finalize(self, callback))

    def start(self) -> None:
        """Start every worker (in parallel); raises :class:`WorkerStartError`."""
        futures = [self._executor.submit(slot.get) for slot in self._slots]
        try:
            workers = [future.result() for future in futures]
            self.features = workers[0].features
        finally:
            for slot in self._slots:
                self._idle.put(slot)

    def run(self, job: Job) -> Execution:
        """Run one job and return its result; never raises for the job's behaviour."""
        if self._closed.is_set():
            raise RuntimeError("the sandbox is closed")
        slot = self._idle.get()
        try:
            return self._run_on(slot, job)
        finally:
            self._idle.put(slot)

    def run_many(self, jobs: Iterable[Job]) -> list[Execution]:
        """Run jobs on all workers, results in the order of ``jobs``.

        The tests of later jobs are split (:func:`split_job`, cached) by a helper
        thread while earlier jobs run, so no worker waits for the parent to prepare
        its next job.
        """
        jobs = list(jobs)
        if len(jobs) > self.workers:
            threading.Thread(target=_split_ahead, args=(jobs[self.workers :],), daemon=True).start()
        return list(self._executor.map(self.run, jobs))

    def _run_on(self, slot: _Slot, job: Job) -> Execution:
        marker = secrets.token_hex(16)
        splits = split_job(job)
        message = job_message(job, marker, splits)
        try:
            for _attempt in range(2):
                ledger = Ledger(splits)
                try:
                    facts = slot.get().execute(message, job.limits, ledger.answer)
                except WorkerLost as lost:
                    slot.discard()
                    if lost.timed_out:
                        return self._failure(job, ExecStatus.TIMEOUT, str(lost))
                    continue
                slot.after_run(bool(facts.get("clean")))
                return judge(job, facts, marker, self.isolation, self.tail_chars, ledger)
            message_text = "the sandbox worker died twice while running this program"
            return self._failure(job, ExecStatus.ERROR, message_text)
        except WorkerStartError as exc:
            return self._failure(job, ExecStatus.SANDBOX_ERROR, f"cannot start a worker: {exc}")
        except Exception as exc:  # a sandbox bug must not look like a crash of the job
            log.exception("sandbox failure")
            slot.discard()
            return self._failure(job, ExecStatus.SANDBOX_ERROR, f"sandbox failure: {exc!r}")

    def _failure(self, job: Job, status: ExecStatus, error: str) -> Execution:
        return Execution(
            status=status, tests_total=len(job.tests), error=error[:400], isolation=self.isolation
        )

    def close(self) -> None:
        """Stop every worker."""
        if self._closed.is_set():
            return
        self._closed.set()
        self._executor.shutdown(
            wait=True, cancel_futures=True
        )  # running jobs end by their timeouts
        for slot in self._slots:
            slot.discard()
        for cleanup in self._cleanups:
            cleanup()

    def __enter__(self) -> ForkServerSandbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
