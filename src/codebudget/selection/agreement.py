"""Selection with model-generated tests: CodeT dual agreement and an S*-style pairwise choice.

These policies read :attr:`Version.checks` — which of the task's
model-generated tests each final version passes, attached by
:mod:`codebudget.evidence.checks` — and, for ``s-star``, the behaviour
clusters of :mod:`codebudget.selection.policies`. They declare the evidence
they need (generated tests and their results; for ``s-star`` also outputs on
shared inputs). Their ``extra_s`` counts the model time that generated the
task's tests once per choice plus the sandbox time of the executions the
choice needs. Without checks attached (a live run) they rank like
``logprob`` (``s-star`` like ``behaviour-vote``) and cost what those cost.

- ``codet``: CodeT (Chen et al., 2022). Candidates that pass exactly the same
  set of generated tests form a consensus set, scored (members) × (tests
  passed); the best set wins, ties (and members) by log-probability, then order.
- ``public-then-codet``: the same among the candidates with the best public score.
- ``s-star``: the top two behaviour clusters (by vote) meet in one duel:
  on the generated tests where their representatives (each cluster's
  likeliest member) disagree — one passes, the other fails, so their outputs
  differ on that input — the one agreeing with more expected values wins;
  a draw keeps the vote's winner.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

from codebudget.candidates import Candidate, Checks, Evidence, Pick
from codebudget.selection.policies import ConsensusPolicy, best, clusters, parsed, register, top_public, vote, voters


def _checks(candidate: Candidate) -> Checks | None:
    final = candidate.final
    return final.checks if final.syntax_ok else None


def testers(candidates: Sequence[Candidate], positions: Sequence[int]) -> tuple[int, ...]:
    """Those of ``positions`` whose final version has generated-test results; none when fewer than two."""
    found = tuple(p for p in positions if _checks(candidates[p]) is not None)
    return found if len(found) > 1 else ()


@dataclasses.dataclass(frozen=True)
class Consensus:
    """CodeT's consensus set: candidates passing exactly the generated tests flagged in ``passed``."""

    members: tuple[int, ...]
    passed: tuple[bool, ...]

    @property
    def score(self) -> int:
        """Dual agreement: (members) × (tests they pass)."""
        return len(self.members) * sum(self.passed)


def consensus_sets(candidates: Sequence[Candidate], positions: Sequence[int]) -> tuple[Consensus, ...]:
    """The consensus sets among the testers of ``positions``, highest score first (stable among ties)."""
    found: dict[tuple[bool, ...], list[int]] = {}
    for p in testers(candidates, positions):
        found.setdefault(_checks(candidates[p]).passed, []).append(p)  # type: ignore[union-attr]
    sets = [Consensus(tuple(ps), passed) for passed, ps in found.items()]
    return tuple(sorted(sets, key=lambda s: s.score, reverse=True))


def agree(candidates: Sequence[Candidate], positions: Sequence[int]) -> tuple[int, ...]:
    """The members of the best-scoring consensus set(s) among ``positions`` (``positions`` if none)."""
    sets = consensus_sets(candidates, positions)
    if not sets:
        return tuple(positions)
    top = sets[0].score
    return tuple(sorted(p for s in sets if s.score == top for p in s.members))


def tests_cost(candidates: Sequence[Candidate], positions: Sequence[int]) -> float:
    """Generating the task's tests once plus running them on ``positions`` (which all have results)."""
    found = [c for c in (_checks(candidates[p]) for p in positions) if c is not None]
    if not found:
        return 0.0
    return max(c.generation_s for c in found) + sum(c.wall_s for c in found)


def agreement_cost(candidates: Sequence[Candidate], positions: Sequence[int]) -> float:
    """What CodeT among ``positions`` costs: nothing with fewer than two testers."""
    return tests_cost(candidates, testers(candidates, positions))


def finalists(candidates: Sequence[Candidate]) -> tuple[int, int] | None:
    """The likeliest members of the top two behaviour clusters, when both have generated-test results."""
    ranked = clusters(candidates, parsed(candidates))
    if len(ranked) < 2:
        return None
    first, second = (best(candidates, c.members) for c in ranked[:2])
    if _checks(candidates[first]) is None or _checks(candidates[second]) is None:
        return None
    return first, second


def duel(candidates: Sequence[Candidate], first: int, second: int) -> int:
    """``second`` if it agrees with more expected values on the tests that tell the two apart, else ``first``."""
    a, b = _checks(candidates[first]), _checks(candidates[second])
    if a is None or b is None:
        return first
    split = [(x, y) for x, y in zip(a.passed, b.passed) if x != y]
    return second if sum(y for _, y in split) > sum(x for x, _ in split) else first


@dataclasses.dataclass(frozen=True)
class SStarPolicy:
    """S*-style: the behaviour vote's top two clusters settled by the generated tests that distinguish them."""

    name: str = "s-star"
    uses_hidden: bool = False
    early_stop: bool = False
    needs: frozenset[Evidence] = frozenset({Evidence.GENERATED_TESTS, Evidence.BEHAVIOUR})

    def select(self, candidates: Sequence[Candidate]) -> Pick:
        """The duel's winner between the top two clusters; with fewer, the behaviour vote's pick."""
        pair = finalists(candidates)
        if pair is None:
            return Pick.final(candidates, best(candidates, vote(candidates, parsed(candidates))))
        return Pick.final(candidates, duel(candidates, *pair))

    def extra_s(self, candidates: Sequence[Candidate]) -> float:
        """The vote's executions, the tests run on the two finalists, and generating the tests once.

        The vote's inputs and the tests come from the same generated asserts
        when the inputs are model-generated, so their model time counts once.
        """
        behaviours = [candidates[p].final.behaviour for p in voters(candidates, parsed(candidates))]
        runs = [b for b in behaviours if b is not None]
        checks = [c for c in (_checks(candidates[p]) for p in finalists(candidates) or ()) if c is not None]
        generation = max([b.generation_s for b in runs] + [c.generation_s for c in checks], default=0.0)
        return sum(b.wall_s for b in runs) + sum(c.wall_s for c in checks) + generation


# CodeT dual agreement on model-generated tests among every parsing candidate.
TESTS = frozenset({Evidence.GENERATED_TESTS})
CODET = register(ConsensusPolicy("codet", parsed, agree, agreement_cost, TESTS))
# The candidates with the best public score, then CodeT dual agreement among them.
PUBLIC_THEN_CODET = register(ConsensusPolicy("public-then-codet", top_public, agree, agreement_cost, TESTS))
S_STAR = register(SStarPolicy())
