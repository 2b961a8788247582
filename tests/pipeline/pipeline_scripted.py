"""A scripted backend for pipeline-logic tests: answers chosen by the test, no model."""

from __future__ import annotations

from codebudget.backends.base import GenerationRequest
from codebudget.records import FinishReason, Generation, Sample


class ScriptedBackend:
    """Answers first attempts from ``initial`` (one per sample index) and repairs from ``repairs``."""

    name = "scripted"
    model = "scripted"

    def __init__(self, initial: dict[str, list[str]], repairs: dict[str, list[str]] | None = None):
        self.initial = initial
        self.repairs = repairs or {}
        self.calls: list[GenerationRequest] = []

    def generate(self, request: GenerationRequest) -> Generation:
        self.calls.append(request)
        text = request.messages[-1].content
        task = next(name for name in {**self.initial, **self.repairs} if f"def {name}(" in text)
        if "It fails the tests" in text:
            done = sum("It fails the tests" in c.messages[-1].content and f"def {task}(" in c.messages[-1].content
                       for c in self.calls[:-1])
            answers = [self.repairs[task][done]]
        else:
            answers = self.initial[task][: request.params.n]
        samples = tuple(Sample(f"```python\n{a}\n```", 10, -0.5, FinishReason.STOP, request.params.seed + i)
                        for i, a in enumerate(answers))
        return Generation(samples, 20, 0.01, self.model, self.name)

    def close(self) -> None:
        pass
