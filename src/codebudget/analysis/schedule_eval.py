"""Expected quality and cost of a spending schedule on candidate pools, exact where feasible.

A schedule applied to a task sees the pool's candidates in a uniformly random
order. Its expected outcome is the average over all orderings. Decisions and
outcomes depend only on each candidate's test results (public passed/total,
hidden pass, and the same along its repair chain), while costs add up
linearly. So candidates with identical results form a class, and:

* the classes revealed one after another (a sample is revealed when it is
  first tested) are draws without replacement from the class counts, whatever
  order the schedule tests in;
* given those classes, each revealed candidate is a uniformly random member
  of its class, so its expected cost is the class mean; and generated samples
  that were never tested are uniformly random members of the rest of the
  pool, so their expected cost is the mean of the unrevealed rest.

The evaluator walks the tree of class sequences the schedule actually reveals (a
branch ends as soon as the schedule stops), weighting each branch by its exact
probability and running the schedule on class-mean candidates; the result is the
exact expectation over orderings. It assumes schedules do not read costs to
decide (true of :mod:`codebudget.analysis.schedules`). A task whose tree has
more than ``node_limit`` nodes falls back to a seeded Monte Carlo average over
``orderings`` random orderings and is listed as inexact.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Iterable, Protocol, Sequence

import numpy as np

from codebudget.analysis.episode import Episode, EpisodeResult, PoolTooSmall
from codebudget.analysis.outcomes import Config, ConfigOutcomes, SelectionMode
from codebudget.analysis.pools import CandidateView, TaskPoolView

DEFAULT_NODE_LIMIT = 20_000
DEFAULT_ORDERINGS = 2_000


class Playable(Protocol):
    """Anything that can play an episode and has a name (a :class:`~codebudget.analysis.schedules.Schedule`)."""

    @property
    def name(self) -> str:
        """A label for the schedule."""
        ...

    def run(self, episode: Episode) -> None:
        """Play one episode."""
        ...


@dataclasses.dataclass(frozen=True)
class MeanCandidate:
    """The average member of a class of candidates with identical test results."""

    public_passed: int
    public_total: int
    hidden_passed: bool
    gen_s: float
    exec_s: float
    tokens: float
    repairs: tuple[MeanCandidate, ...]


def signature(candidate: CandidateView) -> tuple[object, ...]:
    """The test results a schedule may act on, recursively through the repair chain."""
    chain = tuple(signature(r) for r in candidate.repairs)
    return (candidate.public_passed, candidate.public_total, bool(candidate.hidden_passed), chain)


def mean_candidate(members: Sequence[CandidateView]) -> MeanCandidate:
    """Class mean of candidates that share a :func:`signature`."""
    first = members[0]
    repairs = tuple(mean_candidate([m.repairs[i] for m in members]) for i in range(len(first.repairs)))
    gen_s, exec_s, tokens = np.mean([(m.gen_s, m.exec_s, m.tokens) for m in members], axis=0).tolist()
    return MeanCandidate(
        first.public_passed, first.public_total, bool(first.hidden_passed), gen_s, exec_s, tokens, repairs
    )


@dataclasses.dataclass(frozen=True)
class Classes:
    """A pool as classes of identical test results: class means and sizes."""

    means: tuple[MeanCandidate, ...]
    counts: np.ndarray

    @classmethod
    def of(cls, candidates: Iterable[CandidateView]) -> Classes:
        """Group a pool's candidates by :func:`signature`."""
        grouped: dict[tuple[object, ...], list[CandidateView]] = defaultdict(list)
        for candidate in candidates:
            grouped[signature(candidate)].append(candidate)
        means = tuple(mean_candidate(members) for members in grouped.values())
        return cls(means, np.array([len(m) for m in grouped.values()], dtype=np.int64))

    def left(self, revealed: Sequence[int]) -> np.ndarray:
        """Class sizes after removing the ``revealed`` class indices."""
        return self.counts - np.bincount(np.asarray(revealed, dtype=np.int64), minlength=self.counts.size)


class _NeedMore(Exception):
    """The schedule revealed more samples than the forced prefix holds."""


class _PrefixSource:
    """Serves a fixed sequence of classes; costs unrevealed samples at the rest's mean."""

    def __init__(self, classes: Classes, prefix: Sequence[int]) -> None:
        self._classes, self._prefix, self._next = classes, prefix, 0
        self.size = int(classes.counts.sum())

    def reveal(self) -> CandidateView:
        if self._next == len(self._prefix):
            raise _NeedMore
        self._next += 1
        return self._classes.means[self._prefix[self._next - 1]]

    def unrevealed_cost(self, count: int) -> tuple[float, float]:
        left = self._classes.left(self._prefix[: self._next])
        per_class = np.array([(m.gen_s, m.tokens) for m in self._classes.means])
        gen_s, tokens = (left @ per_class) / left.sum() * count
        return float(gen_s), float(tokens)


