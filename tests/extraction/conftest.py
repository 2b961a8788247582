"""Fixtures for the extraction tests: the HumanEval problems, loaded once."""

from __future__ import annotations

import pytest

from codebudget.benchmarks import load
from codebudget.records import Problem


@pytest.fixture(scope="session")
def humaneval() -> dict[str, Problem]:
    """HumanEval's problems by task id."""
    return {problem.task_id: problem for problem in load("humaneval")}
