"""One stub through the pipeline within a hard time limit, and what it produced.

The task goes through the same task runner as a benchmark's (:class:`codebudget.pipeline.task.TaskRunner`),
on a store of its own that lives for the call: N candidates from one batched call, the
syntax filter, the public tests in the sandbox, repairs of the failing ones for up to K
rounds. The answer is then chosen by ``public-then-vote``: among the final versions that
pass the most available tests, the one whose outputs on the examples' arguments most
others share (the best honest policy on the committed pools, for a few hundredths of a
second; :mod:`codebudget.selection`); without time left for the vote, the pipeline's own
pick (``public-tests``: the first passing every test, else the one passing the most). A pick
whose code does not parse (cut short by the deadline) gives way to the version that parses
and passed the most tests.
With a budget, the model's work has a
deadline a share of the budget before its end (:data:`MODEL_SHARE`), which the decoder
checks between steps and the runner before each repair; the rest is kept for the tests of
what was written by then. When the deadline cuts the work, the best of what there is is
the answer.
"""

from __future__ import annotations

import contextlib
import dataclasses
import tempfile
import time
from pathlib import Path

from codebudget.backends.base import Backend, BackendError, Deadline
from codebudget.candidates import Pool, load_task_pool, run
from codebudget.evidence.behaviours import attach, collect_behaviours
from codebudget.evidence.inputs import PUBLIC_ARGUMENTS
from codebudget.pipeline.config import PipelineConfig
from codebudget.pipeline.context import TaskContext
from codebudget.pipeline.reuse import answered_before
from codebudget.pipeline.runner import record_run
from codebudget.pipeline.stages import GateStage, RepairStage, SampleStage, TestStage
from codebudget.pipeline.stages.prompting import PrepareStage
from codebudget.pipeline.task import TaskRunner
from codebudget.records import FinishReason, Problem
from codebudget.sandbox.base import Limits, Sandbox
from codebudget.selection import get_policy
from codebudget.store import Store

