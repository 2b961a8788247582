"""What a benchmark loader is, and checks that every loader shares."""

from __future__ import annotations

import keyword
from typing import Protocol

from codebudget.benchmarks.errors import BenchmarkError, at
from codebudget.benchmarks.sources import Record, Source
from codebudget.records import Problem


class Loader(Protocol):
    """Turns the records of one benchmark format into :class:`~codebudget.records.Problem` s."""

    name: str
    # Each set of fields identifies one file format this loader reads (used to detect the
    # format of a file given by path alone; the largest matching set wins).
    formats: tuple[frozenset[str], ...]

    def default_source(self, split: str | None) -> Source:
        """The benchmark's data when no local file is given (installed package or hub)."""
        ...

    def problems(self, source: Source, split: str | None) -> list[Problem]:
        """Every task of ``source`` (of ``split`` where the benchmark has splits)."""
        ...


def no_split(name: str, split: str | None) -> None:
    """Reject a split for a benchmark that has none."""
    if split is not None:
        raise BenchmarkError(f"{name} has no splits (got split={split!r})")


def entry_point(record: Record, value: str | None = None) -> str:
    """The record's ``entry_point`` (or ``value``), checked to be a Python identifier."""
    name = record.text("entry_point") if value is None else value
    if not name.isidentifier() or keyword.iskeyword(name):
        raise at(record.where, f"entry point {name!r} is not a Python identifier")
    return name


def require_only(record: Record, allowed: frozenset[str]) -> None:
    """Fail on fields outside ``allowed`` (a misspelt field must not be silently ignored)."""
    unknown = sorted(set(record.data) - allowed)
    if unknown:
        raise at(record.where, f"unknown field {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
