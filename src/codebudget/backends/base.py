"""The one interface every model backend implements."""

from __future__ import annotations

import dataclasses
import time
from typing import Callable, ClassVar, Literal, Protocol

from codebudget.errors import CodebudgetError
from codebudget.records import Generation

Role = Literal["system", "user", "assistant"]


@dataclasses.dataclass(frozen=True)
class Message:
    """One chat message."""

    role: Role
    content: str


class Deadline:
    """When a piece of work must stop: a :func:`time.monotonic` time, or earlier if cancelled.

    Shared by whoever must stop (the decoder between its steps, the task runner before a
    repair, an HTTP backend's wait) and whoever decides (``codebudget solve``'s budget, a
    server whose client went away and calls :meth:`cancel`).
    """

    def __init__(self, at: float | None = None) -> None:
        self.at = at
        self.cancelled = False

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        """A deadline ``seconds`` from now."""
        return cls(time.monotonic() + seconds)

    def cancel(self) -> None:
        """Stop now."""
        self.cancelled = True

    def passed(self) -> bool:
        """Whether the work must stop."""
        return self.cancelled or (self.at is not None and time.monotonic() >= self.at)

    def remaining(self) -> float | None:
        """Seconds left (0 when passed); None when there is no time limit."""
        if self.cancelled:
            return 0.0
        return None if self.at is None else max(0.0, self.at - time.monotonic())


@dataclasses.dataclass(frozen=True)
class SamplingParams:
    """How to sample: the same settings for every backend."""

    n: int = 1
    temperature: float = 0.0
    top_p: float = 0.95
    max_tokens: int = 512
    stop: tuple[str, ...] = ()
    seed: int = 0
    draft: int = 0
    """The most tokens prompt-lookup decoding may draft per step and sequence (0: none). Drafts are
    verified against the model, so the samples are the same with or without them; only the time differs."""
    deadline: Deadline | None = dataclasses.field(default=None, compare=False)
    """When the call must return (None: no limit). The decoder checks it between steps and ends every
    unfinished sample there (finish reason ``deadline``); an HTTP backend gives up on the request. Not
    part of any identity: it only cuts answers short."""
    progress: Callable[[int, str], None] | None = dataclasses.field(default=None, compare=False)
    """Told ``(sample index, its text so far)`` as a sample grows (after each decoding step of the llama.cpp
    backend), from the thread that decodes: a streaming server sends the new part at once. A backend that
    cannot tell (an HTTP one) leaves it uncalled; the finished samples are the answer either way. Not part
    of any identity."""

    def sample_seed(self, index: int) -> int:
        """The seed of sample ``index``: samples of one call differ, runs repeat."""
        return self.seed + index


@dataclasses.dataclass(frozen=True)
class GenerationRequest:
    """A prompt (chat messages, or raw text for completion) and its sampling settings."""

    messages: tuple[Message, ...] = ()
    prompt: str | None = None
    params: SamplingParams = SamplingParams()

    def __post_init__(self) -> None:
        if bool(self.messages) == (self.prompt is not None):
            raise ValueError("a request needs either chat messages or a raw prompt, not both")


class BackendError(CodebudgetError):
    """A backend could not serve a request (server down, model unknown, load failed)."""


class BackendUnavailable(BackendError):
    """A backend's optional dependency is missing; the message says how to install it."""


@dataclasses.dataclass(frozen=True)
class Capabilities:
    """What a backend declares about itself; the pipeline reads this, never the backend's name.

    A backend class declares it as its ``capabilities`` class attribute; one that
    declares nothing gets these defaults (as any backend was treated before it
    could declare anything).
    """

    deterministic_greedy: bool = True
    """A temperature-0 answer depends only on the prompt and the decoder, so within one run an identical
    greedy prompt is answered once and its answer reused (``pipeline/reuse.py``)."""

    model_file: bool = False
    """The backend loads a local model file (a zoo name or a path), whose sha256 identifies the weights:
    recorded with each run, naming the model in generated-test keys, letting runs of the same decoder
    share greedy answers, and checkable on this machine without fetching or a server."""

    build_package: str | None = None
    """The distribution whose version is part of the decoder (its build decides the greedy answer);
    runs share greedy answers only when its recorded version is the same."""

    decoder_revision: str | None = None
    """A revision of the backend's own decoding code (raised when a change in it can change a greedy
    answer): recorded with each run and part of the decoder, like ``build_package``'s version."""


class Backend(Protocol):
    """Generates samples from a language model."""

    name: str
    model: str
    capabilities: ClassVar[Capabilities]

    def generate(self, request: GenerationRequest) -> Generation:
        """Return ``request.params.n`` samples for one prompt."""
        ...

    def close(self) -> None:
        """Release the model or connection."""
        ...
