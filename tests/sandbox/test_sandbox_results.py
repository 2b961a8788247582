"""Structured results of real executions: statuses, counts, failing tests, feedback texts."""

from __future__ import annotations

from codebudget.records import ExecStatus
from codebudget.sandbox import Job, Limits
from codebudget.sandbox.pool import ForkServerSandbox

CHECK = """
def check(candidate):
    assert candidate(1) == 2
    assert candidate(2) == 3
    assert candidate(3) == 5, "three"
"""


def test_passing_program(sandbox: ForkServerSandbox) -> None:
    result = sandbox.run(Job(code="def inc(x):\n    return x + 1\n", tests=("assert inc(1) == 2",)))
    assert result.status is ExecStatus.PASSED and result.passed
    assert (result.tests_passed, result.tests_total) == (1, 1)
    assert result.wall_s > 0 and result.isolation == sandbox.isolation


def test_failing_assert_inside_a_check_function(sandbox: ForkServerSandbox) -> None:
    job = Job(code="def inc(x):\n    return x + 1\n", tests=(CHECK + "check(inc)",))
    result = sandbox.run(job)
    assert result.status is ExecStatus.FAILED
    assert result.failing_test == 'assert candidate(3) == 5, "three"'
    assert result.error == "AssertionError: three (4 == 5 is False)"


def test_every_test_runs_without_stop_on_failure(sandbox: ForkServerSandbox) -> None:
    tests = ("assert f(1) == 1", "assert f(2) == 0", "assert f(3) == 3", "f(None) + 1")
    job = Job(code="def f(x): return x", tests=tests, stop_on_failure=False)
    result = sandbox.run(job)
    assert result.status is ExecStatus.FAILED
    assert (result.tests_passed, result.tests_total) == (2, 4)
    assert result.failing_test == "assert f(2) == 0"
    stopped = sandbox.run(Job(code="def f(x): return x", tests=tests))
    assert (stopped.tests_passed, stopped.tests_total) == (1, 4)


def test_exception_in_the_program_points_at_its_line(sandbox: ForkServerSandbox) -> None:
    job = Job(code="def f(x):\n    y = x / 0\n    return y\n", tests=("assert f(1) == 1",))
    result = sandbox.run(job)
    assert result.status is ExecStatus.ERROR
    assert result.failing_test == "assert f(1) == 1"
    assert result.error == "ZeroDivisionError: division by zero (program line 2: y = x / 0)"


def test_syntax_errors(sandbox: ForkServerSandbox) -> None:
    broken = sandbox.run(Job(code="def f(:\n    pass\n", tests=("assert True",)))
    assert broken.status is ExecStatus.ERROR and broken.failing_test is None
    assert broken.error.startswith("SyntaxError") and "program line 1" in broken.error
    bad_test = sandbox.run(Job(code="x = 1", tests=("assert x ==",)))
    assert bad_test.status is ExecStatus.ERROR
    assert bad_test.error.startswith("SyntaxError in the test")


def test_output_is_captured_and_setup_runs_first(sandbox: ForkServerSandbox) -> None:
    job = Job(
        setup="import math",
        code="print('hi')\nimport sys\nsys.stderr.write('warn')\nr = math.sqrt(4)",
        tests=("assert r == 2",),
    )
    result = sandbox.run(job)
    assert result.status is ExecStatus.PASSED
    assert (result.stdout_tail, result.stderr_tail) == ("hi\n", "warn")


def test_program_namespace_is_not_main(sandbox: ForkServerSandbox) -> None:
    job = Job(code="if __name__ == '__main__':\n    input()\nx = 1", tests=("assert x == 1",))
    assert sandbox.run(job).status is ExecStatus.PASSED


def test_files_do_not_survive_between_runs(sandbox: ForkServerSandbox) -> None:
    write = Job(
        code="open('state.txt', 'w').write('1')\nimport tempfile, os\n"
        "open(os.path.join(tempfile.gettempdir(), 'x'), 'w').write('1')"
    )
    read = Job(code="import os\nnames = os.listdir('.')", tests=("assert names == []",))
    results = sandbox.run_many([write] * 4 + [read] * 4)
    assert all(r.status is ExecStatus.PASSED for r in results), results


def test_results_keep_the_order_of_jobs(sandbox: ForkServerSandbox) -> None:
    jobs = [
        Job(code=f"import time\ntime.sleep({(7 - i) / 100})\nv = {i}", tests=(f"assert v == {i}",))
        for i in range(8)
    ]
    assert all(r.passed for r in sandbox.run_many(jobs))


def test_memory_limit_is_per_job(sandbox: ForkServerSandbox) -> None:
    code = "x = bytearray(300 * 1024 * 1024)"
    assert sandbox.run(Job(code=code, limits=Limits(memory_mb=256))).status is ExecStatus.MEMORY
    assert sandbox.run(Job(code=code, limits=Limits(memory_mb=1024))).status is ExecStatus.PASSED
