"""The server's queue and cancellation, on a stand-in backend (logic only; tests/serve/test_server.py runs the real
model)."""

from __future__ import annotations

import threading
import time

import pytest

from codebudget.backends.base import Deadline, GenerationRequest, Message, SamplingParams
from codebudget.pipeline import PipelineConfig
from codebudget.records import FinishReason, Generation, Sample
from codebudget.serve.engine import Busy, Cancelled, Engine


class Slow:
    """Answers after ``seconds``, or at once when its deadline passes (as the decoder does)."""

    name, model = "slow", "m"

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.started = threading.Event()

    def generate(self, request: GenerationRequest) -> Generation:
        self.started.set()
        began = time.monotonic()
        while time.monotonic() - began < self.seconds:
            if request.params.deadline is not None and request.params.deadline.passed():
                return Generation((Sample("", 0, None, FinishReason.DEADLINE, 0),), 1, 0.0, "m", "slow")
            time.sleep(0.005)
        return Generation((Sample(request.messages[-1].content, 1, -0.1, FinishReason.STOP, 0),), 1, 0.0, "m", "slow")

    def close(self) -> None:
        pass


def request(text: str, deadline: Deadline) -> GenerationRequest:
    return GenerationRequest(messages=(Message("user", text),), params=SamplingParams(deadline=deadline))


def test_a_full_queue_refuses_and_a_cancelled_job_stops_or_never_starts():
    backend = Slow(2.0)
    engine = Engine(backend, PipelineConfig(model="m"), None, queue=2)  # type: ignore[arg-type]
    try:
        first, second = Deadline(), Deadline()
        running = engine.submit(lambda: engine.generate(request("a", first)), first)
        waiting = engine.submit(lambda: engine.generate(request("b", second)), second)
        with pytest.raises(Busy, match="queue is full .2 requests."):
            engine.submit(lambda: None, Deadline())
        assert backend.started.wait(5)
        second.cancel()  # its client went away while it waited
        began = time.monotonic()
        first.cancel()  # and this one's while it ran
        assert running.result(5).samples[0].finish_reason is FinishReason.DEADLINE
        with pytest.raises(Cancelled):
            waiting.result(5)
        assert time.monotonic() - began < 1.0
        assert engine.pending == 0 and engine.counters.refused == 1 and engine.counters.cancelled == 1
        backend.seconds = 0.0
        done = engine.submit(lambda: engine.generate(request("c", Deadline())), Deadline())
        assert done.result(5).samples[0].text == "c"
    finally:
        engine.close()
