"""The plan stage: the model writes a short numbered plan, then the code that follows it.

``plan`` is a prompt stage (:mod:`.prompting`) with two modes and a repair option:

* ``mode=shared`` (the default): one greedy model call per task, before sampling, writes a
  plan of 3–6 numbered steps; every candidate's prompt (and every repair's) carries it.
  It costs that call's seconds, tokens and one model call, once per task.
* ``mode=sampled``: no extra call. Each candidate's answer starts with ``# Plan:`` and
  ``# 1.`` inside the function body, so every sample writes its own plan as comments and
  then the code; the diversity of N candidates comes from their plans. The plan's tokens
  are part of each sample's (measured in the sampling call); the plan is stored with the
  version it produced, in its code.
* ``repair=backward``: a repair's answer starts with ``# What went wrong, and the fix:``
  and ``# 1.``, so the model first explains the failing candidate backwards from the
  feedback, then rewrites the body (with either mode, or alone with ``mode=none``).

With a prompt style that has no prefill (``whole-function``) the same requests are made in
words in the user message instead.

Replay rule: the shared one of prompt stages (:mod:`.prompting`): the shared plan's call is
paid once per task by every N and K; the sampled and backward plans cost what the
recorded sampling and repair calls cost.
"""

from __future__ import annotations

import dataclasses
import re

from codebudget.backends.base import GenerationRequest, Message, SamplingParams
from codebudget.pipeline.stages.prompting import PROMPT, Call, StageEnv, options_of
from codebudget.prompts.styles import Prompt
from codebudget.prompts.texts import SYSTEM
from codebudget.records import Preparation, Problem

PLAN_REQUEST = """Here is a Python function to write:

```python
{prompt}
```

Write a short plan for its body: 3 to 6 numbered steps, one line each, in plain words. Do not write code."""

SHARED = "A plan for the function below (follow it):\n{plan}"
SAMPLED_LEAD = "Plan:\n{indent}# 1."
SAMPLED_WORDS = ("Start the function's body with a short plan as comments (3 to 6 numbered lines: # 1. ...), "
                 "then write the code.")
BACKWARD_LEAD = "What went wrong, and the fix:\n{indent}# 1."
BACKWARD_WORDS = ("Start the function's body with comments that say what went wrong and how to fix it "
                  "(numbered lines: # 1. ...), then write the corrected code.")
PLAN_TOKENS = 192
_STEP = re.compile(r"^\s*(?:\d+[.)]|[-*])\s+\S")
MODES = ("shared", "sampled", "none")


def plan_lines(answer: str) -> str:
    """The plan in a model's answer: its numbered (or bulleted) lines, renumbered 1..n; "" when it has none."""
    text = answer.split("```")[0] if not answer.lstrip().startswith("```") else answer
    steps = [re.sub(r"^\s*(?:\d+[.)]|[-*])\s+", "", line).strip() for line in text.splitlines() if _STEP.match(line)]
    return "\n".join(f"{i}. {step}" for i, step in enumerate(steps[:8], 1))


def body_indent(prefill: str) -> str:
    """The indentation of the function body a prefill ends in (its last non-empty line's, at least 4 spaces); ""
    when it holds no code (a prose task's answer starts at the top level: comments indented there lead the model
    to indent its whole program)."""
    lines = [line for line in prefill.splitlines() if line.strip() and not line.startswith("```")]
    if not lines:
        return ""
    last = lines[-1]
    indent = last[: len(last) - len(last.lstrip())]
    return indent if indent else "    "


def _lead(prompt: Prompt, lead: str, words: str) -> Prompt:
    """A comment lead started in the answer's body (a prefill), or asked for in words (no prefill)."""
    prefill = prompt.prefill
    if not prefill:
        return prompt.with_context(words)
    indent = body_indent(prefill)
    start = "" if prefill.endswith("\n") else "\n"
    return prompt.continued(f"{start}{indent}# {lead.format(indent=indent)}")


