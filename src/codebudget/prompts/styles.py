"""Prompt styles: how each model call of the pipeline is asked, declared once in :data:`PROMPT_STYLES`.

A style makes a :class:`Prompt` for a first attempt, for a repair and for
generated tests. A prompt whose messages end with an assistant message asks the
backend to continue that message (a prefill): the model's answer starts where
the prefill ends, and :meth:`Prompt.answer` puts the two together again, so that
what is stored and extracted is the whole answer while only the continuation
was generated (and counted).

* ``whole-function`` (:data:`WHOLE_FUNCTION`, the style of every run stored
  before styles existed): the model is asked for the whole function and writes
  its signature and docstring again; a repair shows the extracted code.
* ``body`` (:data:`BODY`): the answer starts with an opening code fence and
  the task's own prompt (imports, signature, docstring), so the model writes the
  body only and stops at the closing fence or where the function ends (example
  usage after it is not generated). A repair continues the candidate's own
  conversation (task, the candidate's answer, the test feedback) and is
  prefilled the same way: the header is fixed, the body is rewritten; its
  prefix is the first attempt's, so a decoder that keeps its cache reuses it.
  Generated tests start as ``assert entry_point(``.
"""

from __future__ import annotations

import dataclasses
from typing import Protocol

from codebudget.backends.base import Message
from codebudget.extraction.program import prompt_pieces
from codebudget.plugins import Registry
from codebudget.prompts.texts import SOLVE, SYSTEM, repair_messages, solve_messages, tests_messages
from codebudget.records import FinishReason, Problem, Sample

FENCE = "```"
OPEN = FENCE + "python\n"
CLOSE = "\n" + FENCE

FUNCTION_END = ("\nif __name__", "\nprint(", "\nassert ", "\n# Example", "\n# example", "\n# Test", "\n# test")
"""Lines that start example usage after the function: the answer's code is complete when one begins."""

FOLLOW_UP = """It fails the tests:
{feedback}

Find the cause of the failure and answer with the whole corrected function in a single ```python code block."""


@dataclasses.dataclass(frozen=True)
class Prompt:
    """One model call's request: chat messages (a final assistant message is a prefill to continue) and its stops."""

    messages: tuple[Message, ...]
    stop: tuple[str, ...] = ()

    @property
    def prefill(self) -> str:
        """The start of the answer the model continues ("" when it answers from scratch)."""
        last = self.messages[-1]
        return last.content if last.role == "assistant" else ""

    def with_context(self, text: str) -> Prompt:
        """The prompt with ``text`` put before the first user message's own text (a prompt stage's context)."""
        if not text:
            return self
        turns = list(self.messages)
        first = next((i for i, m in enumerate(turns) if m.role == "user"), None)
        if first is None:
            return self
        turns[first] = Message("user", f"{text.rstrip()}\n\n{turns[first].content}")
        return dataclasses.replace(self, messages=tuple(turns))

    def continued(self, text: str) -> Prompt:
        """The prompt with ``text`` added to the end of its prefill (the answer then starts with it too)."""
        if not text:
            return self
        last = self.messages[-1]
        if last.role != "assistant":
            return dataclasses.replace(self, messages=(*self.messages, Message("assistant", text)))
        return dataclasses.replace(self, messages=(*self.messages[:-1], Message("assistant", last.content + text)))

    def answer(self, sample: Sample) -> Sample:
        """``sample`` (what the model generated) as the whole answer: the prefill, then the continuation.

        A continuation that ended on its own (a stop string or the end of its turn) inside the
        prefill's open code fence gets the closing fence back, so the answer reads as the model
        meant it; a cut-off answer (token limit, runaway guard) is left open.
        """
        prefill = self.prefill
        if not prefill:
            return sample
        text = prefill + sample.text
        if sample.finish_reason is FinishReason.STOP and _open_fence(text):
            text = text.rstrip("\n") + CLOSE
        return dataclasses.replace(sample, text=text)


