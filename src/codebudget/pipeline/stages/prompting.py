"""Prompt stages: work done once per task before sampling that shapes the task's prompts, and their replay rule.

A prompt stage (``point = "prompt"``) prepares something for a task before its first
sample (functions retrieved from a corpus, worked examples from the memory, a plan from
the model) and then shapes each prompt of that task with it: the first attempt and
every repair. A configuration switches one on by name in ``stages``, with options after
colons (``retrieval:top=5:corpus=~/src/app``); the name with its options is part of the
run identity.

Live: :class:`PrepareStage` asks each of the configuration's prompt stages once per task,
in order, and the task runner records each :class:`~codebudget.records.Preparation`
(store table ``preparations``) before sampling, so a rerun resumes without preparing
again and exports carry what was prepared. Prompts are shaped from the recorded
preparations only, so a resumed task is asked exactly what it was asked before.
A stage's own seconds are measured around its ``prepare`` (a retrieval, a memory
look-up, a plan call); its model tokens and calls are what it reports.

Replay rule, written once for every prompt stage: the loader sums a task's recorded
preparations into :class:`~codebudget.candidates.PreparedCost`, and every configuration
replayed from the run pays its seconds, tokens and model calls once per task, whatever
N and K are (:func:`codebudget.candidates.outcome`, :mod:`codebudget.analysis.schedule_eval`).
What a stage adds to the prompts costs no separate entry: longer prompts make the
recorded sampling and repair calls slower, and replay takes their times as recorded.
"""

from __future__ import annotations

import dataclasses
import time
from typing import TYPE_CHECKING, Literal, Mapping, Protocol, Sequence

from codebudget.records import Preparation, Problem
from codebudget.store import PreparationRow

if TYPE_CHECKING:
    from codebudget.backends.base import Backend
    from codebudget.pipeline.config import PipelineConfig
    from codebudget.pipeline.context import TaskContext
    from codebudget.prompts.styles import Prompt
    from codebudget.store import Store

PROMPT = "prompt"  # the hook point of a prompt stage: before sampling, shaping every prompt of the task
Call = Literal["solve", "repair"]


@dataclasses.dataclass(frozen=True)
class StageEnv:
    """What a prompt stage may use while preparing one task: the run's model, store and configuration."""

    backend: Backend
    store: Store
    config: PipelineConfig
    run_hash: str
    task_seed: int


class PromptStage(Protocol):
    """A pipeline stage at the ``prompt`` point."""

    @property
    def name(self) -> str:
        """Its registered name (the run identity records it with its options)."""
        ...

    @property
    def point(self) -> str:
        """Where it runs: ``"prompt"``."""
        ...

    # Optional: ``revision`` (an int, 1 when absent), part of the run identity where above 1. Bump it when a
    # text the stage puts into prompts changes, so that no run resumes across the change.

    def prepare(self, problem: Problem, env: StageEnv) -> Preparation:
        """What this stage puts before ``problem``'s prompts, with the model tokens and calls it spent."""
        ...

    def shape(self, prompt: Prompt, call: Call, preparation: Preparation) -> Prompt:
        """``prompt`` (a first attempt or a repair) with what was prepared."""
        ...


def options_of(text: str, allowed: Mapping[str, type]) -> dict[str, object]:
    """``"top=5:corpus=/x"`` (the options after a stage's name) as typed values.

    A one-line ``ValueError`` for an unknown name or a bad value.
    """
    found: dict[str, object] = {}
    for part in filter(None, (p.strip() for p in text.split(":"))):
        name, equals, value = part.partition("=")
        name = name.strip()
        if not equals or name not in allowed:
            known = ", ".join(f"{k}=…" for k in allowed)
            raise ValueError(f"unknown stage option {part!r} (options: {known})")
        kind = allowed[name]
        try:
            found[name] = kind(value.strip())
        except ValueError:
            raise ValueError(f"stage option {name}={value!r}: not a {kind.__name__}") from None
    return found


class PrepareStage:
    """The live part of a configuration's prompt stages: prepare each task once, shape its prompts."""

    def __init__(self, backend: Backend, stages: Sequence[PromptStage]):
        self.backend = backend
        self.stages = tuple(stages)

    @classmethod
    def named(cls, backend: Backend, names: Sequence[str]) -> PrepareStage:
        """The prompt stages among the stages ``names``, in their order."""
        from codebudget.pipeline.stages.gates import get_stage

        return cls(backend, [stage for stage in map(get_stage, names) if stage.point == PROMPT])

    def prepare(self, ctx: TaskContext, store: Store) -> tuple[Preparation, ...]:
        """Each stage's preparation of the task: recorded ones as they are, the others made, timed and recorded."""
        problem = ctx.problem
        done = []
        for stage in self.stages:
            found = store.get_preparation(ctx.run_hash, problem.benchmark, problem.task_id, stage.name)
            if found is None:
                env = StageEnv(self.backend, store, ctx.config, ctx.run_hash, ctx.task_seed)
                start = time.perf_counter()
                made = stage.prepare(problem, env)
                made = dataclasses.replace(made, stage=stage.name, wall_s=time.perf_counter() - start)
                found = PreparationRow(ctx.run_hash, problem.benchmark, problem.task_id, made)
                store.add_preparation(found)
            done.append(found.preparation)
        return tuple(done)


def shaped(prompt: Prompt, call: Call, ctx: TaskContext) -> Prompt:
    """``prompt`` shaped by each of the task's prompt stages in order, from what they prepared."""
    for stage, preparation in ctx.prepared:
        prompt = stage.shape(prompt, call, preparation)
    return prompt
