"""One run of a spending schedule on one task: the samples it generated, tested and repaired, and its cost.

Samples come from an :class:`EpisodeSource`. A generated sample stays *unrevealed*
until it is tested, so a batch whose later members are never tested (work
stopped at an earlier public pass) does not need to know which candidates
they were: their generation cost is asked from the source at the end. This
keeps exact evaluation small (see :mod:`codebudget.analysis.schedule_eval`).

At the end the episode picks its answer among each tested sample's latest
version, in sample order:

* honest — the pick every part of codebudget makes
  (:func:`codebudget.candidates.honest_position`): the first latest version
  that passes the public tests, or else the one that passed the most of them
  (the first on ties);
  success is whether it passes the hidden tests;
* oracle — success if any version the run tested passes the hidden tests
  (the same work as the honest run, with a perfect final pick).

Cost model (additive): a sample costs its ``gen_s`` seconds and ``tokens`` to
generate and its ``exec_s`` to test; a repair costs its own ``gen_s + exec_s``
and ``tokens``. A batch is one model call whose time is the sum of its
samples' ``gen_s`` (no batching speed-up is modelled); every sequential sample
and every repair is one call.
"""

from __future__ import annotations

import dataclasses
from typing import Protocol

from codebudget.analysis.pools import CandidateView, passes_public
from codebudget.candidates import honest_position


class PoolTooSmall(ValueError):
    """A schedule asked for more samples than a task's pool holds."""


class PoolTooShallow(ValueError):
    """A schedule asked for a repair the pool did not record."""


class EpisodeSource(Protocol):
    """Where an episode's samples come from."""

    @property
    def size(self) -> int:
        """How many samples the pool holds."""
        ...

    def reveal(self) -> CandidateView:
        """The candidate of the next generated sample, at the moment it is first tested."""
        ...

    def unrevealed_cost(self, count: int) -> tuple[float, float]:
        """(seconds, tokens) of generating ``count`` samples that were never tested."""
        ...


@dataclasses.dataclass(frozen=True)
class EpisodeResult:
    """What one run of a schedule on one ordering produced."""

    honest: float
    oracle: float
    wall_s: float
    tokens: float
    calls: float


class Episode:
    """The mutable state of one schedule run; its steps act on it."""

    def __init__(self, source: EpisodeSource) -> None:
        self._source = source
        self._samples: list[CandidateView | None] = []  # None until first tested
        self.latest: dict[int, CandidateView] = {}  # sample index → its latest tested version
        self._repairs_made: dict[int, int] = {}
        self.tested: list[CandidateView] = []  # every version tested, in order
        self.solved = False
        self.wall_s = self.tokens = self.calls = 0.0

    def generate(self, count: int) -> list[int]:
        """One model call producing ``count`` samples; returns their indices."""
        start = len(self._samples)
        if start + count > self._source.size:
            raise PoolTooSmall(f"the schedule wants {start + count} samples; the pool holds {self._source.size}")
        self._samples += [None] * count
        self.calls += 1 if count else 0
        return list(range(start, start + count))

    def test(self, index: int) -> None:
        """Run the public tests of sample ``index``."""
        self._record(index, self._reveal(index))

    def repair(self, index: int) -> None:
        """One repair call on tested sample ``index``'s latest version, then its public tests."""
        depth = self._repairs_made.get(index, 0)
        chain = self._reveal(index).repairs
        if depth >= len(chain):
            raise PoolTooShallow(f"the pool records {len(chain)} repairs of a failing sample; need {depth + 1}")
        version = chain[depth]
        self._repairs_made[index] = depth + 1
        self.wall_s += version.gen_s
        self.tokens += version.tokens
        self.calls += 1
        self._record(index, version)

    def _reveal(self, index: int) -> CandidateView:
        candidate = self._samples[index]
        if candidate is None:
            candidate = self._source.reveal()
            self._samples[index] = candidate
            self.wall_s += candidate.gen_s
            self.tokens += candidate.tokens
        return candidate

    def _record(self, index: int, version: CandidateView) -> None:
        self.wall_s += version.exec_s
        self.latest[index] = version
        self.tested.append(version)
        self.solved = self.solved or passes_public(version)

    def failing(self) -> list[int]:
        """Indices of tested samples whose latest version fails the public tests."""
        return [i for i, version in sorted(self.latest.items()) if not passes_public(version)]

    def chosen(self) -> CandidateView | None:
        """The honest pick among latest versions (see the module docstring)."""
        latest = [version for _, version in sorted(self.latest.items())]
        position = honest_position([passes_public(v) for v in latest], [v.public_passed for v in latest])
        return None if position is None else latest[position]

    def result(self) -> EpisodeResult:
        """Successes under both selection modes and the costs paid, untested samples included."""
        unrevealed = self._samples.count(None)
        gen_s, tokens = self._source.unrevealed_cost(unrevealed) if unrevealed else (0.0, 0.0)
        pick = self.chosen()
        honest = float(pick is not None and pick.hidden_passed)
        oracle = float(any(v.hidden_passed for v in self.tested))
        return EpisodeResult(honest, oracle, self.wall_s + gen_s, self.tokens + tokens, self.calls)