def _open_fence(text: str) -> bool:
    """True when ``text`` ends inside a code fence (an odd number of fence lines)."""
    return sum(1 for line in text.splitlines() if line.lstrip().startswith(FENCE)) % 2 == 1


class PromptStyle(Protocol):
    """Makes the request of each kind of model call; its ``name`` is part of the run identity, and so is its
    ``revision`` (1 unless given: bump it when a text it sends changes, so no run resumes across the change)."""

    name: str
    description: str
    revision: int

    def solve(self, problem: Problem) -> Prompt:
        """A first attempt at ``problem``."""
        ...

    def repair(self, problem: Problem, answer: str, code: str, feedback: str) -> Prompt:
        """A repair of a candidate whose whole ``answer`` gave ``code``, told ``feedback``."""
        ...

    def tests(self, problem: Problem, count: int) -> Prompt:
        """``count`` assert tests of ``problem``'s entry point."""
        ...


@dataclasses.dataclass(frozen=True)
class WholeFunctionStyle:
    """Ask for the whole function (the prompts of every run stored before prompt styles)."""

    name: str = "whole-function"
    description: str = "the model writes the whole function: signature, docstring and body"
    revision: int = 1

    def solve(self, problem: Problem) -> Prompt:
        return Prompt(solve_messages(problem))

    def repair(self, problem: Problem, answer: str, code: str, feedback: str) -> Prompt:
        return Prompt(repair_messages(problem, code, feedback))

    def tests(self, problem: Problem, count: int) -> Prompt:
        return Prompt(tests_messages(problem, count))


@dataclasses.dataclass(frozen=True)
class BodyStyle:
    """Start the answer with the task's own header, so that the model writes the body only."""

    name: str = "body"
    description: str = "the answer starts with the task's signature and docstring; the model writes the body"
    revision: int = 1

    def _header(self, problem: Problem) -> tuple[str, tuple[str, ...]]:
        """The prefill of a code answer and its stops: the prompt when it ends in the entry point's stub.

        It ends with the stub's last newline, so that the model starts the body on a line of its
        own (ended at the closing quotes instead, Qwen 0.5B wrote the body's first statement on the
        docstring's line, or nothing, in 15 of 164 HumanEval tasks).
        """
        if not prompt_pieces(problem).has_stub:
            return OPEN, (CLOSE,)
        return OPEN + problem.prompt.strip("\n") + "\n", (CLOSE, *FUNCTION_END)

    def solve(self, problem: Problem) -> Prompt:
        prefill, stop = self._header(problem)
        return Prompt((*solve_messages(problem), Message("assistant", prefill)), stop)

    def repair(self, problem: Problem, answer: str, code: str, feedback: str) -> Prompt:
        prefill, stop = self._header(problem)
        user = SOLVE.format(prompt=problem.prompt.strip())
        turns = (Message("system", SYSTEM), Message("user", user), Message("assistant", answer.strip()),
                 Message("user", FOLLOW_UP.format(feedback=feedback.strip())), Message("assistant", prefill))
        return Prompt(turns, stop)

    def tests(self, problem: Problem, count: int) -> Prompt:
        prefill = f"{OPEN}assert {problem.entry_point}("
        return Prompt((*tests_messages(problem, count), Message("assistant", prefill)), (CLOSE,))


WHOLE_FUNCTION = WholeFunctionStyle()
BODY = BodyStyle()

LEGACY_STYLE = WHOLE_FUNCTION.name
"""The style of a stored run that names none (every run before prompt styles)."""

PROMPT_STYLES: Registry[PromptStyle] = Registry.of("prompt style", KeyError)
PROMPT_STYLES.register(WHOLE_FUNCTION)
PROMPT_STYLES.register(BODY)

def get_style(name: str) -> PromptStyle:
    """The prompt style called ``name``; a KeyError listing the styles when there is none."""
    return PROMPT_STYLES.lookup(name)
