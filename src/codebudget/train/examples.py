"""Training pairs as the model will meet them: the pipeline's own prompt, then the answer it should write.

A Python pair is put to the model exactly as the pipeline asks a task (the prompt style's first attempt:
system and user turns, then the assistant's turn prefilled with the code fence and, for a stub, the
signature and docstring), rendered with the model's own chat template; the target is what the model
writes after the prefill, ended with the closing fence the pipeline stops at. Java and JavaScript pairs get
the same shape with a plain instruction. Prompt and target are tokenised apart, as at inference (llama.cpp
tokenises the prompt, the model then writes tokens), and the loss is taken on the target only.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Sequence

from codebudget.backends.base import Message
from codebudget.backends.chat_template import ChatTemplate
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
    cut to fit the maximum length."""

    pair_id: str
    prompt_ids: tuple[int, ...]
    target_ids: tuple[int, ...]
    truncated: bool

    @property
    def n_tokens(self) -> int:
        return len(self.prompt_ids) + len(self.target_ids)


def as_problem(pair: Pair) -> Problem:
    """A Python pair as the task the pipeline would be given (no tests: nothing runs while training)."""
    return Problem(task_id=pair.pair_id, prompt=pair.prompt, entry_point=pair.entry_point,
                   reference=pair.completion if pair.prose else pair.prompt + pair.completion, benchmark=pair.source)


def prompt_of(pair: Pair, style: str) -> Prompt:
    """The model call that asks for ``pair``'s completion (its last message is the prefill to continue)."""
    if pair.language == "python":
        return get_style(style).solve(as_problem(pair))
    language = OTHER_LANGUAGES[pair.language]
    tag = FENCE_TAGS[pair.language]
    user = OTHER_USER.format(language=language, fence=FENCE, tag=tag, prompt=pair.prompt.rstrip())
    prefill = f"{FENCE}{tag}\n{pair.prompt.rstrip()}\n"
    return Prompt((Message("system", OTHER_SYSTEM.format(language=language)), Message("user", user),
                   Message("assistant", prefill)), (CLOSE,))


def target_of(pair: Pair, prompt: Prompt) -> str:
    """What the model should write after ``prompt``'s prefill: the rest of the code, then the closing fence."""
    whole = pair.completion if pair.prose else pair.prompt + pair.completion
    prefill = prompt.prefill
    code_so_far = prefill.split("\n", 1)[1] if prefill.startswith(FENCE) else prefill
    rest = whole[len(code_so_far):] if whole.startswith(code_so_far) else pair.completion
    return rest.rstrip() + CLOSE


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
        target_ids = tokenizer(target_of(pair, prompt), add_special_tokens=False)["input_ids"]
        room = max_length - len(prompt_ids)
        if room < 8:
            continue
        examples.append(Example(pair.pair_id, tuple(prompt_ids), tuple(target_ids[:room]), len(target_ids) > room))
    return examples
