"""Prompts and helpers for the decoding tests: a first attempt, a repair that continues a candidate's
conversation, fresh samplers on a loaded backend, and a switch that makes every draft be decoded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codebudget.backends.base import GenerationRequest, Message, SamplingParams
from codebudget.backends.batched import BatchedSampler
from codebudget.backends.llamacpp import LlamaCppBackend
from codebudget.prompts.texts import SOLVE, SYSTEM

HUMANEVAL = Path(__file__).resolve().parents[1] / "fixtures" / "HumanEvalPlus-v0.1.10.jsonl"
TASK = json.loads(HUMANEVAL.read_text().splitlines()[0])["prompt"]

CODE = '''from typing import List


def has_close_elements(numbers: List[float], threshold: float) -> bool:
    """ Check if in given list of numbers, are any two numbers closer to each other than
    given threshold.
    >>> has_close_elements([1.0, 2.0, 3.0], 0.5)
    False
    >>> has_close_elements([1.0, 2.8, 3.0, 4.0, 5.0, 2.0], 0.3)
    True
    """
    if not numbers:
        return False
    if threshold < 0:
        raise ValueError("threshold must be non-negative")
    # sort a copy so that close numbers become neighbours
    ordered = sorted(numbers)
    smallest_gap = None
    for index in range(len(ordered) - 1):
        left = ordered[index]
        right = ordered[index + 1]
        gap = right - left
        if smallest_gap is None or gap < smallest_gap:
            smallest_gap = gap
        if gap <= threshold:
            return True
    # a single element has no pair
    if smallest_gap is None:
        return False
    # compare the smallest gap with the threshold once more
    if smallest_gap < threshold:
        return True
    for first in range(len(numbers)):
        for second in range(first + 1, len(numbers)):
            distance = abs(numbers[first] - numbers[second])
            if distance < threshold and first != second:
                return True
    return False
'''

FEEDBACK = """It fails the tests:
assert has_close_elements([1.0, 2.0, 3.0], 1.0) == False
AssertionError: returned True (two numbers exactly `threshold` apart are not closer than it)

Find the cause of the failure and answer with the whole corrected function in a single ```python code block."""


def first_messages() -> tuple[Message, ...]:
    """A chat-rendered HumanEval first attempt."""
    return (Message("system", SYSTEM), Message("user", SOLVE.format(prompt=TASK.strip())))


def repair_messages(answer: str = f"```python\n{CODE}```") -> tuple[Message, ...]:
    """A repair phrased as the continuation of the conversation that produced ``answer``."""
    return (*first_messages(), Message("assistant", answer), Message("user", FEEDBACK))


def tokens(backend: LlamaCppBackend, messages: tuple[Message, ...]) -> list[int]:
    """The prompt tokens the backend sends for ``messages``."""
    return backend.prompt_tokens(GenerationRequest(messages=messages, params=SamplingParams()))


def fresh(backend: LlamaCppBackend) -> BatchedSampler:
    """A new sampler on the backend's loaded weights: no cache, nothing measured."""
    return BatchedSampler(backend._native, backend._sampler.n_threads, backend.n_ctx)


@pytest.fixture
def draft_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every draft prompt lookup finds is decoded, whatever it is expected to cost."""
    monkeypatch.setattr("codebudget.backends.stepping.choose", lambda drafts, *rest: [list(d) for d in drafts])
