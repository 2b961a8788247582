"""From a worker's raw facts to an Execution: only marked, complete verdicts pass."""

from __future__ import annotations

import json
import signal
from typing import Any

from codebudget.records import ExecStatus
from codebudget.sandbox import Job, Limits
from codebudget.sandbox.verdict import judge

MARKER = "0123456789abcdef0123456789abcdef"
JOB = Job(code="def f(x): return x", tests=("assert f(1) == 1", "assert f(2) == 2"))


def line(event: dict[str, Any], marker: str = MARKER) -> str:
    return f"{marker} {json.dumps(event)}\n"


def facts(report: str = "", **overrides: Any) -> dict[str, Any]:
    base = {
        "exit": 0,
        "timed_out": False,
        "output_exceeded": False,
        "stdout": "",
        "stderr": "",
        "report": report,
        "wall": 0.01,
        "cpu": 0.01,
        "clean": True,
    }
    return {**base, **overrides}


END_PASSED = {"ev": "end", "status": "passed", "passed": 2, "total": 2, "failing_index": None}
PROGRESS = "".join(line({"ev": e, "test": i}) for i in range(2) for e in ("start", "pass"))


def test_a_complete_marked_verdict_passes() -> None:
    result = judge(JOB, facts(PROGRESS + line(END_PASSED)), MARKER, "namespaces")
    assert result.status is ExecStatus.PASSED
    assert (result.tests_passed, result.tests_total, result.isolation) == (2, 2, "namespaces")


def test_a_verdict_without_the_marker_is_ignored() -> None:
    forged = line(END_PASSED, marker="f" * 32) + json.dumps(END_PASSED) + "\n"
    result = judge(JOB, facts(forged), MARKER, "fallback")
    assert result.status is ExecStatus.ERROR
    assert "exited with status 0 before the tests finished" in result.error


def test_a_pass_needs_a_clean_exit_and_every_test() -> None:
    assert judge(JOB, facts(line(END_PASSED), exit=3), MARKER, "x").status is ExecStatus.ERROR
    short = {**END_PASSED, "passed": 1}
    assert judge(JOB, facts(line(short)), MARKER, "x").status is ExecStatus.ERROR


def test_a_timeout_names_the_running_test() -> None:
    report = line({"ev": "start", "test": 0}) + line({"ev": "pass", "test": 0})
    report += line({"ev": "start", "test": 1})
    result = judge(JOB, facts(report, timed_out=True), MARKER, "x")
    assert result.status is ExecStatus.TIMEOUT
    assert result.tests_passed == 1
    assert result.failing_test == "assert f(2) == 2"
    assert "test 2 of 2" in result.error


def test_signals_out_of_memory_and_output_limits() -> None:
    crashed = judge(JOB, facts(exit=-signal.SIGSEGV), MARKER, "x")
    assert crashed.status is ExecStatus.ERROR and "SIGSEGV" in crashed.error
    oom = judge(JOB, facts(exit=-signal.SIGKILL, oom=True), MARKER, "x")
    assert oom.status is ExecStatus.MEMORY
    cpu = judge(
        Job("", limits=Limits(timeout_s=1)), facts(exit=-signal.SIGXCPU, cpu=2.0), MARKER, "x"
    )
    assert cpu.status is ExecStatus.TIMEOUT
    flood = judge(JOB, facts(output_exceeded=True, stdout="x" * 10_000), MARKER, "x")
    assert flood.status is ExecStatus.OUTPUT_LIMIT
    assert len(flood.stdout_tail) == 2000


def test_texts_from_the_child_are_trimmed() -> None:
    end = {
        **END_PASSED,
        "status": "failed",
        "passed": 0,
        "failing_test": "assert " + "x" * 5000,
        "error": "AssertionError: " + "y" * 5000,
    }
    result = judge(JOB, facts(line(end)), MARKER, "x")
    assert result.status is ExecStatus.FAILED
    assert result.failing_test is not None and len(result.failing_test) <= 300
    assert len(result.error) <= 400
