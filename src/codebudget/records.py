"""Typed, frozen records for the data that flows through codebudget.

Each stage of the pipeline takes records and returns new ones; nothing is
mutated in place. Records serialise to plain dicts with :func:`to_dict` so the
store and the JSONL exports share one format.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any, Mapping


@dataclasses.dataclass(frozen=True)
class Problem:
    """One benchmark task, whatever benchmark it came from.

    ``public_tests`` are what a user would have (the examples in the prompt),
    each one an independent snippet of Python that raises on failure;
    ``hidden_tests`` are the benchmark's grading tests. ``setup`` runs before
    the candidate (imports a benchmark's tests need).
    """

    task_id: str
    prompt: str
    entry_point: str
    public_tests: tuple[str, ...] = ()
    hidden_tests: tuple[str, ...] = ()
    reference: str | None = None
    setup: str = ""
    language: str = "python"
    benchmark: str = ""
    benchmark_version: str = ""


class FinishReason(str, Enum):
    """Why a backend stopped generating one sample."""

    STOP = "stop"  # end-of-sequence token or a stop string
    LENGTH = "length"  # the max-token limit
    REPETITION = "repetition"  # the runaway-repetition guard fired
    DEADLINE = "deadline"  # the caller's time ran out (SamplingParams.deadline): the text is unfinished


@dataclasses.dataclass(frozen=True)
class Sample:
    """One generated text and what it cost."""

    text: str
    n_tokens: int
    mean_logprob: float | None
    finish_reason: FinishReason
    seed: int | None = None


@dataclasses.dataclass(frozen=True)
class Generation:
    """The samples of one backend call for one prompt."""

    samples: tuple[Sample, ...]
    prompt_tokens: int
    wall_s: float
    model: str
    backend: str


@dataclasses.dataclass(frozen=True)
class Preparation:
    """What one prompt stage prepared for one task before sampling, and what preparing it cost.

    ``text`` goes into the task's prompts ("" adds nothing); ``sources`` say where it came
    from (``file:line`` of a retrieved function, the task ids of worked examples, a model
    call); ``detail`` holds the stage's own plain data (scores, the plan's raw answer).
    ``wall_s``, ``tokens`` and ``calls`` are the seconds, generated tokens and model calls
    it took; every configuration replayed from the run pays them once per task.
    """

    stage: str
    text: str = ""
    sources: tuple[str, ...] = ()
    detail: Mapping[str, Any] = dataclasses.field(default_factory=dict, hash=False)
    wall_s: float = 0.0
    tokens: int = 0
    calls: int = 0


class ExecStatus(str, Enum):
    """Outcome of running a program in the sandbox."""

    PASSED = "passed"
    FAILED = "failed"  # a test assertion failed
    ERROR = "error"  # the program raised something other than a test failure
    TIMEOUT = "timeout"
    MEMORY = "memory"
    OUTPUT_LIMIT = "output-limit"
    SANDBOX_ERROR = "sandbox-error"  # the sandbox itself failed; not the candidate's fault


@dataclasses.dataclass(frozen=True)
class Execution:
    """Structured result of one sandboxed execution."""

    status: ExecStatus
    tests_passed: int = 0
    tests_total: int = 0
    failing_test: str | None = None
    error: str = ""  # exception text, trimmed for feedback to the model
    stdout_tail: str = ""
    stderr_tail: str = ""
    wall_s: float = 0.0
    cpu_s: float = 0.0
    isolation: str = ""

    @property
    def passed(self) -> bool:
        """True when every test ran to its end and passed."""
        return self.status is ExecStatus.PASSED


def to_dict(record: Any) -> dict[str, Any]:
    """Serialise a record (recursively) to JSON-compatible values."""
    return _plain(dataclasses.asdict(record))


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
