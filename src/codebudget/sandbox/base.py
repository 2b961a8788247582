"""The sandbox interface: the one place where generated code runs.

A :class:`Job` is a candidate program plus the test snippets to run after it.
A :class:`Sandbox` runs jobs and returns :class:`~codebudget.records.Execution`
records; implementations differ in how they isolate the code.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Protocol

from codebudget.records import Execution


@dataclasses.dataclass(frozen=True)
class Limits:
    """Resource limits for one execution.

    ``timeout_s`` is wall-clock time (CPU time is capped a second above it);
    ``memory_mb`` is the address space of each process; ``output_bytes`` caps
    stdout and stderr together; ``processes`` caps processes and threads.
    """

    timeout_s: float = 3.0
    memory_mb: int = 1024
    output_bytes: int = 64 * 1024
    file_size_mb: int = 16
    open_files: int = 64
    processes: int = 64


@dataclasses.dataclass(frozen=True)
class Job:
    """A program to run: ``setup``, then ``code``, then each of ``tests`` in turn.

    All three run in one module namespace. Each test snippet counts as one test;
    a snippet that raises ``AssertionError`` is a failed test, anything else it
    raises is an error. With ``stop_on_failure`` the first failing test ends the
    run, otherwise every test runs and ``tests_passed`` counts them.
    """

    code: str
    tests: tuple[str, ...] = ()
    setup: str = ""
    limits: Limits = Limits()
    stop_on_failure: bool = True


class Sandbox(Protocol):
    """Runs untrusted jobs and reports structured results."""

    isolation: str  # the isolation level decided by the startup probe

    def run(self, job: Job) -> Execution:
        """Run one job and return its result; never raises for the job's behaviour."""
        ...

    def run_many(self, jobs: Iterable[Job]) -> list[Execution]:
        """Run jobs on all workers, results in the order of ``jobs``."""
        ...

    def close(self) -> None:
        """Stop every worker."""
        ...