def sampled_lead(prompt: Prompt) -> Prompt:
    """``prompt`` asking for a plan as comments before the code (``mode=sampled``'s first attempt): the answer
    starts with ``# Plan:`` and ``# 1.`` in the body, or the request is made in words without a prefill."""
    return _lead(prompt, SAMPLED_LEAD, SAMPLED_WORDS)


_COMMENT_STEP = re.compile(r"^(?P<indent>\s*)#\s*(?P<number>\d+)[.)]\s*(?P<step>.*)$")
_PLAN_HEAD = re.compile(r"^\s*#\s*Plan:\s*$")


def plan_comments(plan: str, indent: str) -> str:
    """``plan`` (numbered lines) as the comment block that ``mode=sampled`` answers start with, newline-ended."""
    steps = [re.sub(r"^\s*\d+[.)]\s*", "", line).strip() for line in plan.splitlines() if line.strip()]
    lines = [f"{indent}# Plan:", *(f"{indent}# {i}. {step}" for i, step in enumerate(steps, 1))]
    return "\n".join(lines) + "\n"


def split_comment_plan(code: str) -> tuple[str, str]:
    """(the plan, the code without it) of code that starts a body with a ``# Plan:`` comment block: the plan's
    numbered comment lines renumbered 1..n ("" when there is none) and the code with the block removed."""
    lines = code.split("\n")
    head = next((i for i, line in enumerate(lines) if _PLAN_HEAD.match(line)), None)
    if head is None:
        return "", code
    end = head + 1
    steps = []
    while end < len(lines) and (match := _COMMENT_STEP.match(lines[end])):
        if match.group("step").strip():
            steps.append(match.group("step").strip())
        end += 1
    plan = "\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1))
    return plan, "\n".join(lines[:head] + lines[end:])


@dataclasses.dataclass(frozen=True)
class PlanStage:
    """Plan-then-code (see the module docstring)."""

    name: str = "plan"
    point: str = PROMPT
    revision: int = 1  # of the texts it puts into prompts: bump it when one changes (run identity)
    mode: str = "shared"
    repair: str = "none"

    def configured(self, options: str) -> PlanStage:
        """This stage with ``mode=shared|sampled|none`` and ``repair=backward|none`` from ``options``."""
        stage = dataclasses.replace(self, **options_of(options, {"mode": str, "repair": str}))  # type: ignore[arg-type]
        if stage.mode not in MODES:
            raise ValueError(f"plan mode {stage.mode!r}: one of {', '.join(MODES)}")
        if stage.repair not in ("backward", "none"):
            raise ValueError(f"plan repair {stage.repair!r}: backward or none")
        if stage.mode == "none" and stage.repair == "none":
            raise ValueError("plan with mode=none needs repair=backward")
        return stage

    def prepare(self, problem: Problem, env: StageEnv) -> Preparation:
        if self.mode != "shared":
            return Preparation(self.name, detail={"mode": self.mode, "repair": self.repair})
        messages = (Message("system", SYSTEM), Message("user", PLAN_REQUEST.format(prompt=problem.prompt.strip())))
        params = SamplingParams(1, 0.0, env.config.top_p, PLAN_TOKENS, ("```",), env.task_seed)
        generation = env.backend.generate(GenerationRequest(messages=messages, params=params))
        sample = generation.samples[0]
        plan = plan_lines(sample.text)
        detail = {"mode": self.mode, "repair": self.repair, "answer": sample.text,
                  "prompt_tokens": generation.prompt_tokens, "call_wall_s": generation.wall_s}
        return Preparation(self.name, SHARED.format(plan=plan) if plan else "", ("model plan call",), detail,
                           tokens=sample.n_tokens, calls=1)

    def shape(self, prompt: Prompt, call: Call, preparation: Preparation) -> Prompt:
        if call == "repair":
            prompt = prompt.with_context(preparation.text)
            return _lead(prompt, BACKWARD_LEAD, BACKWARD_WORDS) if self.repair == "backward" else prompt
        if self.mode == "sampled":
            return sampled_lead(prompt)
        return prompt.with_context(preparation.text)


PLAN = PlanStage()
