"""A small pool recorded in a real store, its test results from real sandbox runs.

Two tasks, four candidates each, no repairs. Task ``T/A`` (``f(x) = 2x``):
c0 ``x + 1`` (likeliest; public 1/2), c1 ``x + x if x < 5 else 0`` (public
pass, hidden fail), c2 ``2 * x`` and c3 ``x * 2`` (correct). Task ``T/B``
(``g(x) = x * x``): c0 loops on 0, c1 always raises, c2 is correct, c3 does
not parse.
"""

from __future__ import annotations

from codebudget.records import FinishReason, Problem, Sample
from codebudget.sandbox import Limits
from codebudget.scoring import hidden_job, public_job
from codebudget.store import ExecutionRow, ExtractionRow, GenerationKey, GenerationRow, RunRow, Store, TaskResultRow

POOL = "pool-sel"
FAST = Limits(timeout_s=0.5)
BENCH = "bench"
PROBLEMS = (
    Problem("T/A", "def f(x):\n    \"\"\">>> f(1)\n    2\n    \"\"\"\n", "f",
            ("assert f(1) == 2", "assert f(3) == 6"), ("assert f(10) == 20", "assert f(1) == 2"), benchmark=BENCH),
    Problem("T/B", "def g(x):\n", "g", ("assert g(2) == 4", "assert g(0) == 0"),
            ("assert g(5) == 25", "assert g(0) == 0"), benchmark=BENCH),
)
CANDIDATES = {  # task -> (code, mean log-probability) per sample
    "T/A": (("def f(x):\n    return x + 1", -0.1), ("def f(x):\n    return x + x if x < 5 else 0", -0.5),
            ("def f(x):\n    return 2 * x", -0.4), ("def f(x):\n    return x * 2", -0.9)),
    "T/B": (("def g(x):\n    while x == 0:\n        pass\n    return x * x", -0.2),
            ("def g(x):\n    raise RuntimeError('no')", -0.1), ("def g(x):\n    return x * x", -0.3),
            ("def g(x) return", -0.05)),
}


def record(store: Store, sandbox, finished: bool = True) -> None:
    """Record the pool under :data:`POOL` (M=4, K=0), running the public and hidden tests for real.

    ``finished=False`` leaves out the task results, as for a pool still being built.
    """
    store.add_run(RunRow(POOL, {"n": 4, "k": 0, "temperature": 0.8}, "hand-written"))
    for problem in PROBLEMS:
        store.add_task(problem)
        for index, (code, logprob) in enumerate(CANDIDATES[problem.task_id]):
            _version(store, sandbox, problem, index, code, logprob)
        if finished:
            finish(store, problem.task_id)


def finish(store: Store, task_id: str) -> None:
    """Record the pool's result on ``task_id``, which marks the task finished."""
    store.add_task_result(TaskResultRow(POOL, BENCH, task_id, (), 16.0))


def _version(store: Store, sandbox, problem: Problem, index: int, code: str, logprob: float) -> None:
    key = GenerationKey(POOL, BENCH, problem.task_id, index, 0)
    sample = Sample(f"```python\n{code}\n```", 20, logprob, FinishReason.STOP, index)
    store.add_generation(GenerationRow(key, "write it", sample, 0.8, f"call-{problem.task_id}", 4.0, 4, 30, "hand", "hand"))
    parses = _parses(code)
    store.add_extraction(ExtractionRow(key, code, True, "fenced", parses, None if parses else "syntax"))
    if parses:
        store.add_execution(ExecutionRow(key, "public", sandbox.run(public_job(problem, code, limits=FAST))))
        store.add_execution(ExecutionRow(key, "hidden", sandbox.run(hidden_job(problem, code, limits=FAST))))


def _parses(code: str) -> bool:
    try:
        compile(code, "<candidate>", "exec")
    except SyntaxError:
        return False
    return True


class CountingSandbox:
    """A sandbox that counts the jobs it is given."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.isolation = inner.isolation
        self.jobs = 0

    def run(self, job):
        self.jobs += 1
        return self.inner.run(job)

    def run_many(self, jobs):
        jobs = list(jobs)
        self.jobs += len(jobs)
        return self.inner.run_many(jobs)

    def close(self) -> None:
        pass
