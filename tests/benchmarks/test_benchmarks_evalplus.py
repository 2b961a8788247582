"""HumanEval+ and MBPP+ release files: differential hidden tests with EvalPlus's oracles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from codebudget.benchmarks import load
from codebudget.records import ExecStatus
from codebudget.scoring import hidden_job, public_job


@pytest.fixture(scope="module")
def plus(fixtures: Path) -> dict[str, Any]:
    problems = load("humaneval-plus", path=fixtures / "HumanEvalPlus-v0.1.10.jsonl")
    problems += load("mbpp-plus", path=fixtures / "MbppPlus-v0.2.0.jsonl")
    return {p.task_id: p for p in problems}


def verdicts(sandbox: Any, problem: Any, candidates: list[str]) -> list[bool]:
    return [r.passed for r in sandbox.run_many(hidden_job(problem, code) for code in candidates)]


def test_fields(plus: dict[str, Any]) -> None:
    zero = plus["HumanEval/32"]
    assert zero.entry_point == "find_zero" and len(zero.hidden_tests) == 2  # base and extra inputs
    assert zero.public_tests and zero.reference and zero.reference.startswith(zero.prompt)
    shared = plus["Mbpp/2"]
    assert shared.public_tests == ("assert set(similar_elements((3, 4, 5, 6),(5, 7, 4, 10))) == set((4, 5))",)
    assert shared.benchmark == "mbpp-plus" and shared.benchmark_version == "v0.2.0"


def test_references_pass_everything(plus: dict[str, Any], sandbox: Any) -> None:
    problems = list(plus.values())
    hidden = sandbox.run_many(hidden_job(p, p.reference) for p in problems)
    public = sandbox.run_many(public_job(p, p.reference) for p in problems)
    assert [(p.task_id, r.error) for p, r in zip(problems, hidden) if not r.passed] == []
    assert [(p.task_id, r.error) for p, r in zip(problems, public) if not r.passed] == []


def test_find_zero_accepts_any_root(plus: dict[str, Any], sandbox: Any) -> None:
    problem = plus["HumanEval/32"]
    newton = problem.prompt + (
        "    x = 0.5\n"
        "    for _ in range(200):\n"
        "        d = sum(i * c * x ** (i - 1) for i, c in enumerate(xs) if i)\n"
        "        x = x - poly(xs, x) / (d or 1e-9)\n"
        "    return x\n"
    )
    assert verdicts(sandbox, problem, [newton, problem.prompt + "    return 0.0\n"]) == [True, False]


def test_floats_compare_with_tolerance(plus: dict[str, Any], sandbox: Any) -> None:
    problem = plus["HumanEval/2"]
    candidates = [problem.prompt + "    return number - int(number)\n", problem.prompt + "    return round(number % 1.0, 2)\n"]
    assert verdicts(sandbox, problem, candidates) == [True, False]


def test_set_equality_oracle_and_tuple_inputs(plus: dict[str, Any], sandbox: Any) -> None:
    problem = plus["Mbpp/2"]
    candidates = [
        "def similar_elements(a, b):\n    return sorted(set(a) & set(b), reverse=True)\n",  # any order, any sequence
        "def similar_elements(a, b):\n    assert type(a) is tuple\n    return tuple(set(a) & set(b))\n",  # inputs are tuples
        "def similar_elements(a, b):\n    return tuple(set(a) | set(b))\n",
    ]
    assert verdicts(sandbox, problem, candidates) == [True, True, False]


def test_nested_inputs_become_tuples(plus: dict[str, Any], sandbox: Any) -> None:
    problem = plus["Mbpp/580"]
    as_list = (
        "def extract_even(t):\n"
        "    return [extract_even(x) if isinstance(x, tuple) else x for x in t if isinstance(x, tuple) or x % 2 == 0]\n"
    )
    as_tuple = f"{as_list}\n_inner = extract_even\ndef extract_even(t):\n    return _deep(_inner(t))\n" + (
        "def _deep(v):\n    return tuple(_deep(x) for x in v) if isinstance(v, list) else v\n"
    )
    assert verdicts(sandbox, problem, [as_tuple, as_list]) == [True, False]


def test_surface_area_accepts_the_other_reading(plus: dict[str, Any], sandbox: Any) -> None:
    problem = plus["Mbpp/581"]
    pyramid = "import math\ndef surface_Area(b, s):\n    return round(b * b + 2 * b * math.sqrt((b / 2) ** 2 + s * s))\n"
    assert verdicts(sandbox, problem, [pyramid, "def surface_Area(b, s):\n    return 0\n"]) == [True, False]


def test_chatty_solution_is_not_stopped_by_output(plus: dict[str, Any], sandbox: Any) -> None:
    problem = plus["Mbpp/3"]
    chatty = "def is_not_prime(n):\n    print('x' * 50000)\n    return n == 1 or any(n % i == 0 for i in range(2, int(n ** 0.5) + 1))\n"
    assert verdicts(sandbox, problem, [chatty]) == [True]


def test_missing_entry_point_is_an_error(plus: dict[str, Any], sandbox: Any) -> None:
    result = sandbox.run(hidden_job(plus["Mbpp/3"], "def something_else(n):\n    return True\n"))
    assert result.status is ExecStatus.ERROR and "NameError" in result.error
