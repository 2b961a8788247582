"""Expected quality and cost of a policy on candidate pools, exact where feasible.

A policy applied to a task sees the pool's candidates in a uniformly random
order. Its expected outcome is the average over all orderings. Decisions and
outcomes depend only on each candidate's test results (public passed/total,
hidden pass, and the same for its repair chain), while costs add up linearly.
So candidates with identical results form a class, and:

* the sequence of *classes* drawn follows sampling without replacement from
  the class counts, and
* given that sequence, each drawn candidate is a uniformly random member of
  its class, so its expected cost is the class mean.

The evaluator therefore walks the tree of class sequences the policy actually
asks for (a branch ends as soon as the policy stops), weighting each branch by
its exact probability and running the policy on class-mean candidates. The
result is the exact expectation over orderings. This assumes the policy's
decisions do not read costs (true of :mod:`codebudget.analysis.policies`).
If the tree has more than ``node_limit`` nodes the task falls back to a seeded
Monte Carlo average over ``orderings`` random orderings, and the evaluation
lists it as inexact.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Iterable, Protocol, Sequence

import numpy as np

from codebudget.analysis.outcomes import Config, ConfigOutcomes, SelectionMode
from codebudget.analysis.policies import Episode, EpisodeResult
from codebudget.analysis.pools import CandidateView, TaskPoolView

DEFAULT_NODE_LIMIT = 50_000
DEFAULT_ORDERINGS = 2_000
_SUCCESS_COLUMN = {SelectionMode.HONEST: 0, SelectionMode.ORACLE: 1}  # in an expectation vector


class PoolTooSmall(ValueError):
    """A policy asked for more samples than a task's pool holds."""


class Policy(Protocol):
    """Anything that can play an episode and has a name."""

    @property
    def name(self) -> str:
        """A label for the policy."""
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
    """The test results a policy may act on, recursively through the repair chain."""
    chain = tuple(signature(r) for r in candidate.repairs)
    return (candidate.public_passed, candidate.public_total, bool(candidate.hidden_passed), chain)


def mean_candidate(members: Sequence[CandidateView]) -> MeanCandidate:
    """Class mean of candidates that share a :func:`signature`."""
    first = members[0]
    repairs = tuple(mean_candidate([m.repairs[i] for m in members]) for i in range(len(first.repairs)))
    mean = lambda field: float(np.mean([getattr(m, field) for m in members]))  # noqa: E731
    return MeanCandidate(
        first.public_passed, first.public_total, bool(first.hidden_passed),
        mean("gen_s"), mean("exec_s"), mean("tokens"), repairs,
    )  # fmt: skip


def candidate_classes(candidates: Iterable[CandidateView]) -> tuple[tuple[MeanCandidate, ...], np.ndarray]:
    """Class means and class sizes of a pool."""
    grouped: dict[tuple[object, ...], list[CandidateView]] = defaultdict(list)
    for candidate in candidates:
        grouped[signature(candidate)].append(candidate)
    means = tuple(mean_candidate(members) for members in grouped.values())
    return means, np.array([len(m) for m in grouped.values()], dtype=np.int64)


class _NeedMore(Exception):
    """The policy asked for a draw beyond the forced prefix."""


def _play(policy: Policy, classes: Sequence[MeanCandidate], prefix: Sequence[int]) -> EpisodeResult:
    served = iter(prefix)

    def draw() -> CandidateView:
        index = next(served, None)
        if index is None:
            raise _NeedMore
        return classes[index]

    episode = Episode(draw)
    policy.run(episode)
    return episode.result()


def _vector(result: EpisodeResult) -> np.ndarray:
    return np.array([result.honest, result.oracle, result.wall_s, result.tokens, result.calls])


def _remaining(counts: np.ndarray, prefix: tuple[int, ...]) -> np.ndarray:
    left = counts - np.bincount(np.asarray(prefix, dtype=np.int64), minlength=counts.size)
    if left.sum() == 0:
        raise PoolTooSmall(f"the policy wants more than the {counts.sum()} candidates in the pool")
    return left


