"""Choosing one version among a task's candidates: what a selection policy sees and must provide.

A :class:`Candidate` is one sample with the versions a run produced for it
(its repairs), in the run's view: public results hidden where the run did not
test, hidden results hidden from honest policies. A :class:`SelectionPolicy`
turns the candidates into a :class:`Pick` and declares what it needs to do so:
whether it sees hidden results (only the oracle), whether the run may stop at
the first public pass, which :class:`Evidence` must be gathered first, and what
that evidence costs per choice.

The two picks every part of codebudget shares are here, written once:
:func:`honest_position` (the public-test pick of the pipeline, replay and the
spending schedules) and :func:`oracle_pick`.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar, Protocol, Sequence

from codebudget.candidates.records import Version


@dataclasses.dataclass(frozen=True)
class Evidence:
    """A kind of evidence a selection policy may read beyond the pipeline's own results, by name.

    Two are built in: :attr:`BEHAVIOUR` (outputs on shared inputs, in
    ``Version.behaviour``) and :attr:`GENERATED_TESTS` (results on
    model-generated tests, in ``Version.checks``). Any other kind is declared
    with its collector in :data:`codebudget.evidence.KINDS` and arrives in
    ``Version.evidence``.
    """

    name: str

    BEHAVIOUR: ClassVar[Evidence]
    GENERATED_TESTS: ClassVar[Evidence]


Evidence.BEHAVIOUR = Evidence("behaviour")
Evidence.GENERATED_TESTS = Evidence("generated-tests")


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
    """What every selection policy provides (see :mod:`codebudget.selection`)."""

    @property
    def name(self) -> str: ...

    @property
    def uses_hidden(self) -> bool:
        """Whether it may see hidden-test results (only the oracle)."""
        ...

    @property
    def early_stop(self) -> bool:
        """Whether the run stops all work at the first version passing the public tests."""
        ...

    @property
    def needs(self) -> frozenset[Evidence]:
        """The evidence that must be attached to the versions before it chooses."""
        ...

    def select(self, candidates: Sequence[Candidate]) -> Pick:
        """Choose one version among ``candidates`` (in sample order, never empty)."""
        ...

    def extra_s(self, candidates: Sequence[Candidate]) -> float:
        """Seconds of the work its choice needs beyond the pipeline's (0 for most)."""
        ...


def honest_position(passes: Sequence[bool], passed: Sequence[int]) -> int | None:
    """The honest pick: the first position passing the public tests, else the most public tests passed.

    ``passes[i]`` says whether position ``i`` passes every public test and
    ``passed[i]`` how many it passed (−1 when it was not tested); ties go to
    the first position. None when there are no positions.
    """
    for position, ok in enumerate(passes):
        if ok:
            return position
    return passed.index(max(passed)) if passed else None


def public_tests_passed(version: Version) -> int:
    """Public tests ``version`` passed; −1 when it was not tested (ranks below any tested one)."""
    return -1 if version.public is None else version.public.tests_passed


def honest_pick(candidates: Sequence[Candidate]) -> Pick:
    """:func:`honest_position` over the candidates' final versions."""
    finals = [c.final for c in candidates]
    position = honest_position([v.public_passed for v in finals], [public_tests_passed(v) for v in finals])
    return Pick.final(candidates, position or 0)


def oracle_pick(candidates: Sequence[Candidate]) -> Pick:
    """The first version passing the hidden tests, in sample then round order; else candidate 0's last."""
    for position, candidate in enumerate(candidates):
        for version in candidate.versions:
            if version.hidden_passed:
                return Pick(position, version.round)
    return Pick.final(candidates, 0)
