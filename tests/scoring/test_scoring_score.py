"""Grading samples and totalling them per task and per benchmark."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import pytest

from codebudget.benchmarks import load
from codebudget.records import ExecStatus, Execution, Problem
from codebudget.sandbox.base import Job, Limits
from codebudget.scoring import Verdict, grade, hidden_job, pass_at_k, public_job, score_samples, summarize, task_score
from codebudget.scoring.results import SampleResult

ADD = Problem("toy/add", 'def add(a, b):\n    """Add."""\n', "add", ("assert add(1, 1) == 2",), ("assert add(2, 3) == 5",), benchmark="toy", benchmark_version="1")
NEG = Problem("toy/neg", 'def neg(a):\n    """Negate."""\n', "neg", (), ("assert neg(2) == -2",), benchmark="toy", benchmark_version="1")
OTHER = Problem("o/1", "def one():\n    pass\n", "one", (), ("assert one() == 1",), setup="import math", benchmark="other")


class Scripted:
    """A stand-in sandbox: the status of each job is looked up by a marker in its code."""

    isolation = "scripted"

    def __init__(self) -> None:
        self.jobs: list[Job] = []

    def run(self, job: Job) -> Execution:
        return self.run_many([job])[0]

    def run_many(self, jobs: Iterable[Job]) -> list[Execution]:
        jobs = list(jobs)
        self.jobs.extend(jobs)
        return [Execution(status=self._status(job.code)) for job in jobs]

    def close(self) -> None:
        pass

    @staticmethod
    def _status(code: str) -> ExecStatus:
        for status in ExecStatus:
            if f"# {status.value}" in code:
                return status
        return ExecStatus.PASSED


def answer(name: str, marker: str = "") -> str:
    return f"```python\ndef {name}(*args):  # {marker}\n    return 0\n```"


def test_jobs_carry_the_problem_tests_and_setup() -> None:
    hidden = hidden_job(OTHER, "x = 1", limits=Limits(timeout_s=1.0))
    assert (hidden.tests, hidden.setup, hidden.limits.timeout_s, hidden.stop_on_failure) == (("assert one() == 1",), "import math", 1.0, True)
    public = public_job(ADD, "x = 1")
    assert (public.tests, public.stop_on_failure) == (("assert add(1, 1) == 2",), False)


def test_verdicts_and_what_never_runs() -> None:
    box = Scripted()
    samples = {
        "toy/add": [answer("add"), answer("add", "failed"), "no code here", "```python\ndef add(a, b):\n    return (a +\n```"],
        "toy/neg": [answer("neg", "timeout"), answer("neg", "sandbox-error")],
    }
    results = grade([ADD, NEG], samples, box)
    assert [(r.task_id, r.index, r.verdict) for r in results] == [
        ("toy/add", 0, Verdict.PASSED),
        ("toy/add", 1, Verdict.FAILED),
        ("toy/add", 2, Verdict.NO_CODE),
        ("toy/add", 3, Verdict.SYNTAX_ERROR),
        ("toy/neg", 0, Verdict.TIMEOUT),
        ("toy/neg", 1, Verdict.SANDBOX_ERROR),
    ]
    assert len(box.jobs) == 4  # the sample without code and the one that does not compile never ran
    assert results[3].syntax_error and results[3].execution is None
    assert results[0].method == "fenced" and results[0].execution is not None


def test_totals_per_task_and_per_benchmark() -> None:
    samples = {
        "toy/add": [answer("add"), answer("add", "failed"), answer("add", "error"), answer("add")],
        "toy/neg": [answer("neg", "failed"), answer("neg", "sandbox-error"), answer("neg"), answer("neg", "memory")],
        "o/1": [answer("one")],
    }
    scores = score_samples([ADD, NEG, OTHER], samples, Scripted(), ks=(1, 2, 4))
    toy = scores.benchmark("toy")
    add, neg = toy.tasks
    assert (add.n, add.c, neg.n, neg.c) == (4, 2, 3, 1)  # the sandbox error is left out of n
    assert add.at(2) == pytest.approx(pass_at_k(4, 2, 2)) and neg.at(4) is None
    assert toy.pass_at == ((1, pytest.approx((0.5 + 1 / 3) / 2)), (2, pytest.approx((pass_at_k(4, 2, 2) + pass_at_k(3, 1, 2)) / 2)))
    assert toy.at(4) is None  # not every task has 4 scored samples
    assert (toy.n_tasks, toy.n_samples, toy.n_passed, toy.version) == (2, 7, 3, "1")
    assert dict(toy.verdicts) == {"error": 1, "failed": 2, "memory": 1, "passed": 3, "sandbox-error": 1}
    assert scores.benchmark("other").pass_at == ((1, 1.0),)
    with pytest.raises(KeyError):
        scores.benchmark("missing")


def test_tasks_without_scored_samples_are_listed() -> None:
    scores = score_samples([ADD, NEG], {"toy/add": [answer("add", "sandbox-error")]}, Scripted())
    toy = scores.benchmark("toy")
    assert toy.unscored == ("toy/add", "toy/neg") and toy.n_tasks == 0 and toy.pass_at == ()


def test_samples_for_unknown_tasks_are_refused() -> None:
    with pytest.raises(KeyError, match="unknown task 'nope'"):
        grade([ADD], {"nope": ["x"]}, Scripted())


def test_task_score_alone() -> None:
    results = [SampleResult("toy/add", i, verdict, "fenced") for i, verdict in enumerate([Verdict.PASSED, Verdict.NO_CODE])]
    score = task_score(ADD, results, ks=(1, 2, 3))
    assert (score.n, score.c, score.pass_at) == (2, 1, ((1, 0.5), (2, 1.0)))
    assert summarize([ADD], results).samples == tuple(results)


def test_end_to_end_in_the_real_sandbox(fixtures: Path, sandbox: Any) -> None:
    problems = load("jsonl", path=fixtures / "tasks.jsonl")[:2]
    samples = {
        "demo/add": ["```python\ndef add(a, b):\n    return a + b\n```", "def add(a, b):\n    return a - b\n", "```python\ndef add(a, b):\n    while True:\n        pass\n```"],
        "demo/mean": ["```python\ndef mean(xs: List[float]) -> float:\n    return sum(xs) / len(xs)\n```", "Use statistics.mean."],
    }
    scores = score_samples(problems, samples, sandbox, ks=(1, 2), limits=Limits(timeout_s=1.0))
    verdicts = [(r.task_id, r.verdict) for r in scores.samples]
    assert verdicts == [
        ("demo/add", Verdict.PASSED),
        ("demo/add", Verdict.FAILED),
        ("demo/add", Verdict.TIMEOUT),
        ("demo/mean", Verdict.PASSED),
        ("demo/mean", Verdict.NO_CODE),
    ]
    assert scores.benchmark("tasks").at(1) == pytest.approx((1 / 3 + 1 / 2) / 2)
