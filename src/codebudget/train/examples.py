"""Training pairs as the model will meet them: the pipeline's own prompt, then the answer it should write.

A Python pair is put to the model exactly as the pipeline asks a task (the prompt style's first attempt:
system and user turns, then the assistant's turn prefilled with the code fence and, for a stub, the
signature and docstring), rendered with the model's own chat template; the target is what the model
writes after the prefill, ended with the closing fence the pipeline stops at. Java and JavaScript pairs get
the same shape with a plain instruction. Prompt and target are tokenised apart, as at inference (llama.cpp
tokenises the prompt, the model then writes tokens), and the loss is taken on the target only.

A pair with a plan (CodePLAN) is asked as the plan stage's ``mode=sampled`` asks at inference: the prefill
goes on with ``# Plan:`` and ``# 1.``, and the target is the rest of the plan as comments, then the code.
One sequence holds both of CodePLAN's tasks: its plan tokens are task → plan, its code tokens task + plan →
code; :attr:`Example.plan_tokens` marks where the first ends, so that the loss can weigh the two.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Sequence

from codebudget.backends.base import Message
from codebudget.backends.chat_template import ChatTemplate
from codebudget.errors import CodebudgetError
from codebudget.pipeline.stages.plan import body_indent, plan_comments, sampled_lead
from codebudget.prompts import get_style
from codebudget.prompts.styles import CLOSE, FENCE, Prompt
from codebudget.records import Problem
from codebudget.train.pairs import Pair

OTHER_LANGUAGES = {"java": "Java", "javascript": "JavaScript"}
OTHER_SYSTEM = "You are an expert {language} programmer. Answer with code only, in one fenced code block."
OTHER_USER = "Complete this {language} function:\n\n{fence}{tag}\n{prompt}\n{fence}"
FENCE_TAGS = {"java": "java", "javascript": "javascript"}


@dataclasses.dataclass(frozen=True)
class Example:
    """One pair as token ids: the prompt (no loss) and the target (the loss); ``truncated`` when the target was
    cut to fit the maximum length; ``plan_tokens`` how many of the target's first tokens are its plan."""

    pair_id: str
    prompt_ids: tuple[int, ...]
    target_ids: tuple[int, ...]
    truncated: bool
    plan_tokens: int = 0

    @property
    def n_tokens(self) -> int:
        return len(self.prompt_ids) + len(self.target_ids)


def as_problem(pair: Pair) -> Problem:
    """A Python pair as the task the pipeline would be given (no tests: nothing runs while training)."""
    return Problem(task_id=pair.pair_id, prompt=pair.prompt, entry_point=pair.entry_point,
                   reference=pair.completion if pair.prose else pair.prompt + pair.completion, benchmark=pair.source)


def prompt_of(pair: Pair, style: str) -> Prompt:
    """The model call that asks for ``pair``'s completion (its last message is the prefill to continue)."""
    base = _code_prompt(pair, style)
    if not pair.plan:
        return base
    if not base.prefill:
        raise CodebudgetError(f"a pair with a plan needs a prompt style that starts the answer (body), not {style!r}")
    return sampled_lead(base)


def _code_prompt(pair: Pair, style: str) -> Prompt:
    if pair.language == "python":
        return get_style(style).solve(as_problem(pair))
    language = OTHER_LANGUAGES[pair.language]
    tag = FENCE_TAGS[pair.language]
    user = OTHER_USER.format(language=language, fence=FENCE, tag=tag, prompt=pair.prompt.rstrip())
    prefill = f"{FENCE}{tag}\n{pair.prompt.rstrip()}\n"
    return Prompt((Message("system", OTHER_SYSTEM.format(language=language)), Message("user", user),
                   Message("assistant", prefill)), (CLOSE,))


def target_parts(pair: Pair, style: str) -> tuple[str, str]:
    """What the model should write after ``pair``'s prompt, in two parts: the rest of the plan's comment block
    ("" without a plan), then the rest of the code and the closing fence."""
    base = _code_prompt(pair, style)
    whole = pair.completion if pair.prose else pair.prompt + pair.completion
    prefill = base.prefill
    code_so_far = prefill.split("\n", 1)[1] if prefill.startswith(FENCE) else prefill
    rest = whole[len(code_so_far):] if whole.startswith(code_so_far) else pair.completion
    code = rest.rstrip() + CLOSE
    if not pair.plan:
        return "", code
    led = prompt_of(pair, style).prefill
    block = ("" if prefill.endswith("\n") else "\n") + plan_comments(pair.plan, body_indent(prefill))
    started = led[len(prefill):]
    if not block.startswith(started):  # pragma: no cover - the lead and the comment block share one format
        raise AssertionError("the plan lead and the plan's comments disagree")
    return block[len(started):], code


def target_of(pair: Pair, style: str) -> str:
    """What the model should write after ``pair``'s prompt in ``style``: the plan's comments if it has one, the
    rest of the code, then the closing fence."""
    plan, code = target_parts(pair, style)
    return plan + code


def encode(pairs: Sequence[Pair], template: ChatTemplate, tokenizer: Any, style: str, max_length: int) -> list[Example]:
    """``pairs`` as token ids for a model with this chat template and tokenizer (a transformers tokenizer of the
    same vocabulary as the GGUF file); a target is cut to fit ``max_length`` tokens in all, and a pair whose
    prompt alone leaves fewer than 8 tokens for it is left out."""
    examples = []
    for pair in pairs:
        prompt = prompt_of(pair, style)
        text = template.render(prompt.messages)
        add_special = not (bool(template.bos_token) and text.startswith(template.bos_token))
        prompt_ids = tokenizer(text, add_special_tokens=add_special)["input_ids"]
        plan, code = target_parts(pair, style)
        target_ids, plan_tokens = _target_ids(tokenizer, plan, code)
        room = max_length - len(prompt_ids)
        if room < 8:
            continue
        examples.append(Example(pair.pair_id, tuple(prompt_ids), tuple(target_ids[:room]), len(target_ids) > room,
                                min(plan_tokens, room)))
    return examples


def _target_ids(tokenizer: Any, plan: str, code: str) -> tuple[list[int], int]:
    """The target's token ids (the whole text tokenised at once, as the model would write it) and how many of the
    first belong to the plan (the tokens that start inside it)."""
    if not plan:
        return tokenizer(code, add_special_tokens=False)["input_ids"], 0
    encoded = tokenizer(plan + code, add_special_tokens=False, return_offsets_mapping=True)
    plan_tokens = sum(1 for start, _ in encoded["offset_mapping"] if start < len(plan))
    return encoded["input_ids"], plan_tokens
