"""A fake backend that answers test-writing prompts with scripted texts, and the scripts for pool_records' tasks.

For ``T/A`` (``f(x) = 2x``) the asserts are ``f(1) == 2``, ``f(10) == 20`` and a
wrong one, ``f(0) == 1``; for ``T/B`` (``g(x) = x * x``) ``g(2) == 4``,
``g(0) == 0``, ``g(3) == 9``. The answers also hold what extraction must drop.
"""

from __future__ import annotations

from codebudget.backends.base import GenerationRequest
from codebudget.records import FinishReason, Generation, Sample

ANSWERS = {
    "f": ["Sure! Here are tests:\n```python\nassert f(1) == 2\nassert f(10) == 20, 'ten'\nassert h(1) == 2\n```",
          "More:\n    >>> assert f(0) == 1\nassert f(1) == 2\nassert that f doubles"],
    "g": ["```python\ndef test_g():\n    assert g(2) == 4\n    assert g(0) == 0\n```\nassert g(3) == 9",
          "assert g(y) == 4\nassert g(2) == 4"],
}
WALL_S = {"f": 2.0, "g": 3.0}  # the fake model's time per task
TOKENS = 12  # per answer


class FakeTester:
    """Answers a tests prompt for the function it names with the first ``n`` of its scripted answers."""

    name = "fake"
    model = "fake-tester"

    def __init__(self, answers: dict[str, list[str]] | None = None, wall_s: dict[str, float] | None = None) -> None:
        self.answers = answers or ANSWERS
        self.wall_s = wall_s or WALL_S
        self.calls: list[GenerationRequest] = []
        self.closed = 0

    def generate(self, request: GenerationRequest) -> Generation:
        self.calls.append(request)
        text = request.messages[-1].content
        entry = next(name for name in self.answers if f"def {name}(" in text)
        answers = self.answers[entry][: request.params.n]
        samples = tuple(Sample(a, TOKENS, -0.3, FinishReason.STOP, request.params.seed + i) for i, a in enumerate(answers))
        return Generation(samples, 40, self.wall_s[entry], self.model, self.name)

    def close(self) -> None:
        self.closed += 1
