"""The generic task format: a JSONL file of your own tasks (documented in ``docs/tasks.md``).

One JSON object per line::

    {"task_id": "mine/1", "prompt": "def add(a, b):\\n    \\"\\"\\"Add.\\"\\"\\"\\n",
     "entry_point": "add", "hidden_tests": ["assert add(1, 2) == 3"]}

Required: ``task_id``, ``prompt``, ``entry_point``, ``hidden_tests`` (a non-empty list
of snippets). Optional: ``public_tests`` (a list; when absent they are read from the
prompt's docstring examples), ``reference`` (a complete solution program), ``setup``
(code run before the candidate) and ``language`` (only ``"python"``). Any other field
is an error, so that a misspelt field is never silently ignored. The benchmark's name
is the file name without its extensions; its version is a digest of the file.
"""

from __future__ import annotations

from pathlib import Path

from codebudget.benchmarks.base import entry_point, no_split, require_only
from codebudget.benchmarks.errors import BenchmarkError, at
from codebudget.benchmarks.examples import docstring_examples
from codebudget.benchmarks.pysource import syntax_error
from codebudget.benchmarks.sources import Record, Source
from codebudget.records import Problem

REQUIRED = frozenset({"task_id", "prompt", "entry_point", "hidden_tests"})
OPTIONAL = frozenset({"public_tests", "reference", "setup", "language"})
LANGUAGES = ("python",)


def snippets(record: Record, key: str, *, required: bool) -> tuple[str, ...]:
    """A list of test snippets, each checked to be valid Python."""
    tests = record.strings(key, required=required)
    for index, test in enumerate(tests):
        problem = syntax_error(test)
        if problem:
            raise at(record.where, f"{key}[{index}] is not valid Python: {problem}")
    return tests


def benchmark_name(origin: str) -> str:
    """``tasks`` for ``/some/tasks.jsonl.gz``."""
    return Path(origin).name.split(".")[0] or "jsonl"


class JsonlLoader:
    """A user's own tasks in the generic JSONL format."""

    name = "jsonl"
    formats = (REQUIRED,)

    def default_source(self, split: str | None) -> Source:
        """There is none: the generic format is always a local file."""
        raise BenchmarkError("the jsonl format reads a file of your own tasks: pass path=...")

    def problems(self, source: Source, split: str | None) -> list[Problem]:
        """Every task of ``source``."""
        no_split(self.name, split)
        name = benchmark_name(source.origin)
        return [self.problem(record, name, source.version) for record in source.records]

    def problem(self, record: Record, benchmark: str, version: str) -> Problem:
        """One line of the file as a Problem."""
        require_only(record, REQUIRED | OPTIONAL)
        language = record.optional_text("language", "python")
        if language not in LANGUAGES:
            raise at(record.where, f"language {language!r} is not supported (supported: {', '.join(LANGUAGES)})")
        prompt, name = record.text("prompt"), entry_point(record)
        hidden = snippets(record, "hidden_tests", required=True)
        if not hidden:
            raise at(record.where, "field 'hidden_tests' is empty")
        public = (
            snippets(record, "public_tests", required=True)
            if record.has("public_tests")
            else docstring_examples(prompt, name).tests
        )
        reference = record.optional_text("reference") or None
        return Problem(
            task_id=record.task_id(),
            prompt=prompt,
            entry_point=name,
            public_tests=public,
            hidden_tests=hidden,
            reference=reference,
            setup=record.optional_text("setup"),
            language=language,
            benchmark=benchmark,
            benchmark_version=version,
        )


JSONL = JsonlLoader()
