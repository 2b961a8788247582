"""Selection policies: given one task's candidates, choose the version to submit.

A policy (the protocol :class:`~codebudget.candidates.SelectionPolicy`) has a
``name``, says whether it ``uses_hidden`` results (only the oracle), whether
the run may stop at the first public pass (``early_stop``, see
``replay/semantics.md``; policies that compare candidates need every
candidate tested and repaired, so they say False), which evidence it ``needs``
gathered first (:class:`~codebudget.candidates.Evidence`: outputs on shared
inputs, results on model-generated tests) and what its choice costs beyond the
pipeline's work (``extra_s``).

Every policy is declared once in :data:`POLICIES` (look up with
:func:`get_policy`). Besides the built-ins of ``semantics.md`` (``first``,
``public-tests``, ``oracle``) this module holds the ranking and voting
policies of ``docs/selection.md``: ``public-count``, ``logprob``,
``behaviour-vote`` and ``public-then-vote`` (the last two are
:class:`ConsensusPolicy` instances). They break ties by mean token
log-probability, then sample order. Without the evidence they need (a live
run) the voting ones rank like ``logprob``. The policies that use
model-generated tests (``codet``, ``public-then-codet``, ``s-star``) live in
:mod:`codebudget.selection.agreement`.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Callable, Sequence

from codebudget.candidates import (
    Candidate,
    Evidence,
    Pick,
    SelectionPolicy,
    Version,
    honest_pick,
    oracle_pick,
    public_tests_passed,
)
from codebudget.plugins import Registry

POLICIES: Registry[SelectionPolicy] = Registry.of("selection policy")
register = POLICIES.register
get_policy = POLICIES.lookup

NO_EVIDENCE: frozenset[Evidence] = frozenset()


Choose = Callable[[Sequence[Candidate]], Pick]


@dataclasses.dataclass(frozen=True)
class PlainPolicy:
    """A policy that chooses from the run's own results with ``choose``: no evidence to gather, no extra work."""

    name: str
    choose: Choose
    uses_hidden: bool = False
    early_stop: bool = False
    needs: frozenset[Evidence] = NO_EVIDENCE

    def select(self, candidates: Sequence[Candidate]) -> Pick:
        """``choose``'s pick."""
        return self.choose(candidates)

    def extra_s(self, candidates: Sequence[Candidate]) -> float:
        """No extra work."""
        return 0.0


def first_candidate(candidates: Sequence[Candidate]) -> Pick:
    """Candidate 0's last version: the no-selection baseline."""
    return Pick.final(candidates, 0)


Key = Callable[[Version], tuple[object, ...]]


def _logprob(version: Version) -> float:
    return version.mean_logprob if version.mean_logprob is not None else -math.inf


def best(candidates: Sequence[Candidate], positions: Sequence[int], key: Key = lambda v: ()) -> int:
    """The position whose final version ranks highest by ``key``, then mean log-probability, then sample order."""
    return max(positions, key=lambda p: (*key(candidates[p].final), _logprob(candidates[p].final), -p))


def public_score(version: Version) -> tuple[bool, int]:
    """(passes the public tests, public tests passed); untested counts as passing none."""
    return version.public_passed, public_tests_passed(version)


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


def most_public(candidates: Sequence[Candidate]) -> Pick:
    """The final version with the most public tests passed, then log-probability, then sample order."""
    return Pick.final(candidates, best(candidates, range(len(candidates)), public_score))


def likeliest(candidates: Sequence[Candidate]) -> Pick:
    """Ranking without tests: the parsing final version with the highest mean log-probability (ties: order)."""
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
    model time) that choice needs; ``needs`` says what evidence must be
    gathered first (:mod:`codebudget.evidence`).
    """

    name: str
    among: Among
    consensus: Narrow
    cost: Cost
    needs: frozenset[Evidence] = NO_EVIDENCE
    uses_hidden: bool = False
    early_stop: bool = False

    def select(self, candidates: Sequence[Candidate]) -> Pick:
        """The best-ranked (log-probability, order) member of the consensus among ``among``'s positions."""
        return Pick.final(candidates, best(candidates, self.consensus(candidates, self.among(candidates))))

    def extra_s(self, candidates: Sequence[Candidate]) -> float:
        """Seconds of the work this choice needs beyond the pipeline's."""
        return self.cost(candidates, self.among(candidates))


FIRST = register(PlainPolicy("first", first_candidate))
# The honest pick (candidates.honest_pick): the first public pass, else the most public tests passed.
PUBLIC_TESTS = register(PlainPolicy("public-tests", honest_pick, early_stop=True))
# Success if any produced version passes the hidden tests (candidates.oracle_pick).
ORACLE = register(PlainPolicy("oracle", oracle_pick, uses_hidden=True))
# Compares every candidate: most public tests passed, ties by log-probability then order.
PUBLIC_COUNT = register(PlainPolicy("public-count", most_public))
LOGPROB = register(PlainPolicy("logprob", likeliest))
BEHAVIOUR = frozenset({Evidence.BEHAVIOUR})
# MBR-exec / AlphaCode clustering among every parsing candidate.
BEHAVIOUR_VOTE = register(ConsensusPolicy("behaviour-vote", parsed, vote, vote_cost, BEHAVIOUR))
# The candidates passing the most public tests, then a behaviour vote among them.
PUBLIC_THEN_VOTE = register(ConsensusPolicy("public-then-vote", top_public, vote, vote_cost, BEHAVIOUR))
DEFAULT_POLICIES: tuple[str, ...] = (PUBLIC_TESTS.name, ORACLE.name)
"""What replay reports unless asked: the honest pick and the oracle."""
RECORDED_POLICIES: tuple[str, ...] = (PUBLIC_TESTS.name, ORACLE.name, FIRST.name)
"""The picks a live run records for every task, whatever its own policy."""


def honest_names(evidence: frozenset[Evidence] = BEHAVIOUR) -> tuple[str, ...]:
    """Registered honest policies whose evidence is within ``evidence`` (default: what no model is needed for)."""
    return tuple(name for name, p in POLICIES.items() if not p.uses_hidden and p.needs <= evidence)


def live_names() -> tuple[str, ...]:
    """Policies a live run can apply as it goes: they need no evidence beyond the pipeline's own results."""
    return tuple(name for name, p in POLICIES.items() if not p.needs)


def needing(kind: Evidence) -> tuple[str, ...]:
    """Registered policies that need evidence ``kind``."""
    return tuple(name for name, p in POLICIES.items() if kind in p.needs)
