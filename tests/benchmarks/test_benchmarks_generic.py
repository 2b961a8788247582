"""The generic JSONL format for a user's own tasks (docs/tasks.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from codebudget.benchmarks import BenchmarkError, load
from codebudget.scoring import hidden_job, public_job

MINIMAL = {"task_id": "x/1", "prompt": "def f(x):\n    pass\n", "entry_point": "f", "hidden_tests": ["assert f(1) == 2"]}


def one_task(tmp_path: Path, **changes: Any) -> Path:
    task = {key: value for key, value in {**MINIMAL, **changes}.items() if value is not None}
    path = tmp_path / "mine.jsonl"
    path.write_text(json.dumps(task) + "\n", encoding="utf-8")
    return path


def test_fixture_tasks(fixtures: Path, sandbox: Any) -> None:
    problems = load("jsonl", path=fixtures / "tasks.jsonl")
    add, mean, count = problems
    assert add.public_tests == ("assert add(2, 3) == 5",)  # read from the docstring: no public_tests field
    assert mean.public_tests == ("assert mean([1.0, 3.0]) == 2.0",)
    assert count.public_tests == () and count.reference is None and count.setup == "from collections import Counter"
    assert {p.benchmark for p in problems} == {"tasks"}
    with_reference = [p for p in problems if p.reference]
    results = sandbox.run_many([*(hidden_job(p, p.reference) for p in with_reference), *(public_job(p, p.reference) for p in with_reference)])
    assert all(r.passed for r in results)
    solution = "def word_count(text):\n    words = text.lower().split()\n    return {w: words.count(w) for w in words}\n"
    assert sandbox.run(hidden_job(count, solution)).passed  # the setup's Counter compares equal to a dict


def test_minimal_task(tmp_path: Path) -> None:
    (problem,) = load("jsonl", path=one_task(tmp_path))
    assert problem.benchmark == "mine" and problem.hidden_tests == ("assert f(1) == 2",)
    assert problem.public_tests == () and problem.language == "python"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"hidden_test": ["assert True"]}, "unknown field 'hidden_test'"),
        ({"hidden_tests": None}, "missing field 'hidden_tests'"),
        ({"hidden_tests": []}, "field 'hidden_tests' is empty"),
        ({"hidden_tests": "assert True"}, "field 'hidden_tests' must be a list of strings"),
        ({"hidden_tests": ["assert (1"]}, r"hidden_tests\[0\] is not valid Python: SyntaxError"),
        ({"public_tests": ["ok", "assert ="]}, r"public_tests\[1\] is not valid Python"),
        ({"entry_point": "not a name"}, "entry point 'not a name' is not a Python identifier"),
        ({"entry_point": "class"}, "entry point 'class' is not a Python identifier"),
        ({"language": "rust"}, "language 'rust' is not supported"),
        ({"prompt": "  "}, "field 'prompt' is empty"),
        ({"task_id": 3.5}, "field 'task_id' must be a string or an integer"),
        ({"reference": 7}, "field 'reference' must be a string"),
    ],
)
def test_errors_name_file_and_line(tmp_path: Path, changes: dict[str, Any], message: str) -> None:
    path = one_task(tmp_path, **changes)
    with pytest.raises(BenchmarkError, match=rf"^{path}:1: {message}"):
        load("jsonl", path=path)
