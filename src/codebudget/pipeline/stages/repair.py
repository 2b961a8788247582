"""The repair stage: one model call from a failing version and what went wrong with it.

Replay rule (:mod:`codebudget.candidates.work`): after every candidate's first
version is tested, each failing candidate is repaired in sample order, round
after round up to K, its chain ending at its first public pass; a repair is a
model call unless it is greedy and the run already sent its prompt
(:class:`codebudget.candidates.RepairCalls`), and its recorded call time,
tokens and test time are added.
"""

from __future__ import annotations

import uuid

from codebudget.backends.base import Backend, GenerationRequest, SamplingParams
from codebudget.pipeline.context import TaskContext
from codebudget.pipeline.reuse import EarlierAnswer, reused
from codebudget.pipeline.stages.prompting import shaped
from codebudget.pipeline.stages.sample import prompt_text
from codebudget.prompts import get_style
from codebudget.store import ExtractionRow, GenerationRow


class RepairStage:
    """One repair call for a failing version, carrying the task, the code and the feedback.

    At repair temperature 0 the answer is a function of the prompt (greedy
    decoding), so when ``earlier`` finds the same prompt answered for the same
    task, that answer is reused without a model call (see :mod:`codebudget.pipeline.reuse`).
    Two candidates that fail the same way often ask for the same repair.
    """

    def __init__(self, backend: Backend, earlier: EarlierAnswer | None = None):
        self.backend = backend
        self.earlier = earlier

    def __call__(self, ctx: TaskContext, parent: ExtractionRow, feedback: str, answer: str = "") -> GenerationRow:
        """The repair of ``parent`` (taken from the model's whole ``answer``), told ``feedback``
        (:func:`codebudget.pipeline.stages.feedback.feedback_text`)."""
        config, key = ctx.config, parent.key
        prompt = get_style(config.prompt_style).repair(ctx.problem, answer or parent.code, parent.code, feedback)
        prompt = shaped(prompt, "repair", ctx)
        messages = prompt.messages
        found = self.earlier(ctx, prompt_text(messages)) if self.earlier and config.repair_temperature == 0 else None
        if found is not None:
            return reused(found, ctx.key(key.sample_index, key.round + 1))
        seed = ctx.repair_seed(key.sample_index, key.round + 1)
        params = SamplingParams(1, config.repair_temperature, config.top_p, config.max_tokens, prompt.stop, seed,
                                config.draft(repair=True), ctx.deadline)
        generation = self.backend.generate(GenerationRequest(messages=messages, params=params))
        return GenerationRow(
            key=ctx.key(key.sample_index, key.round + 1), prompt=prompt_text(messages),
            sample=prompt.answer(generation.samples[0]),
            temperature=config.repair_temperature, call_id=uuid.uuid4().hex, call_wall_s=generation.wall_s,
            call_samples=1, prompt_tokens=generation.prompt_tokens, backend=generation.backend,
            model=generation.model, parent_index=key.sample_index, parent_round=key.round,
        )
