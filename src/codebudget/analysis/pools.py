"""The minimal view of per-task candidate pools that policy evaluation needs.

A pool holds, for one task, candidates sampled independently at one
temperature (exchangeable: their order carries no information). Each
candidate records how many public tests it passed, whether it passes the
hidden tests, what it cost, and the chain of repairs made from it:
``repairs[0]`` is the result of repairing the candidate once with its
public-test feedback, ``repairs[1]`` of repairing ``repairs[0]``, and so on.
A chain may stop early once a repair passes the public tests.

Any record with these read-only attributes satisfies the protocols (frozen
dataclasses do); :class:`PoolCandidate` and :class:`TaskPool` are plain
implementations for tests and adapters. Only a sample's own ``repairs`` are
walked; a repair's ``repairs`` should be empty.

Mapping a replay pool onto this view (one ``CandidateView`` per chain, built
from its round-0 version, with ``repairs`` = the chain's later versions):
``public_passed``/``public_total`` from the public suite's counts, with
``public_passed < public_total`` whenever the suite did not pass (no code,
syntax error, timeout, ...); ``hidden_passed`` from the hidden suite;
``exec_s`` = the public suite's wall time; ``gen_s`` = the repair call's wall
time for repairs, and for a sample the estimated time of generating it alone
(the cost model adds samples up; see :mod:`codebudget.analysis.episode`).
"""

from __future__ import annotations

import dataclasses
from typing import Protocol, Sequence


class CandidateView(Protocol):
    """One candidate program (a sample or a repair) as policy evaluation sees it."""

    @property
    def public_passed(self) -> int:
        """Public tests passed."""
        ...

    @property
    def public_total(self) -> int:
        """Public tests run (0: no public tests, which counts as passing)."""
        ...

    @property
    def hidden_passed(self) -> bool:
        """Whether it passes every hidden (grading) test."""
        ...

    @property
    def gen_s(self) -> float:
        """Seconds spent generating it."""
        ...

    @property
    def exec_s(self) -> float:
        """Seconds spent running its public tests (syntax check included)."""
        ...

    @property
    def tokens(self) -> float:
        """Tokens generated (prompt tokens too, if the cost model counts them)."""
        ...

    @property
    def repairs(self) -> Sequence[CandidateView]:
        """The repair chain started from this candidate."""
        ...


class TaskPoolView(Protocol):
    """All recorded candidates of one task."""

    @property
    def task_id(self) -> str:
        """The task."""
        ...

    @property
    def candidates(self) -> Sequence[CandidateView]:
        """Independent samples, in any order."""
        ...


def passes_public(candidate: CandidateView) -> bool:
    """Whether the candidate passes every public test."""
    return candidate.public_passed >= candidate.public_total


def public_fraction(candidate: CandidateView) -> float:
    """Fraction of public tests passed (1.0 when there are none)."""
    total = candidate.public_total
    return candidate.public_passed / total if total else 1.0


def cost_s(candidate: CandidateView) -> float:
    """Seconds the candidate cost: generation plus public-test execution."""
    return candidate.gen_s + candidate.exec_s


@dataclasses.dataclass(frozen=True)
class PoolCandidate:
    """A plain :class:`CandidateView`."""

    public_passed: int
    public_total: int
    hidden_passed: bool
    gen_s: float = 0.0
    exec_s: float = 0.0
    tokens: int = 0
    repairs: tuple[PoolCandidate, ...] = ()


@dataclasses.dataclass(frozen=True)
class TaskPool:
    """A plain :class:`TaskPoolView`."""

    task_id: str
    candidates: tuple[PoolCandidate, ...]