MODEL_SHARE = 0.85
"""The share of a budget the model may use; the rest is for testing what it wrote last."""
VOTE = "public-then-vote"
VOTE_BY = 0.95
"""The vote among finished versions runs when this share of the budget is not yet spent (it takes hundredths
of a second: running the versions on the examples' arguments)."""
VOTE_MARGIN_S = 0.1
"""Kept back from the vote's time limit for what follows it (choosing, reading the store)."""


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What ``solve`` did for one stub and the answer it chose."""

    code: str | None  # the chosen version's code; None when nothing parsed
    tests: int  # public tests available
    tests_passed: int  # of them, passed by the chosen version
    candidates: int  # first attempts sampled
    repairs: int  # repair calls made
    passing: int  # versions passing every available test
    seconds: float  # wall time from start to answer
    cut: bool  # the deadline ended some of the work
    model_calls: int
    tokens: int

    @property
    def passed(self) -> bool:
        """The chosen version passes every available test (and there was at least one)."""
        return self.code is not None and self.tests > 0 and self.tests_passed == self.tests


def solve(problem: Problem, config: PipelineConfig, backend: Backend, sandbox: Sandbox,
          budget_s: float | None = None, deadline: Deadline | None = None) -> Outcome:
    """Run ``config`` on ``problem`` within ``budget_s`` seconds (None: no limit); ``deadline`` lets the caller
    cancel the work (a server whose client went away)."""
    started = time.monotonic()
    deadline = deadline or Deadline()
    if budget_s is not None:
        deadline.at = started + MODEL_SHARE * budget_s
    with tempfile.TemporaryDirectory(prefix="codebudget-solve-") as scratch:
        with Store.open(Path(scratch) / "solve.db") as store:
            run_hash = record_run(store, config, sandbox.isolation)
            store.add_task(problem)
            earlier = answered_before(store)
            runner = TaskRunner(store, SampleStage(backend, earlier), RepairStage(backend, earlier),
                                TestStage(sandbox, "public"), TestStage(sandbox, "hidden"),
                                GateStage.named(config.stages), PrepareStage.named(backend, config.stages))
            ctx = TaskContext(problem, config, run_hash, deadline=deadline)
            try:
                result = runner.run(ctx)
            except BackendError:
                if not ctx.out_of_time() or not list(store.iter_extractions(run_hash, problem.benchmark, problem.task_id)):
                    raise
                result = runner.finish(ctx)  # a repair call gave up at the deadline: the best so far
            pick = next(s for s in result.selections if s.policy == ctx.config.selection)
            chosen = (pick.sample_index, pick.round or 0) if pick.sample_index is not None else None
            time_left = budget_s is None or time.monotonic() - started < VOTE_BY * budget_s
            if chosen is not None and time_left and not deadline.cancelled:
                end = None if budget_s is None else started + budget_s
                chosen = _voted(store, ctx, sandbox, end) or chosen
            chosen = _parsing(store, ctx, chosen)
            return _outcome(store, ctx, result, chosen, time.monotonic() - started)


def _parsing(store: Store, ctx: TaskContext, chosen: tuple[int, int] | None) -> tuple[int, int] | None:
    """``chosen`` if its code parses; else the version that parses and passed the most tests (ties: the earlier
    candidate, then the later round), None when none parses. A policy that found nothing passing may pick a
    version cut short by the deadline; a user wants code that runs."""
    problem = ctx.problem
    if chosen is not None:
        found = store.get_extraction(ctx.key(*chosen))
        if found is not None and found.syntax_ok:
            return chosen
    best: tuple[tuple[int, int, int], tuple[int, int]] | None = None
    for version in store.iter_extractions(ctx.run_hash, problem.benchmark, problem.task_id):
        if not version.syntax_ok:
            continue
        row = store.get_execution(version.key, "public")
        rank = (row.execution.tests_passed if row is not None else -1, -version.key.sample_index, version.key.round)
        if best is None or rank > best[0]:
            best = (rank, (version.key.sample_index, version.key.round))
    return best[1] if best is not None else None


def _voted(store: Store, ctx: TaskContext, sandbox: Sandbox, end: float | None = None) -> tuple[int, int] | None:
    """(sample index, round) of ``public-then-vote``'s pick among the task's final versions. A version run on the
    examples' arguments gets the tests' time limit, and no more than what is left before ``end`` (a monotonic
    time; None: no end): a version that loops must not carry the answer past its budget."""
    problem, config = ctx.problem, ctx.config
    timeout = config.exec_timeout_s if end is None else min(config.exec_timeout_s, end - time.monotonic() - VOTE_MARGIN_S)
    if timeout <= 0:
        return None
    limits = Limits(timeout_s=timeout, memory_mb=config.memory_mb)
    task = load_task_pool(store, ctx.run_hash, problem.benchmark, problem.task_id)
    if not task.chains:
        return None
    pool = Pool(ctx.run_hash, config.k, config.temperature, (task,))
    found = collect_behaviours(store, pool, {(problem.benchmark, problem.task_id): problem}, PUBLIC_ARGUMENTS,
                               [config.k], lambda: contextlib.nullcontext(sandbox), limits)
    (task,) = attach(pool, found.behaviours).tasks
    pick = run(task.chains, config.k, get_policy(VOTE)).pick
    return task.chains[pick.position].sample_index, pick.round


def _outcome(store: Store, ctx: TaskContext, result, chosen: tuple[int, int] | None,  # noqa: ANN001 - TaskResultRow
             seconds: float) -> Outcome:
    problem = ctx.problem
    generations = list(store.iter_generations(ctx.run_hash))
    versions = list(store.iter_extractions(ctx.run_hash, problem.benchmark, problem.task_id))
    public = {v.key: store.get_execution(v.key, "public") for v in versions}
    code, passed = None, 0
    if chosen is not None:
        chosen = ctx.key(*chosen)
        version = store.get_extraction(chosen)
        row = public.get(chosen)
        code = version.code if version is not None and version.syntax_ok else None
        passed = row.execution.tests_passed if row is not None else 0
    cut = any(g.sample.finish_reason is FinishReason.DEADLINE for g in generations) or ctx.out_of_time()
    return Outcome(
        code=code, tests=len(problem.public_tests), tests_passed=passed if problem.public_tests else 0,
        candidates=sum(1 for g in generations if g.key.round == 0),
        repairs=sum(1 for g in generations if g.key.round > 0),
        passing=sum(1 for row in public.values() if row is not None and row.execution.passed),
        seconds=seconds, cut=cut, model_calls=result.model_calls, tokens=result.tokens,
    )
