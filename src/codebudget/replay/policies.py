"""Selection policies: given one task's candidates, choose the version to submit.

A policy is a small object with a ``name``, two flags and ``select``:

- ``uses_hidden``: whether it may see hidden-test results (only the oracle);
  honest policies get versions whose ``hidden`` is None.
- ``early_stop``: whether the pipeline stops all work at the first version
  that passes the public tests (see ``semantics.md``); policies that compare
  candidates need every candidate tested and repaired, so they say False.

Register new policies with :func:`register`; look them up with :func:`get_policy`.

Besides the built-ins of ``semantics.md`` (``first``, ``public-tests``,
``oracle``) this module holds the ranking and voting policies of
``docs/selection.md``: ``public-count``, ``logprob``, ``behaviour-vote`` and
``public-then-vote`` (the last two are :class:`ConsensusPolicy` instances).
They break ties by mean token log-probability, then sample order. The voting
ones read :attr:`Version.behaviour` (outputs on shared inputs, attached by
:mod:`codebudget.selection`) and say what the executions they need cost with
``extra_s`` (see :class:`CostedPolicy`);
without behaviours they rank like ``logprob``. The policies that use
model-generated tests (``codet``, ``public-then-codet``, ``s-star``) live in
:mod:`codebudget.replay.agreement` and register themselves in the same registry.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Callable, Protocol, Sequence

from codebudget.registry import Registry
from codebudget.replay.pool import Version


@dataclasses.dataclass(frozen=True)
class Candidate:
    """One candidate as the pipeline knows it after its work: the versions it produced."""

    sample_index: int
    versions: tuple[Version, ...]

    @property
    def final(self) -> Version:
        """The last version the run produced for this candidate."""
        return self.versions[-1]

    @property
    def tested(self) -> bool:
        """Whether the final version's public tests ran."""
        return self.final.public is not None


@dataclasses.dataclass(frozen=True)
class Pick:
    """The chosen version: ``position`` in the candidate list and its ``round``."""

    position: int
    round: int

    @classmethod
    def final(cls, candidates: Sequence[Candidate], position: int) -> Pick:
        """The last version of the candidate at ``position``."""
        return cls(position, candidates[position].final.round)


class SelectionPolicy(Protocol):
    """What every selection policy provides."""

    name: str
    uses_hidden: bool
    early_stop: bool

    def select(self, candidates: Sequence[Candidate]) -> Pick:
        """Choose one version among ``candidates`` (in sample order, never empty)."""
        ...


class CostedPolicy(SelectionPolicy, Protocol):
    """A policy whose choice needs work beyond the pipeline's (e.g. running candidates on inputs)."""

    def extra_s(self, candidates: Sequence[Candidate]) -> float:
        """Seconds of that extra work for choosing among ``candidates``."""
        ...


def extra_s(policy: SelectionPolicy, candidates: Sequence[Candidate]) -> float:
    """The extra seconds ``policy`` spends choosing among ``candidates`` (0 when it declares none)."""
    cost: Callable[[Sequence[Candidate]], float] | None = getattr(policy, "extra_s", None)
    return cost(candidates) if cost is not None else 0.0


POLICIES: Registry[SelectionPolicy] = Registry("selection policy")
register = POLICIES.register
get_policy = POLICIES.lookup


@dataclasses.dataclass(frozen=True)
class FirstPolicy:
    """Candidate 0's last version: the no-selection baseline."""

    name: str = "first"
    uses_hidden: bool = False
    early_stop: bool = False

    def select(self, candidates: Sequence[Candidate]) -> Pick:
        """Always the first candidate."""
        return Pick.final(candidates, 0)


@dataclasses.dataclass(frozen=True)
class PublicTestsPolicy:
    """The honest policy: the first candidate passing the public tests, else the most passed."""

    name: str = "public-tests"
    uses_hidden: bool = False
    early_stop: bool = True

    def select(self, candidates: Sequence[Candidate]) -> Pick:
        """First public pass in sample order; otherwise most public tests passed, ties first."""
        passing = [i for i, c in enumerate(candidates) if c.final.public_passed]
        if passing:
            return Pick.final(candidates, passing[0])
        scores = [_tests_passed(c.final) for c in candidates]
        return Pick.final(candidates, scores.index(max(scores)))


