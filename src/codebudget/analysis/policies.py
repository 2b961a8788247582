"""Adaptive policies: small staged programs that decide, per task, how much to spend.

A policy runs on one *episode*: an ordering of a task's pool, served one
sample at a time. Stages generate samples (one by one, or a batch in one
call) and test them in sample order, or repair failing samples along their
recorded repair chains. Work stops as soon as a version passes every public
test (early stop). Decisions use public-test results only, so the policy is
deployable.

At the end the episode picks its answer among each tested sample's latest
version, in sample order:

* honest — the first latest version that passes the public tests, or else
  the one that passed the largest fraction of them (the first on ties);
  success is whether it passes the hidden tests;
* oracle — success if any version the run tested passes the hidden tests
  (the same work as the honest run, with a perfect final pick).

Cost model (additive): generating a sample costs its ``gen_s`` seconds and
``tokens``; testing it costs its ``exec_s``; a repair costs its own
``gen_s + exec_s`` and ``tokens``. A batch is one model call whose time is the
sum of its samples' ``gen_s`` (no batching speed-up is modelled); every
sequential sample and every repair is one call.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Protocol

from codebudget.analysis.pools import CandidateView, passes_public, public_fraction


class PoolTooShallow(ValueError):
    """A policy asked for a repair the pool did not record."""


@dataclasses.dataclass(frozen=True)
class EpisodeResult:
    """What one run of a policy on one ordering produced."""

    honest: float
    oracle: float
    wall_s: float
    tokens: float
    calls: float


class Episode:
    """The mutable state of one policy run; stages act on it."""

    def __init__(self, draw: Callable[[], CandidateView]) -> None:
        self._draw = draw
        self.samples: list[CandidateView] = []  # generated, in sample order
        self.latest: dict[int, CandidateView] = {}  # sample index → its latest tested version
        self.repairs_made: dict[int, int] = {}
        self.tested: list[CandidateView] = []  # every version tested, in order
        self.solved = False
        self.wall_s = self.tokens = self.calls = 0.0

    def generate(self, count: int) -> list[int]:
        """One model call producing ``count`` samples; returns their indices."""
        new = [self._draw() for _ in range(count)]
        start = len(self.samples)
        self.samples += new
        self.wall_s += sum(c.gen_s for c in new)
        self.tokens += sum(c.tokens for c in new)
        self.calls += 1 if new else 0
        return list(range(start, start + count))

    def test(self, index: int) -> None:
        """Run the public tests of sample ``index``."""
        self._record(index, self.samples[index])

    def repair(self, index: int) -> None:
        """One repair call on sample ``index``'s latest version, then its public tests."""
        depth = self.repairs_made.get(index, 0)
        chain = self.samples[index].repairs
        if depth >= len(chain):
            raise PoolTooShallow(f"the pool records {len(chain)} repairs of a failing sample; need {depth + 1}")
        version = chain[depth]
        self.repairs_made[index] = depth + 1
        self.wall_s += version.gen_s
        self.tokens += version.tokens
        self.calls += 1
        self._record(index, version)

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
        passing = [v for v in latest if passes_public(v)]
        return passing[0] if passing else max(latest, key=public_fraction, default=None)

    def result(self) -> EpisodeResult:
        """Successes under both selection modes and the costs paid."""
        pick = self.chosen()
        honest = float(pick is not None and pick.hidden_passed)
        oracle = float(any(v.hidden_passed for v in self.tested))
        return EpisodeResult(honest, oracle, self.wall_s, self.tokens, self.calls)


class Stage(Protocol):
    """One step of a staged policy."""

    @property
    def max_draws(self) -> int:
        """Most samples the stage may generate."""
        ...

    @property
    def max_rounds(self) -> int:
        """Most repairs the stage may make per sample."""
        ...

    def run(self, episode: Episode) -> None:
        """Act on the episode."""
        ...

    def describe(self) -> str:
        """A short label."""
        ...


def _test_until_solved(episode: Episode, indices: list[int]) -> None:
    for index in indices:
        if episode.solved:
            return
        episode.test(index)


