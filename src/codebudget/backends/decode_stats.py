"""What one batched sampling call did: drafts, steps, reused prompt tokens, and where its time went."""

from __future__ import annotations

import contextlib
import dataclasses
import time
from typing import Iterator


@dataclasses.dataclass(frozen=True)
class DecodeStats:
    """Counts and seconds of one :meth:`BatchedSampler.generate` call."""

    drafted: int = 0
    """Draft tokens decoded (prompt lookup), over all sequences."""
    accepted: int = 0
    """Draft tokens that matched the token sampled at their position."""
    steps: int = 0
    """Decode steps after the prompt (all sequences together; a step may take several decodes)."""
    prompt_s: float = 0.0
    """Seconds evaluating the prompt tokens not found in the cache."""
    decode_s: float = 0.0
    """Seconds in the decodes of the steps."""
    sample_s: float = 0.0
    """Seconds in Python between decodes: sampling, stopping rules, draft lookups."""
    prompt_reused: int = 0
    """Prompt tokens whose cells were taken from a cached prompt."""
    prompt_evaluated: int = 0
    """Prompt tokens evaluated (at least the last one)."""


class Tally:
    """The :class:`DecodeStats` of a call, counted as it runs."""

    def __init__(self) -> None:
        fields = dataclasses.fields(DecodeStats)
        self._values: dict[str, float] = {f.name: f.default for f in fields}  # type: ignore[misc]

    def add(self, **amounts: float) -> None:
        """Add to the named counts."""
        for name, amount in amounts.items():
            self._values[name] += amount

    @contextlib.contextmanager
    def timing(self, name: str) -> Iterator[None]:
        """Add the seconds the block takes to the count ``name``."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self._values[name] += time.perf_counter() - started

    def freeze(self) -> DecodeStats:
        """The counts so far."""
        return DecodeStats(**self._values)  # type: ignore[arg-type]