def _tests_passed(version: Version) -> int:
    return -1 if version.public is None else version.public.tests_passed


@dataclasses.dataclass(frozen=True)
class OraclePolicy:
    """Success if any produced version passes the hidden tests: the first such one."""

    name: str = "oracle"
    uses_hidden: bool = True
    early_stop: bool = False

    def select(self, candidates: Sequence[Candidate]) -> Pick:
        """The first hidden pass in sample order, then round order; else candidate 0's last version."""
        for position, candidate in enumerate(candidates):
            for version in candidate.versions:
                if version.hidden_passed:
                    return Pick(position, version.round)
        return Pick.final(candidates, 0)


Key = Callable[[Version], tuple[object, ...]]


def _logprob(version: Version) -> float:
    return version.mean_logprob if version.mean_logprob is not None else -math.inf


def best(candidates: Sequence[Candidate], positions: Sequence[int], key: Key = lambda v: ()) -> int:
    """The position whose final version ranks highest by ``key``, then mean log-probability, then sample order."""
    return max(positions, key=lambda p: (*key(candidates[p].final), _logprob(candidates[p].final), -p))


def public_score(version: Version) -> tuple[bool, int]:
    """(passes the public tests, public tests passed); untested counts as passing none."""
    return version.public_passed, _tests_passed(version)


def parsed(candidates: Sequence[Candidate]) -> tuple[int, ...]:
    """Positions whose final version parses (all positions when none does)."""
    found = tuple(p for p, c in enumerate(candidates) if c.final.syntax_ok)
    return found or tuple(range(len(candidates)))


def top_public(candidates: Sequence[Candidate]) -> tuple[int, ...]:
    """Positions whose final version has the best :func:`public_score`."""
    scores = [public_score(c.final) for c in candidates]
    return tuple(p for p, score in enumerate(scores) if score == max(scores))


def voters(candidates: Sequence[Candidate], positions: Sequence[int]) -> tuple[int, ...]:
    """Those of ``positions`` whose final version has outputs to compare; none when fewer than two."""
    found = tuple(p for p in positions if _outputs(candidates[p].final))
    return found if len(found) > 1 else ()


def vote(candidates: Sequence[Candidate], positions: Sequence[int]) -> tuple[int, ...]:
    """The members of the winning behaviour cluster(s) among ``positions`` (``positions`` if no vote).

    Versions with identical outputs form a cluster; clusters that returned a
    value on some input rank above clusters that only failed, then larger
    clusters above smaller ones. Tied clusters all win (the caller breaks ties).
    """
    ranked = clusters(candidates, positions)
    if not ranked:
        return tuple(positions)
    top = ranked[0].rank
    return tuple(sorted(p for cluster in ranked if cluster.rank == top for p in cluster.members))


@dataclasses.dataclass(frozen=True)
class Cluster:
    """Voters with identical outputs: ``rank`` = (returned a value somewhere, size), higher is better."""

    members: tuple[int, ...]
    rank: tuple[bool, int]


def clusters(candidates: Sequence[Candidate], positions: Sequence[int]) -> tuple[Cluster, ...]:
    """The behaviour clusters of the voters among ``positions``, best rank first (none without a vote).

    Clusters of equal rank are ordered by their best member (log-probability, then sample order).
    """
    found: dict[tuple[str, ...], list[int]] = {}
    for p in voters(candidates, positions):
        found.setdefault(_outputs(candidates[p].final), []).append(p)
    ranked = [Cluster(tuple(ps), (_returned(candidates[ps[0]].final), len(ps))) for ps in found.values()]
    order = {c.members: best(candidates, c.members) for c in ranked}
    return tuple(sorted(ranked, key=lambda c: (c.rank, _rank_key(candidates, order[c.members])), reverse=True))


