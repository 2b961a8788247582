"""The pipeline's stages: small objects, each doing one step for one task.

- :class:`SampleStage` — N candidates from one batched model call (round 0);
  a single greedy candidate whose prompt the store has answered is reused;
- :class:`ExtractStage` — code out of the answer, and the syntax filter;
- :class:`TestStage` — a test suite ("public" or "hidden") in the sandbox;
- :class:`RepairStage` — one repair call from a failing version and its feedback
  (a greedy repair whose prompt was answered before reuses that answer).

Reuse of greedy answers is described in :mod:`.reuse`.

Stages return store rows; they do not write them (see :mod:`.task`).
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from typing import Callable, Sequence

from codebudget.backends.base import Backend, GenerationRequest, Message, SamplingParams
from codebudget.extraction import extract
from codebudget.pipeline.context import TaskContext
from codebudget.pipeline.feedback import feedback_text
from codebudget.pipeline.reuse import EarlierAnswer, reused
from codebudget.prompts import repair_messages, solve_messages
from codebudget.records import Problem
from codebudget.sandbox.base import Job, Limits, Sandbox
from codebudget.scoring import hidden_job, public_job
from codebudget.store import ExecutionRow, ExtractionRow, GenerationRow


def prompt_text(messages: Sequence[Message]) -> str:
    """The chat messages as stored: JSON, readable and backend-independent."""
    return json.dumps([{"role": m.role, "content": m.content} for m in messages], ensure_ascii=False)


class SampleStage:
    """Round 0: ``config.n`` candidates from one batched call at ``config.temperature``.

    A single greedy candidate (N=1, temperature 0) whose prompt ``earlier``
    finds answered is reused without a model call (see :mod:`.reuse`).
    """

    def __init__(self, backend: Backend, earlier: EarlierAnswer | None = None):
        self.backend = backend
        self.earlier = earlier

    def __call__(self, ctx: TaskContext) -> list[GenerationRow]:
        config = ctx.config
        messages = solve_messages(ctx.problem)
        greedy_one = config.n == 1 and config.temperature == 0
        found = self.earlier(ctx, prompt_text(messages)) if self.earlier and greedy_one else None
        if found is not None:
            return [reused(found, ctx.key(0))]
        params = SamplingParams(config.n, config.temperature, config.top_p, config.max_tokens, (), ctx.task_seed)
        generation = self.backend.generate(GenerationRequest(messages=messages, params=params))
        call_id = uuid.uuid4().hex
        return [
            GenerationRow(
                key=ctx.key(index), prompt=prompt_text(messages), sample=sample, temperature=config.temperature,
                call_id=call_id, call_wall_s=generation.wall_s, call_samples=len(generation.samples),
                prompt_tokens=generation.prompt_tokens, backend=generation.backend, model=generation.model,
            )
            for index, sample in enumerate(generation.samples)
        ]


class RepairStage:
    """One repair call for a failing version, carrying the task, the code and the feedback.

    At repair temperature 0 the answer is a function of the prompt (greedy
    decoding), so when ``earlier`` finds the same prompt answered for the same
    task, that answer is reused without a model call (see :mod:`.reuse`). Two
    candidates that fail the same way often ask for the same repair.
    """

    def __init__(self, backend: Backend, earlier: EarlierAnswer | None = None):
        self.backend = backend
        self.earlier = earlier

    def __call__(self, ctx: TaskContext, parent: ExtractionRow, execution: ExecutionRow | None) -> GenerationRow:
        config, key = ctx.config, parent.key
        feedback = feedback_text(parent.ok and parent.syntax_ok, parent.syntax_error, execution and execution.execution)
        messages = repair_messages(ctx.problem, parent.code, feedback)
        found = self.earlier(ctx, prompt_text(messages)) if self.earlier and config.repair_temperature == 0 else None
        if found is not None:
            return reused(found, ctx.key(key.sample_index, key.round + 1))
        seed = ctx.repair_seed(key.sample_index, key.round + 1)
        params = SamplingParams(1, config.repair_temperature, config.top_p, config.max_tokens, (), seed)
        generation = self.backend.generate(GenerationRequest(messages=messages, params=params))
        return GenerationRow(
            key=ctx.key(key.sample_index, key.round + 1), prompt=prompt_text(messages), sample=generation.samples[0],
            temperature=config.repair_temperature, call_id=uuid.uuid4().hex, call_wall_s=generation.wall_s,
            call_samples=1, prompt_tokens=generation.prompt_tokens, backend=generation.backend,
            model=generation.model, parent_index=key.sample_index, parent_round=key.round,
        )


class ExtractStage:
    """Code out of a chat answer, with the syntax check (the syntax filter)."""

    def __call__(self, ctx: TaskContext, row: GenerationRow) -> ExtractionRow:
        found = extract(ctx.problem, row.sample.text, mode="chat")
        return ExtractionRow(row.key, found.code, found.ok, found.method, found.syntax_ok, found.syntax_error)


JobBuilder = Callable[[Problem, str], Job]
SUITES: dict[str, JobBuilder] = {"public": public_job, "hidden": hidden_job}


class TestStage:
    """Runs one suite on every version that has code that parses; the others need no run.

    ``suite`` names the executions it records; ``tests`` (default: the same) names the tests it
    runs under that name: the pipeline's ``public`` stage runs the hidden tests when a
    configuration's ``feedback_tests`` is ``hidden``.
    """

    def __init__(self, sandbox: Sandbox, suite: str, tests: str | None = None):
        self.sandbox = sandbox
        self.suite = suite
        self.job = SUITES[tests or suite]

    def __call__(self, ctx: TaskContext, versions: Sequence[ExtractionRow]) -> list[ExecutionRow]:
        runnable = [v for v in versions if v.ok and v.syntax_ok]
        limits = Limits(timeout_s=ctx.config.exec_timeout_s, memory_mb=ctx.config.memory_mb)
        jobs = [_with_limits(self.job(ctx.problem, v.code), limits) for v in runnable]
        results = self.sandbox.run_many(jobs) if jobs else []
        return [ExecutionRow(v.key, self.suite, result) for v, result in zip(runnable, results)]


def _with_limits(job: Job, limits: Limits) -> Job:
    return dataclasses.replace(job, limits=limits)
