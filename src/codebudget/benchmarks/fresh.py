"""The fresh family: everyday functions written for codebudget, which no public benchmark holds.

Public benchmarks (HumanEval, MBPP) are very likely in a model's training data;
a user's own functions are not. These tasks were written for this project in the
style of a developer's daily work (parsing and formatting, text, dates,
collections, numeric edge cases, small algorithms, validation with exceptions),
each with a docstring holding one or two examples (the public tests), at least
five hidden tests and a reference solution. Their sources and checks are in
``tasks/fresh/`` (references pass, hidden suites kill mutants of the reference, no
near-duplicate of a HumanEval or MBPP task); the built file is package data in the
generic JSONL format, beside a manifest (version, date, category, split, mutation
score, nearest public task).

Splits: ``dev`` and ``heldout``, half of each category each. Nothing is tuned on
``heldout``: choose prompts, policies and budgets on ``dev``, then report both.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from codebudget.benchmarks.errors import BenchmarkError
from codebudget.benchmarks.generic import JSONL
from codebudget.benchmarks.sources import Source, read_file
from codebudget.records import Problem

DATA = Path(__file__).parent / "data"
VERSION = "v1"
SPLITS = ("dev", "heldout")


@functools.cache
def manifest(version: str = VERSION) -> dict[str, Any]:
    """The family's manifest: version, date, and per task its category, split and checks."""
    path = DATA / f"fresh-{version}.json"
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise BenchmarkError(f"{path}: the fresh family {version} is not installed with this package") from None


class FreshLoader:
    """The fresh family shipped with codebudget (``load("fresh", split="dev")``)."""

    name = "fresh"
    formats: tuple[frozenset[str], ...] = ()  # its file is generic JSONL: a path alone loads as ``jsonl``

    def default_source(self, split: str | None) -> Source:
        """The packaged file, versioned by the family's version and date."""
        info = manifest()
        return read_file(DATA / info["file"], version=f"fresh {info['version']} ({info['date']})")

    def problems(self, source: Source, split: str | None) -> list[Problem]:
        """Every task of the family, or those of ``split``."""
        if split is not None and split not in SPLITS:
            raise BenchmarkError(f"the fresh family has no split {split!r} (splits: {', '.join(SPLITS)})")
        tasks = manifest()["tasks"]
        chosen = [r for r in source.records if split is None or tasks.get(r.task_id(), {}).get("split") == split]
        return [JSONL.problem(record, self.name, source.version) for record in chosen]


def category(task_id: str) -> str:
    """A fresh task's category (its id is ``fresh/<category>/<name>``)."""
    return task_id.split("/")[1]


LOADER = FreshLoader()