def _rank_key(candidates: Sequence[Candidate], position: int) -> tuple[float, int]:
    return _logprob(candidates[position].final), -position


def vote_cost(candidates: Sequence[Candidate], positions: Sequence[int]) -> float:
    """Sandbox seconds of running the voters among ``positions`` on the shared inputs.

    When a model wrote the inputs, their generation time is added once (nothing without a vote).
    """
    found = [candidates[p].final.behaviour for p in voters(candidates, positions)]
    behaviours = [b for b in found if b is not None]
    return sum(b.wall_s for b in behaviours) + max((b.generation_s for b in behaviours), default=0.0)


def _outputs(version: Version) -> tuple[str, ...]:
    return version.behaviour.outputs if version.syntax_ok and version.behaviour is not None else ()


def _returned(version: Version) -> bool:
    return version.behaviour is not None and version.behaviour.returned


@dataclasses.dataclass(frozen=True)
class PublicCountPolicy:
    """Most public tests passed, ties by log-probability then sample order; compares every candidate."""

    name: str = "public-count"
    uses_hidden: bool = False
    early_stop: bool = False

    def select(self, candidates: Sequence[Candidate]) -> Pick:
        """The final version with the best public score, then log-probability, then order."""
        return Pick.final(candidates, best(candidates, range(len(candidates)), public_score))


@dataclasses.dataclass(frozen=True)
class LogprobPolicy:
    """Ranking without tests: the highest mean token log-probability among versions that parse."""

    name: str = "logprob"
    uses_hidden: bool = False
    early_stop: bool = False

    def select(self, candidates: Sequence[Candidate]) -> Pick:
        """The parsing final version with the highest mean log-probability (ties: sample order)."""
        return Pick.final(candidates, best(candidates, parsed(candidates)))


Among = Callable[[Sequence[Candidate]], tuple[int, ...]]
Narrow = Callable[[Sequence[Candidate], Sequence[int]], tuple[int, ...]]
Cost = Callable[[Sequence[Candidate], Sequence[int]], float]


@dataclasses.dataclass(frozen=True)
class ConsensusPolicy:
    """Choose by consensus: narrow the candidates ``among`` selects to the winning group, then rank.

    ``consensus`` keeps the winners among those positions (a behaviour
    cluster, a CodeT consensus set); the pick is their best by mean
    log-probability, then sample order. ``cost`` prices the executions (and
    model time) that choice needs. The two flags tell
    :mod:`codebudget.selection` what to attach before choosing.
    """

    name: str
    among: Among
    consensus: Narrow
    cost: Cost
    needs_behaviour: bool = False
    needs_tests: bool = False
    uses_hidden: bool = False
    early_stop: bool = False

    def select(self, candidates: Sequence[Candidate]) -> Pick:
        """The best-ranked (log-probability, order) member of the consensus among ``among``'s positions."""
        return Pick.final(candidates, best(candidates, self.consensus(candidates, self.among(candidates))))

    def extra_s(self, candidates: Sequence[Candidate]) -> float:
        """Seconds of the work this choice needs beyond the pipeline's."""
        return self.cost(candidates, self.among(candidates))


FIRST = register(FirstPolicy())
PUBLIC_TESTS = register(PublicTestsPolicy())
ORACLE = register(OraclePolicy())
PUBLIC_COUNT = register(PublicCountPolicy())
LOGPROB = register(LogprobPolicy())
# MBR-exec / AlphaCode clustering among every parsing candidate.
BEHAVIOUR_VOTE = register(ConsensusPolicy("behaviour-vote", parsed, vote, vote_cost, needs_behaviour=True))
# The candidates passing the most public tests, then a behaviour vote among them.
PUBLIC_THEN_VOTE = register(ConsensusPolicy("public-then-vote", top_public, vote, vote_cost, needs_behaviour=True))
DEFAULT_POLICIES: tuple[str, ...] = (PUBLIC_TESTS.name, ORACLE.name)
