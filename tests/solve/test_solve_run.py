"""The solve run on the real pipeline (SmolLM2, the real sandbox): cancelled work ends with the best so far."""

from __future__ import annotations

import pytest

from codebudget.backends.base import Deadline
from codebudget.pipeline import PipelineConfig
from codebudget.solve.run import solve
from codebudget.solve.stub import find_stub

pytestmark = pytest.mark.model

STUB = '''def mystery(n: int) -> int:
    """The mystery number of n.

    >>> mystery(3)
    1729
    """
'''


class CancelAfterFirstCall:
    """The real backend; the deadline passes as soon as its first call (the N candidates) returns."""

    def __init__(self, backend, deadline: Deadline) -> None:  # noqa: ANN001 - a Backend
        self.backend, self.deadline, self.calls = backend, deadline, 0
        self.name, self.model, self.capabilities = backend.name, backend.model, backend.capabilities

    def generate(self, request):  # noqa: ANN001, ANN201
        self.calls += 1
        found = self.backend.generate(request)
        self.deadline.cancel()
        return found


def test_work_cut_by_the_deadline_answers_with_the_best_so_far(smollm2, sandbox):
    problem = find_stub(STUB, "mystery.py").problem()
    deadline = Deadline()
    backend = CancelAfterFirstCall(smollm2, deadline)
    config = PipelineConfig(model="smollm2-135m", n=3, k=5, temperature=0.8, max_tokens=64)
    outcome = solve(problem, config, backend, sandbox, deadline=deadline)
    assert backend.calls == 1 and outcome.candidates == 3 and outcome.repairs == 0  # no repair after the deadline
    assert outcome.cut and not outcome.passed and outcome.tests == 1
    if outcome.code is not None:  # the first attempt that parses, whatever its tests said
        assert "def mystery" in outcome.code


def test_without_a_deadline_failing_candidates_are_repaired(smollm2, sandbox):
    problem = find_stub(STUB, "mystery.py").problem()
    config = PipelineConfig(model="smollm2-135m", n=2, k=1, temperature=0.8, max_tokens=64)
    outcome = solve(problem, config, smollm2, sandbox)
    assert outcome.candidates == 2 and outcome.repairs == 2 and not outcome.cut