@dataclasses.dataclass(frozen=True)
class Sample:
    """Generate up to ``count`` samples and test them, stopping at the first public pass.

    ``batched``: all ``count`` come from one call and are then tested in order;
    otherwise they are generated (and tested) one at a time.
    """

    count: int
    batched: bool = False

    @property
    def max_draws(self) -> int:
        """Most samples generated."""
        return self.count

    @property
    def max_rounds(self) -> int:
        """Sampling makes no repairs."""
        return 0

    def run(self, episode: Episode) -> None:
        """Generate and test."""
        if self.batched:
            _test_until_solved(episode, episode.generate(self.count))
            return
        for _ in range(self.count):
            if episode.solved:
                return
            _test_until_solved(episode, episode.generate(1))

    def describe(self) -> str:
        """``S5`` for a batch of five, ``S+4`` for up to four one at a time."""
        return f"S{self.count}" if self.batched else f"S+{self.count}"


@dataclasses.dataclass(frozen=True)
class Repair:
    """Up to ``rounds`` repairs of each failing sample, one chain after another.

    Only samples whose latest version passes at least ``min_public_fraction``
    of the public tests qualify; with ``width`` only that many of them (the
    best by public fraction, the first on ties) are repaired. Chains are walked
    in sample order; work stops at the first public pass.
    """

    rounds: int
    min_public_fraction: float = 0.0
    width: int | None = None

    @property
    def max_draws(self) -> int:
        """Repairing generates no new samples."""
        return 0

    @property
    def max_rounds(self) -> int:
        """Most repairs per sample."""
        return self.rounds

    def targets(self, episode: Episode) -> list[int]:
        """The samples this stage repairs, in sample order."""
        fraction = lambda i: public_fraction(episode.latest[i])  # noqa: E731
        close = [i for i in episode.failing() if fraction(i) >= self.min_public_fraction]
        best = sorted(close, key=fraction, reverse=True)[: self.width]  # stable: the first on ties
        return sorted(best)

    def run(self, episode: Episode) -> None:
        """Walk each target's chain until the rounds run out or something passes."""
        for index in self.targets(episode):
            for _ in range(self.rounds):
                if episode.solved:
                    return
                episode.repair(index)

    def describe(self) -> str:
        """E.g. ``R2`` or ``R1@0.5x1`` (threshold, width)."""
        width = "" if self.width is None else f"x{self.width}"
        threshold = f"@{self.min_public_fraction:g}" if self.min_public_fraction > 0 else ""
        return f"R{self.rounds}{threshold}{width}"


@dataclasses.dataclass(frozen=True)
class StagedPolicy:
    """Run ``stages`` in order until a version passes the public tests."""

    stages: tuple[Stage, ...]
    label: str | None = None

    @property
    def name(self) -> str:
        """``label``, or the stages' descriptions joined with ``>``."""
        return self.label or ">".join(stage.describe() for stage in self.stages)

    @property
    def max_draws(self) -> int:
        """Most samples the policy may generate for one task."""
        return sum(stage.max_draws for stage in self.stages)

    @property
    def max_rounds(self) -> int:
        """Most repairs any stage makes per sample."""
        return max((stage.max_rounds for stage in self.stages), default=0)

    def run(self, episode: Episode) -> None:
        """Play the stages on one episode."""
        for stage in self.stages:
            if episode.solved:
                return
            stage.run(episode)


def fixed_policy(n: int, k: int) -> StagedPolicy:
    """The fixed pipeline: a batch of N, tested in order, then up to K repairs of each failing one."""
    return StagedPolicy((Sample(n, batched=True), Repair(k)), label=f"fixed N={n} K={k}")


def escalating_policy(
    first: int = 1, more: int = 4, rounds: int = 1, min_public_fraction: float = 0.5, width: int | None = 1
) -> StagedPolicy:
    """Sample ``first``; if none passes the public tests, sample up to ``more`` one by one;
    if still none passes, repair the best ``width`` sample(s) for up to ``rounds`` rounds,
    only if they pass at least ``min_public_fraction`` of the public tests."""
    stages = (Sample(first, batched=True), Sample(more), Repair(rounds, min_public_fraction, width))
    return StagedPolicy(stages)
