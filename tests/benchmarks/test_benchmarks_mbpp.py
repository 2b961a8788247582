"""MBPP, full (JSONL) and sanitized (JSON array), from local files in their original formats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from codebudget.benchmarks import BenchmarkError, load
from codebudget.benchmarks.mbpp import mbpp_prompt
from codebudget.scoring import hidden_job, public_job


@pytest.fixture(scope="module")
def full(fixtures: Path) -> list[Any]:
    return load("mbpp", path=fixtures / "mbpp.jsonl")


@pytest.fixture(scope="module")
def sanitized(fixtures: Path) -> list[Any]:
    return load("mbpp-sanitized", path=fixtures / "sanitized-mbpp.json")


def test_full_format(full: list[Any]) -> None:
    by_id = {p.task_id: p for p in full}
    assert list(by_id) == ["1", "2", "3", "11", "13", "601"]
    assert by_id["1"].entry_point == "min_cost"
    assert by_id["601"].entry_point == "max_chain_length"  # the asserts also call Pair(...)
    assert by_id["13"].setup == "from collections import Counter"
    for problem in full:
        assert problem.public_tests == problem.hidden_tests and len(problem.hidden_tests) == 3
        assert all(test in problem.prompt for test in problem.hidden_tests)
        assert problem.prompt.startswith("You are an expert Python programmer, and here is your task: ")
        assert problem.benchmark == "mbpp"


def test_sanitized_format(sanitized: list[Any]) -> None:
    by_id = {p.task_id: p for p in sanitized}
    assert list(by_id) == ["2", "3", "4", "85"]
    assert by_id["85"].setup == "import math"
    assert by_id["85"].entry_point == "surfacearea_sphere"  # math.isclose(...) is not it
    assert len(by_id["3"].hidden_tests) == 4
    assert by_id["2"].prompt == mbpp_prompt("Write a function to find the shared elements from the given two lists.", by_id["2"].hidden_tests)
    assert {p.benchmark for p in sanitized} == {"mbpp-sanitized"}


def test_references_pass_and_wrong_code_fails(full: list[Any], sanitized: list[Any], sandbox: Any) -> None:
    problems = [*full, *sanitized]
    passed = sandbox.run_many(hidden_job(p, p.reference) for p in problems)
    assert [p.task_id for p, r in zip(problems, passed) if not r.passed] == []
    wrong = sandbox.run_many(public_job(p, f"def {p.entry_point}(*args):\n    return None\n") for p in problems)
    assert not any(r.passed for r in wrong)


def test_setup_is_needed_and_runs_first(sanitized: list[Any], sandbox: Any) -> None:
    sphere = next(p for p in sanitized if p.task_id == "85")
    code = "def surfacearea_sphere(r):\n    return 4 * 3.141592653589793 * r * r\n"
    assert sandbox.run(hidden_job(sphere, code)).passed  # ``math`` comes from the setup, not the candidate


def test_unknown_tested_function(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text(
        '{"text": "t", "code": "x = 1", "task_id": 5, "test_setup_code": "", '
        '"test_list": ["assert len([1]) == 1"], "challenge_test_list": []}\n',
        encoding="utf-8",
    )
    with pytest.raises(BenchmarkError, match=rf"{path}:1: cannot tell which function the tests call"):
        load("mbpp", path=path)


def test_empty_test_list(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text(
        '{"text": "t", "code": "def f(): pass", "task_id": 5, "test_setup_code": "", "test_list": [], "challenge_test_list": []}\n',
        encoding="utf-8",
    )
    with pytest.raises(BenchmarkError, match=rf"{path}:1: field 'test_list' is empty"):
        load("mbpp", path=path)
