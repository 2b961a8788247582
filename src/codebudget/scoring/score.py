"""Grade samples in the sandbox and total them: per task and per benchmark."""

from __future__ import annotations

from collections import Counter
from statistics import fmean
from typing import Iterable, Mapping, Sequence

from codebudget.candidates import pass_at_k
from codebudget.extraction import Extracted, Mode, extract
from codebudget.records import Problem
from codebudget.sandbox.base import Limits, Sandbox
from codebudget.scoring.jobs import hidden_job
from codebudget.scoring.results import BenchmarkScore, SampleResult, Scores, TaskScore, Verdict

DEFAULT_KS = (1, 10, 100)


def grade(
    problems: Sequence[Problem],
    samples: Mapping[str, Sequence[str]],
    sandbox: Sandbox,
    *,
    mode: Mode = "chat",
    limits: Limits = Limits(),
) -> tuple[SampleResult, ...]:
    """Extract, syntax-check and run every sample (``task_id`` -> answers) on its hidden tests.

    Programs that do not compile, or answers without code for the entry point, are
    recorded as such and never run. The others run in one :meth:`Sandbox.run_many` batch.
    """
    by_id = {problem.task_id: problem for problem in problems}
    unknown = sorted(set(samples) - set(by_id))
    if unknown:
        raise KeyError(f"samples for unknown task {unknown[0]!r}")
    extracted = [
        (task_id, index, extract(by_id[task_id], text, mode=mode))
        for task_id, texts in samples.items()
        for index, text in enumerate(texts)
    ]
    runnable = [(i, hidden_job(by_id[t], e.code, limits=limits)) for i, (t, _, e) in enumerate(extracted) if _runs(e)]
    executions = dict(zip((i for i, _ in runnable), sandbox.run_many(job for _, job in runnable)))
    return tuple(
        _result(task_id, index, found, executions.get(position))
        for position, (task_id, index, found) in enumerate(extracted)
    )


def summarize(problems: Sequence[Problem], results: Iterable[SampleResult], *, ks: Sequence[int] = DEFAULT_KS) -> Scores:
    """Per-task and per-benchmark totals of graded samples."""
    results = tuple(results)
    by_task: dict[str, list[SampleResult]] = {}
    for result in results:
        by_task.setdefault(result.task_id, []).append(result)
    benchmarks: dict[str, list[Problem]] = {}
    for problem in problems:
        benchmarks.setdefault(problem.benchmark, []).append(problem)
    totals = tuple(_benchmark(name, members, by_task, ks) for name, members in benchmarks.items())
    return Scores(benchmarks=totals, samples=results)


def score_samples(
    problems: Sequence[Problem],
    samples: Mapping[str, Sequence[str]],
    sandbox: Sandbox,
    *,
    mode: Mode = "chat",
    ks: Sequence[int] = DEFAULT_KS,
    limits: Limits = Limits(),
) -> Scores:
    """:func:`grade` the samples, then :func:`summarize` them."""
    return summarize(problems, grade(problems, samples, sandbox, mode=mode, limits=limits), ks=ks)


def task_score(problem: Problem, results: Sequence[SampleResult], ks: Sequence[int] = DEFAULT_KS) -> TaskScore:
    """n, c and pass@k of one task's samples (sandbox failures left out)."""
    scored = [result for result in results if result.scored]
    n, c = len(scored), sum(result.passed for result in scored)
    return TaskScore(
        task_id=problem.task_id,
        benchmark=problem.benchmark,
        n=n,
        c=c,
        pass_at=tuple((k, pass_at_k(n, c, k)) for k in ks if 1 <= k <= n),
        verdicts=_counts(results),
    )


def _runs(found: Extracted) -> bool:
    return found.ok and found.syntax_ok


def _result(task_id: str, index: int, found: Extracted, execution: object) -> SampleResult:
    if not found.syntax_ok:
        return SampleResult(task_id, index, Verdict.SYNTAX_ERROR, found.method, syntax_error=found.syntax_error)
    if not found.ok:
        return SampleResult(task_id, index, Verdict.NO_CODE, found.method)
    return SampleResult(task_id, index, Verdict.of(execution), found.method, execution=execution)  # type: ignore[arg-type]


def _benchmark(
    name: str, problems: list[Problem], by_task: dict[str, list[SampleResult]], ks: Sequence[int]
) -> BenchmarkScore:
    tasks = [task_score(p, by_task[p.task_id], ks) for p in problems if p.task_id in by_task]
    scored = [task for task in tasks if task.n > 0]
    reached = [k for k in ks if scored and all(task.n >= k for task in scored)]
    samples = [result for p in problems for result in by_task.get(p.task_id, [])]
    scored_ids = {task.task_id for task in scored}
    return BenchmarkScore(
        benchmark=name,
        version=problems[0].benchmark_version,
        n_tasks=len(scored),
        n_samples=sum(task.n for task in scored),
        n_passed=sum(task.c for task in scored),
        pass_at=tuple((k, fmean(task.at(k) for task in scored)) for k in reached),  # type: ignore[misc]
        verdicts=_counts(samples),
        tasks=tuple(tasks),
        unscored=tuple(p.task_id for p in problems if p.task_id not in scored_ids),
    )


def _counts(results: Iterable[SampleResult]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(Counter(result.verdict.value for result in results).items()))

