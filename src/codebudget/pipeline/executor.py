"""Where tasks run: one interface, so a distributed executor can replace the local one.

An executor takes the per-task function and the tasks and yields each task's
result as it completes. :class:`LocalExecutor` runs them one after another in
this process; a cluster executor (Ray, later) would ship the function to
workers that each own a backend and a sandbox.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs ``fn`` over ``items`` and yields ``(item, result)`` pairs as they finish."""

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[tuple[T, R]]:
        """Apply ``fn`` to every item."""
        ...


class LocalExecutor:
    """In-process, in order: the model owns the CPU cores, so tasks do not run in parallel."""

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[tuple[T, R]]:
        """Apply ``fn`` to each item in turn."""
        for item in items:
            yield item, fn(item)
