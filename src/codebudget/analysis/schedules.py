"""Spending schedules: small staged programs that decide, per task, how much to spend.

A schedule (the product's other kind of policy is a *selection* policy, which
chooses among finished candidates: :mod:`codebudget.selection`) plays an :class:`~codebudget.analysis.episode.Episode`: stages
generate samples (one by one, or a batch in one call) and test them in sample
order, or repair failing samples along their recorded repair chains. Work
stops as soon as a version passes every public test (early stop). Decisions
use public-test results only, so a schedule is deployable; the episode module
describes the final pick (honest and oracle) and the cost model.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Protocol

from codebudget.analysis.episode import Episode
from codebudget.analysis.pools import public_fraction
from codebudget.errors import CodebudgetError
from codebudget.plugins import Registry


class Step(Protocol):
    """One step of a schedule."""

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
class SampleStep:
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
class RepairStep:
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
class Schedule:
    """Run ``stages`` (its steps) in order until a version passes the public tests."""

    stages: tuple[Step, ...]
    label: str | None = None

    @property
    def name(self) -> str:
        """``label``, or the stages' descriptions joined with ``>``."""
        return self.label or ">".join(stage.describe() for stage in self.stages)

    @property
    def max_draws(self) -> int:
        """Most samples the schedule may generate for one task."""
        return sum(stage.max_draws for stage in self.stages)

    @property
    def max_rounds(self) -> int:
        """Most repairs any stage makes per sample."""
        return max((stage.max_rounds for stage in self.stages), default=0)

    def run(self, episode: Episode) -> None:
        """Play the steps on one episode."""
        for stage in self.stages:
            if episode.solved:
                return
            stage.run(episode)


def fixed_schedule(n: int, k: int) -> Schedule:
    """The fixed pipeline: a batch of N, tested in order, then up to K repairs of each failing one."""
    return Schedule((SampleStep(n, batched=True), RepairStep(k)), label=f"fixed N={n} K={k}")


def escalating_schedule(
    first: int = 1, more: int = 4, rounds: int = 1, min_public_fraction: float = 0.5, width: int | None = 1
) -> Schedule:
    """Sample ``first``; if none passes the public tests, sample up to ``more`` one by one;
    if still none passes, repair the best ``width`` sample(s) for up to ``rounds`` rounds,
    only if they pass at least ``min_public_fraction`` of the public tests."""
    stages = (SampleStep(first, batched=True), SampleStep(more), RepairStep(rounds, min_public_fraction, width))
    return Schedule(stages)


@dataclasses.dataclass(frozen=True)
class NamedSchedule:
    """A schedule recipe the reports evaluate on every pool it fits: ``build(M, K_max)``, None when it does not fit."""

    name: str
    build: Callable[[int, int], Schedule | None]


SCHEDULES: Registry[NamedSchedule] = Registry.of("spending schedule", CodebudgetError)
register_schedule = SCHEDULES.register


def _escalate(m: int, k_max: int) -> Schedule | None:
    """One sample; up to M−1 more one by one; then one repair of the best sample passing half the public tests."""
    return escalating_schedule(first=1, more=m - 1, rounds=min(1, k_max), min_public_fraction=0.5, width=1)


def _one_by_one(m: int, k_max: int) -> Schedule | None:
    """N=M, K=K_max, but samples drawn and tested one at a time (stopping at the first public pass)."""
    if m < 2:
        return None
    return Schedule((SampleStep(m), RepairStep(k_max)), label=f"S+{m}>R{k_max}")


ESCALATE = register_schedule(NamedSchedule("escalate", _escalate))
ONE_BY_ONE = register_schedule(NamedSchedule("one-by-one", _one_by_one))
