"""Adaptive policies: small staged programs that decide, per task, how much to spend.

A policy plays an :class:`~codebudget.analysis.episode.Episode`: stages
generate samples (one by one, or a batch in one call) and test them in sample
order, or repair failing samples along their recorded repair chains. Work
stops as soon as a version passes every public test (early stop). Decisions
use public-test results only, so a policy is deployable; the episode module
describes the final pick (honest and oracle) and the cost model.
"""

from __future__ import annotations

import dataclasses
from typing import Protocol

from codebudget.analysis.episode import Episode
from codebudget.analysis.pools import public_fraction


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
        def fraction(index: int) -> float:
            return public_fraction(episode.latest[index])

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
