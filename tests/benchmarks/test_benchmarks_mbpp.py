"""MBPP, full (JSONL) and sanitized (JSON array), from local files in their original formats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from codebudget.benchmarks import BenchmarkError, load
from codebudget.benchmarks.mbpp import mbpp_prompt
from codebudget.scoring import hidden_job, public_job

SHARED_MBPP = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mbpp"
needs_shared_copy = pytest.mark.skipif(not SHARED_MBPP.is_dir(), reason="the shared MBPP copy is not beside this checkout")


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
    for problem in full:
        # one assert shown and public; every assert hidden (the conventional MBPP score)
        assert len(problem.public_tests) == 1 and len(problem.hidden_tests) == 3
        assert problem.public_tests[0] == problem.hidden_tests[0]
        assert problem.public_tests[0] in problem.prompt
        assert not any(test in problem.prompt for test in problem.hidden_tests[1:])
        assert problem.prompt.startswith("You are an expert Python programmer, and here is your task: ")
        assert "Your code should pass this test:" in problem.prompt
        assert problem.benchmark == "mbpp"
    # test_setup_code starts each test, after the candidate; nothing runs before it
    assert by_id["13"].setup == ""
    assert all(test.startswith("from collections import Counter\nassert ") for test in by_id["13"].hidden_tests)


def test_sanitized_format(sanitized: list[Any]) -> None:
    by_id = {p.task_id: p for p in sanitized}
    assert list(by_id) == ["2", "3", "4", "85"]
    assert by_id["85"].setup == "import math"
    assert by_id["85"].entry_point == "surfacearea_sphere"  # math.isclose(...) is not it
    assert len(by_id["3"].hidden_tests) == 4 and by_id["3"].public_tests == by_id["3"].hidden_tests[:1]
    assert by_id["2"].prompt == mbpp_prompt("Write a function to find the shared elements from the given two lists.",
                                            by_id["2"].hidden_tests[:1])
    assert {p.benchmark for p in sanitized} == {"mbpp-sanitized"}


@needs_shared_copy
def test_setup_code_that_uses_the_solution_runs_after_it(sandbox: Any) -> None:
    # MBPP 367 and 927: the setup builds a tree of the Node class the solution defines
    problem = next(p for p in load("mbpp", path=SHARED_MBPP / "mbpp.jsonl") if p.task_id == "367")
    assert problem.setup == "" and problem.public_tests[0].startswith("root = Node(1)\n")
    assert problem.public_tests[0] in problem.prompt  # the model sees what the test builds
    assert all(r.passed for r in sandbox.run_many([hidden_job(problem, problem.reference),
                                                   public_job(problem, problem.reference)]))
    wrong = "class Node:\n    def __init__(self, data):\n        self.data = data\n        self.left = self.right = None\n" \
            "def is_tree_balanced(root):\n    return True\n"
    assert not sandbox.run(hidden_job(problem, wrong)).passed


@needs_shared_copy
def test_the_shared_copy_splits_as_the_paper(tmp_path: Path) -> None:
    sanitized = SHARED_MBPP / "sanitized-mbpp.json"
    sizes = {split: len(load(f"{sanitized}:{split}")) for split in ("prompt", "test", "validation", "train")}
    assert sizes == {"prompt": 7, "test": 257, "validation": 43, "train": 120}
    assert sum(sizes.values()) == len(load(str(sanitized))) == 427
    assert [p.task_id for p in load("mbpp", path=SHARED_MBPP / "mbpp.jsonl", split="validation")][:2] == ["511", "512"]
    with pytest.raises(BenchmarkError, match="names split 'test' but split='train'"):
        load(f"{sanitized}:test", split="train")


def test_references_pass_and_wrong_code_fails(full: list[Any], sanitized: list[Any], sandbox: Any) -> None:
    problems = [*full, *sanitized]
    passed = sandbox.run_many(hidden_job(p, p.reference) for p in problems)
    assert [p.task_id for p, r in zip(problems, passed) if not r.passed] == []
    wrong = sandbox.run_many(public_job(p, f"def {p.entry_point}(*args):\n    return None\n") for p in problems)
    assert not any(r.passed for r in wrong)


def test_imports_are_needed_and_run_first(sanitized: list[Any], sandbox: Any) -> None:
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