def _vector(result: EpisodeResult) -> np.ndarray:
    return np.array([result.honest, result.oracle, result.wall_s, result.tokens, result.calls])


def _play(schedule: Playable, classes: Classes, prefix: Sequence[int]) -> np.ndarray:
    episode = Episode(_PrefixSource(classes, prefix))
    schedule.run(episode)
    return _vector(episode.result())


def exact_expectation(schedule: Playable, classes: Classes, node_limit: int) -> np.ndarray | None:
    """Expected (honest, oracle, wall_s, tokens, calls) over orderings; None past ``node_limit``."""
    total = np.zeros(5)
    stack: list[tuple[tuple[int, ...], float]] = [((), 1.0)]
    for _ in range(node_limit):
        if not stack:
            return total
        prefix, probability = stack.pop()
        try:
            total += probability * _play(schedule, classes, prefix)
        except _NeedMore:
            left = classes.left(prefix)
            share = probability / left.sum()
            stack += [(prefix + (int(c),), share * float(left[c])) for c in np.flatnonzero(left)]
    return total if not stack else None


def sampled_expectation(schedule: Playable, classes: Classes, orderings: int, seed: int) -> np.ndarray:
    """Monte Carlo mean over ``orderings`` random orderings of the pool."""
    rng = np.random.default_rng(seed)
    members = np.repeat(np.arange(classes.counts.size), classes.counts)
    runs = [_play(schedule, classes, rng.permutation(members).tolist()) for _ in range(orderings)]
    return np.asarray(np.mean(runs, axis=0))


@dataclasses.dataclass(frozen=True)
class ScheduleEvaluation:
    """A schedule's per-task expected outcomes under both selection modes."""

    schedule: str
    honest: ConfigOutcomes
    oracle: ConfigOutcomes
    inexact: tuple[str, ...]  # tasks estimated by Monte Carlo rather than exactly

    def outcomes(self, selection: SelectionMode) -> ConfigOutcomes:
        """The outcomes under one selection mode."""
        return self.honest if SelectionMode(selection) is SelectionMode.HONEST else self.oracle

    @property
    def exact(self) -> bool:
        """Whether every task was evaluated exactly."""
        return not self.inexact


def _task_expectation(
    schedule: Playable, pool: TaskPoolView, node_limit: int, orderings: int, seed: int
) -> tuple[np.ndarray, bool]:
    classes = Classes.of(pool.candidates)
    prepared = np.array([0.0, 0.0, pool.prepared.wall_s, pool.prepared.tokens, pool.prepared.calls])
    try:
        exact = exact_expectation(schedule, classes, node_limit)
        if exact is not None:
            return exact + prepared, True
        return sampled_expectation(schedule, classes, orderings, seed) + prepared, False
    except PoolTooSmall as error:
        raise PoolTooSmall(f"task {pool.task_id}: {error}") from None


def evaluate_schedule(
    schedule: Playable,
    pools: Iterable[TaskPoolView],
    config: Config | None = None,
    node_limit: int = DEFAULT_NODE_LIMIT,
    orderings: int = DEFAULT_ORDERINGS,
    seed: int = 0,
) -> ScheduleEvaluation:
    """Expected success (honest and oracle), seconds, tokens and calls per task of ``schedule``.

    ``config`` names the resulting configuration (default: the schedule's name,
    with ``policy`` in its params, the key the outcome tables have always used); its selection mode is set per output.
    """
    pools = list(pools)
    rows = [_task_expectation(schedule, pool, node_limit, orderings, seed) for pool in pools]
    matrix = np.array([row for row, _ in rows]).reshape(len(pools), 5)
    base = config or Config(name=schedule.name, selection=SelectionMode.HONEST, params=(("policy", schedule.name),))
    task_ids = tuple(pool.task_id for pool in pools)

    def outcomes(selection: SelectionMode, column: int) -> ConfigOutcomes:
        config = dataclasses.replace(base, selection=selection)
        return ConfigOutcomes(config, task_ids, matrix[:, column], matrix[:, 2], matrix[:, 3], matrix[:, 4])

    inexact = tuple(pool.task_id for pool, (_, ok) in zip(pools, rows) if not ok)
    return ScheduleEvaluation(schedule.name, outcomes(SelectionMode.HONEST, 0), outcomes(SelectionMode.ORACLE, 1), inexact)
