"""A scripted backend for pipeline-logic tests: answers chosen by the test, no model."""

from __future__ import annotations

from codebudget.backends.base import GenerationRequest
from codebudget.records import FinishReason, Generation, Sample


class ScriptedBackend:
    """Answers first attempts from ``initial`` (one per sample index) and repairs from ``repairs``.

    An answer is sent in a fenced block; under a prefill (a request that ends with the start of the
    assistant's answer, the ``body`` prompt style) it is sent as it is: the script holds continuations.
    """

    name = "scripted"
    model = "scripted"

    def __init__(self, initial: dict[str, list[str]], repairs: dict[str, list[str]] | None = None):
        self.initial = initial
        self.repairs = repairs or {}
        self.calls: list[GenerationRequest] = []

    def generate(self, request: GenerationRequest) -> Generation:
        self.calls.append(request)
        task = _task(request, {**self.initial, **self.repairs})
        if _is_repair(request):
            done = sum(_is_repair(c) and _task(c, self.repairs) == task for c in self.calls[:-1])
            answers = [self.repairs[task][done]]
        else:
            answers = self.initial[task][: request.params.n]
        prefilled = request.messages[-1].role == "assistant"
        samples = tuple(Sample(a if prefilled else f"```python\n{a}\n```", 10, -0.5, FinishReason.STOP,
                               request.params.seed + i) for i, a in enumerate(answers))
        return Generation(samples, 20, 0.01, self.model, self.name)

    def close(self) -> None:
        pass


def _last_user(request: GenerationRequest) -> str:
    return next(m.content for m in reversed(request.messages) if m.role == "user")


def _is_repair(request: GenerationRequest) -> bool:
    return "It fails the tests" in _last_user(request)


def _task(request: GenerationRequest, names: dict[str, list[str]]) -> str:
    """The scripted task the request is about: the first user message names its function."""
    first = next(m.content for m in request.messages if m.role == "user")
    return next(name for name in names if f"def {name}(" in first)
