"""MBPP (Google): the full 974 tasks (``mbpp.jsonl``) and the sanitized 427 (``sanitized-mbpp.json``).

The prompt is the one of the MBPP paper with only the task's first assert shown, as the
selection papers (CodeT, MBR-Exec, LEVER) use MBPP: that assert is the public test, what a
user would have; the hidden tests are all of the task's asserts (the conventional MBPP
score, which includes the shown one; MBPP+ grades the same way). Showing all three, as
the paper's prompt does, would make public and hidden tests the same, and honest
selection and repair would use the grading tests themselves.

The full release's ``test_setup_code`` (tasks 367 and 927 build a tree of the ``Node``
class the solution defines) runs after the candidate, as the start of each test (the
prompt shows the public test as it runs, setup included); the
sanitized release's ``test_imports`` run before it (``Problem.setup``). The entry point
is the function the asserts call that the reference code defines. Splits follow the
paper: ``prompt`` (tasks 1-10), ``test`` (11-510), ``validation`` (511-600), ``train``
(601-974); no split means every task in the file. ``challenge_test_list`` (harder extra
tests, present for a few tasks) is not part of the conventional MBPP score and is not used.
"""

from __future__ import annotations

import ast
import builtins
import os
from pathlib import Path

from codebudget.benchmarks.base import entry_point
from codebudget.benchmarks.errors import BenchmarkError, at
from codebudget.benchmarks.hub import hub_source
from codebudget.benchmarks.pysource import called_names, parse
from codebudget.benchmarks.sources import Record, Source, read_file
from codebudget.records import Problem

PROMPT = "You are an expert Python programmer, and here is your task: {text} Your code should pass {these}:\n\n{tests}\n"
#: How many of a task's asserts the prompt shows; they are its public tests.
SHOWN = 1
SPLITS = {
    "prompt": range(1, 11),
    "test": range(11, 511),
    "validation": range(511, 601),
    "train": range(601, 975),
}
HUB_REPO = "google-research-datasets/mbpp"
MBPP_ENV = "CODEBUDGET_MBPP"
"""Names a folder holding the original release's files (``mbpp.jsonl``, ``sanitized-mbpp.json``): read instead of the hub
wherever MBPP is loaded without a path (benchmarks, training datasets, their deduplication)."""
FULL_FIELDS = frozenset({"task_id", "text", "code", "test_list", "test_setup_code", "challenge_test_list"})
SANITIZED_FIELDS = frozenset({"source_file", "task_id", "prompt", "code", "test_imports", "test_list"})


def mbpp_prompt(text: str, tests: tuple[str, ...]) -> str:
    """The MBPP paper's prompt (without the few-shot examples): the task and the asserts it shows."""
    these = "this test" if len(tests) == 1 else "these tests"
    return PROMPT.format(text=text.strip(), these=these, tests="\n".join(tests))


def tested_function(record: Record, code: str, tests: tuple[str, ...]) -> str:
    """The function the asserts call: one the reference defines, else the first non-builtin."""
    tree = parse(code)
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))} if tree else set()
    called = [name for test in tests if (node := parse(test)) is not None for name in called_names(node)]
    for name in [*(n for n in called if n in defined), *(n for n in called if not hasattr(builtins, n))]:
        return entry_point(record, name)
    raise at(record.where, "cannot tell which function the tests call")


def local_folder() -> Path | None:
    """The folder of MBPP's files that ``$CODEBUDGET_MBPP`` names (None: unset)."""
    folder = os.environ.get(MBPP_ENV)
    return Path(folder).expanduser() if folder else None


def in_split(record: Record, split: str | None) -> bool:
    """True when the record's task id falls in ``split`` (or no split is asked for)."""
    if split is None:
        return True
    if split not in SPLITS:
        raise BenchmarkError(f"MBPP has no split {split!r} (splits: {', '.join(SPLITS)})")
    task_id = record.task_id()
    if not task_id.isdigit():
        raise at(record.where, f"MBPP task id {task_id!r} is not a number")
    return int(task_id) in SPLITS[split]


class _MbppBase:
    """What the two MBPP formats share; subclasses say which fields hold what."""

    name = ""
    hub_config = ""
    text_field = ""
    file_name = ""

    def default_source(self, split: str | None) -> Source:
        """All rows of the dataset: from the folder ``$CODEBUDGET_MBPP`` names (the original release's files, as
        the training datasets read them), else from the hub (needs ``datasets`` and a network)."""
        folder = local_folder()
        if folder is not None:
            return read_file(folder / self.file_name)
        return hub_source(HUB_REPO, self.hub_config)

    def problems(self, source: Source, split: str | None) -> list[Problem]:
        """The tasks of ``source`` in ``split``, ordered by task id."""
        chosen = [self.problem(r, source.version) for r in source.records if in_split(r, split)]
        return sorted(chosen, key=lambda p: int(p.task_id) if p.task_id.isdigit() else 0)

    def setup(self, record: Record) -> str:
        """Code the tests need before the candidate runs."""
        raise NotImplementedError

    def test_setup(self, record: Record) -> str:
        """Code each test starts with, after the candidate (it may use what the candidate defines)."""
        return ""

    def problem(self, record: Record, version: str) -> Problem:
        """One record as a Problem: the first assert shown and public, every assert hidden."""
        code = record.text("code")
        asserts = record.strings("test_list")
        if not asserts:
            raise at(record.where, "field 'test_list' is empty")
        start = self.test_setup(record)
        tests = tuple(f"{start}\n{test}" for test in asserts) if start else asserts
        return Problem(
            task_id=record.task_id(),
            prompt=mbpp_prompt(record.text(self.text_field), tests[:SHOWN]),
            entry_point=tested_function(record, code, asserts),
            public_tests=tests[:SHOWN],
            hidden_tests=tests,
            reference=code,
            setup=self.setup(record),
            benchmark=self.name,
            benchmark_version=version,
        )


class MbppLoader(_MbppBase):
    """The full MBPP: 974 tasks, ``mbpp.jsonl``."""

    name = "mbpp"
    hub_config = "full"
    text_field = "text"
    file_name = "mbpp.jsonl"
    formats = (FULL_FIELDS,)

    def setup(self, record: Record) -> str:
        """Nothing: the full release's setup code uses the candidate's names, so it starts each test."""
        return ""

    def test_setup(self, record: Record) -> str:
        """The record's ``test_setup_code``, line endings normalised."""
        return "\n".join(line.rstrip() for line in record.optional_text("test_setup_code").splitlines()).strip()


class MbppSanitizedLoader(_MbppBase):
    """The hand-checked MBPP subset: 427 tasks, ``sanitized-mbpp.json``."""

    name = "mbpp-sanitized"
    hub_config = "sanitized"
    text_field = "prompt"
    file_name = "sanitized-mbpp.json"
    formats = (SANITIZED_FIELDS,)

    def setup(self, record: Record) -> str:
        """The record's ``test_imports``, one per line."""
        return "\n".join(record.strings("test_imports"))


MBPP = MbppLoader()
MBPP_SANITIZED = MbppSanitizedLoader()
