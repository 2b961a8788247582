"""The test stage: one suite ("public" or "hidden") in the sandbox on every version that may run.

Replay rule: a version's public-test wall time is part of the run's time
(:func:`codebudget.candidates.public_cost`); the hidden suite grades the pick
and is kept apart (``grade_s``).
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Sequence

from codebudget.pipeline.context import TaskContext
from codebudget.records import Problem
from codebudget.sandbox.base import Job, Limits, Sandbox
from codebudget.scoring import hidden_job, public_job
from codebudget.store import ExecutionRow, ExtractionRow

JobBuilder = Callable[[Problem, str], Job]
SUITES: dict[str, JobBuilder] = {"public": public_job, "hidden": hidden_job}


class TestStage:
    """Runs one suite on the versions it is given (those that parse and passed every gate).

    ``suite`` names the executions it records; ``tests`` (default: the same) names the tests it
    runs under that name: the pipeline's ``public`` stage runs the hidden tests when a
    configuration's ``feedback_tests`` is ``hidden``.
    """

    __test__ = False  # not a pytest class

    def __init__(self, sandbox: Sandbox, suite: str, tests: str | None = None):
        self.sandbox = sandbox
        self.suite = suite
        self.job = SUITES[tests or suite]

    def __call__(self, ctx: TaskContext, versions: Sequence[ExtractionRow]) -> list[ExecutionRow]:
        limits = Limits(timeout_s=ctx.config.exec_timeout_s, memory_mb=ctx.config.memory_mb)
        jobs = [_with_limits(self.job(ctx.problem, v.code), limits) for v in versions]
        results = self.sandbox.run_many(jobs) if jobs else []
        return [ExecutionRow(v.key, self.suite, result) for v, result in zip(versions, results)]


def _with_limits(job: Job, limits: Limits) -> Job:
    return dataclasses.replace(job, limits=limits)