def exact_expectation(
    policy: Policy, classes: Sequence[MeanCandidate], counts: np.ndarray, node_limit: int
) -> np.ndarray | None:
    """Expected (honest, oracle, wall_s, tokens, calls) over orderings; None past ``node_limit``."""
    total = np.zeros(5)
    stack: list[tuple[tuple[int, ...], float]] = [((), 1.0)]
    for _ in range(node_limit):
        if not stack:
            return total
        prefix, probability = stack.pop()
        try:
            total += probability * _vector(_play(policy, classes, prefix))
        except _NeedMore:
            left = _remaining(counts, prefix)
            share = probability / left.sum()
            stack += [(prefix + (c,), share * left[c]) for c in np.flatnonzero(left)]
    return total if not stack else None


def sampled_expectation(
    policy: Policy, classes: Sequence[MeanCandidate], counts: np.ndarray, orderings: int, seed: int
) -> np.ndarray:
    """Monte Carlo mean over ``orderings`` random orderings of the pool."""
    rng = np.random.default_rng(seed)
    members = np.repeat(np.arange(len(classes)), counts)
    total = np.zeros(5)
    for _ in range(orderings):
        try:
            total += _vector(_play(policy, classes, rng.permutation(members).tolist()))
        except _NeedMore:
            raise PoolTooSmall(f"the policy wants more than the {members.size} candidates in the pool") from None
    return total / orderings


@dataclasses.dataclass(frozen=True)
class PolicyEvaluation:
    """A policy's per-task expected outcomes, usable like any configuration's."""

    policy: str
    outcomes: ConfigOutcomes
    inexact: tuple[str, ...]  # tasks estimated by Monte Carlo rather than exactly

    @property
    def exact(self) -> bool:
        """Whether every task was evaluated exactly."""
        return not self.inexact


def _task_expectation(
    policy: Policy, pool: TaskPoolView, node_limit: int, orderings: int, seed: int
) -> tuple[np.ndarray, bool]:
    classes, counts = candidate_classes(pool.candidates)
    try:
        exact = exact_expectation(policy, classes, counts, node_limit)
    except PoolTooSmall as error:
        raise PoolTooSmall(f"task {pool.task_id}: {error}") from None
    if exact is not None:
        return exact, True
    return sampled_expectation(policy, classes, counts, orderings, seed), False


def evaluate_policy(
    policy: Policy,
    pools: Iterable[TaskPoolView],
    selection: SelectionMode = SelectionMode.HONEST,
    config: Config | None = None,
    node_limit: int = DEFAULT_NODE_LIMIT,
    orderings: int = DEFAULT_ORDERINGS,
    seed: int = 0,
) -> PolicyEvaluation:
    """Expected success, seconds, tokens and calls per task of ``policy`` on ``pools``.

    ``config`` names the resulting configuration (default: the policy's name,
    with ``policy`` in its params); its selection mode is set to ``selection``.
    """
    mode = SelectionMode(selection)
    pools = list(pools)
    rows = [_task_expectation(policy, pool, node_limit, orderings, seed) for pool in pools]
    matrix = np.array([row for row, _ in rows]).reshape(len(pools), 5)
    base = config or Config(name=policy.name, selection=mode, params=(("policy", policy.name),))
    outcomes = ConfigOutcomes(
        config=dataclasses.replace(base, selection=mode),
        task_ids=tuple(pool.task_id for pool in pools),
        success=matrix[:, _SUCCESS_COLUMN[mode]],
        wall_s=matrix[:, 2],
        tokens=matrix[:, 3],
        calls=matrix[:, 4],
    )
    inexact = tuple(pool.task_id for pool, (_, ok) in zip(pools, rows) if not ok)
    return PolicyEvaluation(policy.name, outcomes, inexact)
