"""The solve run on the real pipeline (SmolLM2, the real sandbox): cancelled work ends with the best so far."""

from __future__ import annotations

import pytest

from codebudget.backends.base import Deadline
from codebudget.pipeline import PipelineConfig
from codebudget.solve.run import solve
from codebudget.solve.stub import find_stub

pytestmark = pytest.mark.model  # most tests here run SmolLM2

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


LOOPS = '''def spin(n: int) -> int:
    """Spin.

    >>> spin(3)
    3
    """
'''


class SlowLoopingModel:
    """A model (scripted: the logic under test is what happens after it) that answers when most of the model's
    share of the budget is gone: one candidate right, the others looping on the examples."""

    name = model = "scripted"

    def __init__(self, delay_s: float) -> None:
        from codebudget.backends.base import Capabilities

        self.delay_s, self.capabilities = delay_s, Capabilities()

    def generate(self, request):  # noqa: ANN001, ANN201
        import time

        from codebudget.records import FinishReason, Generation, Sample

        time.sleep(self.delay_s)
        bodies = ["    return n\n", *["    while True:\n        n += 1\n"] * (request.params.n - 1)]
        samples = tuple(Sample(b, 10, -0.5, FinishReason.STOP, request.params.seed + i) for i, b in enumerate(bodies))
        return Generation(samples, 20, self.delay_s, self.model, self.name)

    def close(self) -> None:
        pass


def test_versions_that_loop_do_not_carry_the_answer_past_its_budget(sandbox):
    """The public tests get the budget's share of time, and the vote on the examples' arguments no more than
    what is left: candidates that loop in both cost their limits, never the sandbox's 3 s default."""
    from codebudget.solve.run import MODEL_SHARE

    budget_s = 4.0
    problem = find_stub(LOOPS, "spin.py").problem()
    config = PipelineConfig(model="scripted", n=3, k=0, temperature=0.8, max_tokens=64, exec_timeout_s=0.5,
                            selection="public-tests")
    outcome = solve(problem, config, SlowLoopingModel(MODEL_SHARE * budget_s - 0.2), sandbox, budget_s)
    assert outcome.candidates == 3 and outcome.passing == 1 and outcome.passed
    assert outcome.seconds <= budget_s + 0.2, outcome.seconds
