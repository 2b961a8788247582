"""Whether drafting pays: a step's expected tokens per second with and without each sample's draft.

A drafted token costs a row of the next decode, nearly a full token of compute on
a small CPU, and only pays when it is accepted. Decode times are measured by the
number of rows per decode (``StepCosts``) and each sample's acceptance is counted
(``Acceptance``: after each draft token taken, the chance the next one is taken
too). A step takes a sample's draft, cut to the length that helps most, only if
that raises the step's expected tokens per second.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

PRIOR_TAKEN, PRIOR_MISSED = 4.0, 1.0
"""What acceptance is assumed before a sample has drafted: as if 4 draft tokens were taken and 1 missed."""
PRIOR_ROW_COST = 0.5
"""Until measured, a decode of k rows is assumed to cost 1 + 0.5 (k - 1) times a decode of one row."""
SMOOTHING = 0.2
"""Weight of a new measurement in the running mean of a decode's seconds."""


@dataclasses.dataclass(frozen=True)
class DecodeShape:
    """How many rows each decode of a step carries: at least ``least`` (the rest is padding), at most ``most``."""

    least: int
    most: int

    def sizes(self, rows: int) -> list[int]:
        """The rows of each decode of a step of ``rows`` rows (as few decodes as can be, of nearly equal sizes)."""
        count = -(-rows // self.most)
        size, longer = divmod(rows, count)
        return [size + (i < longer) for i in range(count)]


class StepCosts:
    """Running mean seconds of one decode by its number of rows (padding included)."""

    def __init__(self) -> None:
        self._seconds: dict[int, float] = {}

    def record(self, rows: int, seconds: float) -> None:
        """Add a measured decode of ``rows`` rows."""
        old = self._seconds.get(rows)
        self._seconds[rows] = seconds if old is None else old + SMOOTHING * (seconds - old)

    def decode(self, rows: int) -> float:
        """The expected seconds of one decode of ``rows`` rows (on a relative scale until a decode is measured)."""
        if rows in self._seconds:
            return self._seconds[rows]
        one = self._seconds.get(1)
        if one is None:
            one = min((s / (1 + PRIOR_ROW_COST * (k - 1)) for k, s in self._seconds.items()), default=1.0)
        return one * (1 + PRIOR_ROW_COST * (rows - 1))

    def step(self, rows: int, shape: DecodeShape) -> float:
        """The expected seconds of a step of ``rows`` rows decoded in ``shape``."""
        return sum(self.decode(max(size, shape.least)) for size in shape.sizes(rows))


@dataclasses.dataclass
class Acceptance:
    """Draft tokens a sample had taken and drafts it stopped taking, for the chance of taking the next one."""

    taken: float = PRIOR_TAKEN
    missed: float = PRIOR_MISSED

    def update(self, drafted: int, accepted: int) -> None:
        """Count a draft of ``drafted`` tokens of which the first ``accepted`` were taken."""
        self.taken += accepted
        self.missed += accepted < drafted

    def expected(self, length: int) -> float:
        """Expected draft tokens taken from a draft of ``length`` (each one taken only after the ones before)."""
        rate = self.taken / (self.taken + self.missed)
        return sum(rate**j for j in range(1, length + 1))


def choose(
    drafts: Sequence[list[int]], acceptance: Sequence[Acceptance], costs: StepCosts, shape: DecodeShape
) -> list[list[int]]:
    """Each sample's draft cut to what raises the step's expected tokens per second (possibly to nothing).

    Samples are considered in turn; each keeps the prefix of its draft that
    gives the best rate given the choices before it, if that beats no draft.
    """
    rows, tokens = len(drafts), float(len(drafts))
    chosen: list[list[int]] = []
    for draft, rate in zip(drafts, acceptance):
        best, best_rate = 0, tokens / costs.step(rows, shape)
        for length in range(1, len(draft) + 1):
            value = (tokens + rate.expected(length)) / costs.step(rows + length, shape)
            if value > best_rate:
                best, best_rate = length, value
        chosen.append(draft[:best])
        rows += best
        tokens += rate.expected(best)
    return chosen
