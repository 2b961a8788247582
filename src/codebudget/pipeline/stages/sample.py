"""The sampling stage: round 0, N candidates from one batched model call.

The request comes from the configuration's prompt style, shaped by its prompt
stages (:mod:`.prompting`); a prefilled answer is
stored whole (the prefill, then what the model generated), its tokens being
only the generated ones.

Replay rule: the call's time for N of a pool's M samples is estimated by
:class:`codebudget.candidates.SamplingTime` (fitted to the pool's calls); its
tokens are the drawn samples' own.
"""

from __future__ import annotations

import json
import uuid
from typing import Sequence

from codebudget.backends.base import Backend, GenerationRequest, Message, SamplingParams
from codebudget.pipeline.context import TaskContext
from codebudget.pipeline.reuse import EarlierAnswer, reused
from codebudget.pipeline.stages.prompting import shaped
from codebudget.prompts import get_style
from codebudget.store import GenerationRow


def prompt_text(messages: Sequence[Message]) -> str:
    """The chat messages as stored: JSON, readable and backend-independent."""
    return json.dumps([{"role": m.role, "content": m.content} for m in messages], ensure_ascii=False)


class SampleStage:
    """Round 0: ``config.n`` candidates from one batched call at ``config.temperature``.

    A single greedy candidate (N=1, temperature 0) whose prompt ``earlier``
    finds answered is reused without a model call (see :mod:`codebudget.pipeline.reuse`).
    """

    def __init__(self, backend: Backend, earlier: EarlierAnswer | None = None):
        self.backend = backend
        self.earlier = earlier

    def __call__(self, ctx: TaskContext) -> list[GenerationRow]:
        config = ctx.config
        prompt = shaped(get_style(config.prompt_style).solve(ctx.problem), "solve", ctx)
        messages = prompt.messages
        greedy_one = config.n == 1 and config.temperature == 0
        found = self.earlier(ctx, prompt_text(messages)) if self.earlier and greedy_one else None
        if found is not None:
            return [reused(found, ctx.key(0))]
        params = SamplingParams(config.n, config.temperature, config.top_p, config.max_tokens, prompt.stop,
                                ctx.task_seed, config.draft(repair=False), ctx.deadline)
        generation = self.backend.generate(GenerationRequest(messages=messages, params=params))
        call_id = uuid.uuid4().hex
        return [
            GenerationRow(
                key=ctx.key(index), prompt=prompt_text(messages), sample=prompt.answer(sample),
                temperature=config.temperature,
                call_id=call_id, call_wall_s=generation.wall_s, call_samples=len(generation.samples),
                prompt_tokens=generation.prompt_tokens, backend=generation.backend, model=generation.model,
            )
            for index, sample in enumerate(generation.samples)
        ]
