"""Public tests checked against the benchmark's own reference solution."""

from __future__ import annotations

from typing import Any

from codebudget.records import Problem
from codebudget.scoring import check_references

GOOD = "assert double(2) == 4"
WRONG = "assert double(3) == 7"  # a wrong example, as prompts sometimes have


def test_wrong_examples_are_dropped_and_reported(sandbox: Any) -> None:
    problems = [
        Problem("a", "def double(x): ...", "double", (GOOD, WRONG), ("assert double(5) == 10",), reference="def double(x):\n    return 2 * x\n"),
        Problem("b", "def double(x): ...", "double", (GOOD,), ("assert double(5) == 11",), reference="def double(x):\n    return 2 * x\n"),
        Problem("c", "def double(x): ...", "double", (WRONG,), ("assert double(1) == 2",)),
    ]
    check = check_references(problems, sandbox)
    assert [p.public_tests for p in check.problems] == [(GOOD,), (GOOD,), (WRONG,)]
    assert [(d.task_id, d.test, d.status) for d in check.dropped] == [("a", WRONG, "failed")]
    assert "7" in check.dropped[0].error
    assert check.hidden_failures == ("b",)
    assert check.unchecked == ("c",)
    assert [p.hidden_tests for p in check.problems] == [p.hidden_tests for p in problems]
