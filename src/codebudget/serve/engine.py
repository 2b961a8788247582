"""One model shared by every request: a worker thread, a bounded queue, cancellable work.

The model (a llama.cpp context, or one HTTP backend) is used by one thread only: requests
are queued for it in arrival order. The queue holds at most ``queue`` requests (the one
running included); a request beyond that is refused at once (:class:`Busy`, HTTP 503 with
``Retry-After``) rather than left to wait without bound. Each job carries a
:class:`~codebudget.backends.base.Deadline`: a client that goes away cancels it, the decoder
stops at its next step, and a job cancelled while it waited never starts.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import threading
import time
from typing import Callable, TypeVar

from codebudget.backends.base import Backend, Deadline, GenerationRequest
from codebudget.errors import CodebudgetError
from codebudget.pipeline.config import PipelineConfig
from codebudget.records import Generation, Problem
from codebudget.sandbox.base import Sandbox
from codebudget.solve.choice import Choice
from codebudget.solve.plan import planned
from codebudget.solve.run import Outcome, solve

T = TypeVar("T")


class Busy(CodebudgetError):
    """The queue is full."""


class Cancelled(CodebudgetError):
    """The job was cancelled before it started (its client went away)."""


@dataclasses.dataclass(frozen=True)
class Solved:
    """A budgeted answer: what the pipeline did, with the configuration it ran."""

    outcome: Outcome
    config: PipelineConfig
    choice: Choice | None
    budget_s: float | None
    queued_s: float


@dataclasses.dataclass
class Counters:
    """What the engine has done since it started (for /health and the tests)."""

    served: int = 0
    solved: int = 0
    refused: int = 0
    cancelled: int = 0


class Engine:
    """The served model, its sandbox and the queue in front of them."""

    def __init__(self, backend: Backend, base: PipelineConfig, sandbox: Sandbox, *, queue: int = 8,
                 budget_s: float = 30.0) -> None:
        if queue < 1:
            raise ValueError("the queue must hold at least one request")
        self.backend = backend
        self.base = base
        self.sandbox = sandbox
        self.limit = queue
        self.budget_s = budget_s
        self.counters = Counters()
        self._pending = 0
        self._lock = threading.Lock()
        self._worker = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="codebudget-model")

    @property
    def model(self) -> str:
        """The served model's name."""
        return self.base.model

    @property
    def pending(self) -> int:
        """Requests queued or running."""
        return self._pending

    def submit(self, work: Callable[[], T], deadline: Deadline) -> concurrent.futures.Future[T]:
        """Queue ``work`` for the model's thread; :class:`Busy` when the queue is full."""
        with self._lock:
            if self._pending >= self.limit:
                self.counters.refused += 1
                raise Busy(f"the server's queue is full ({self.limit} requests); try again shortly")
            self._pending += 1

        def run() -> T:
            try:
                if deadline.passed():
                    self.counters.cancelled += 1
                    raise Cancelled("cancelled before it started")
                return work()
            finally:
                with self._lock:
                    self._pending -= 1

        return self._worker.submit(run)

    def generate(self, request: GenerationRequest) -> Generation:
        """A plain model call (on the model's thread)."""
        generation = self.backend.generate(request)
        self.counters.served += 1
        return generation

    def solve(self, problem: Problem, budget_s: float | None, n: int | None, k: int | None, deadline: Deadline,
              queued_at: float) -> Solved:
        """The budgeted pipeline on ``problem`` (on the model's thread): N and K from the request, else chosen
        for the budget as ``codebudget solve`` chooses them."""
        plan = planned(self.base, budget_s, n, k, self.backend, default_s=self.budget_s)
        queued = time.monotonic() - queued_at
        outcome = solve(problem, plan.config, self.backend, self.sandbox, plan.budget_s, deadline)
        self.counters.solved += 1
        return Solved(outcome, plan.config, plan.choice, plan.budget_s, queued)

    def close(self) -> None:
        """Stop the worker after the running job; release the model."""
        self._worker.shutdown(wait=True, cancel_futures=True)
        self.backend.close()
