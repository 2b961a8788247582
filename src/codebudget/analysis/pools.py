"""The minimal view of per-task candidate pools that the spending schedules need.

A pool holds, for one task, candidates sampled independently at one
temperature (exchangeable: their order carries no information). Each
candidate records how many public tests it passed, whether it passes the
hidden tests, what it cost, and the chain of repairs made from it:
``repairs[0]`` is the result of repairing the candidate once with its
public-test feedback, ``repairs[1]`` of repairing ``repairs[0]``, and so on.
A chain may stop early once a repair passes the public tests.

Any record with these read-only attributes satisfies the protocols (frozen
dataclasses do): :class:`codebudget.candidates.CostedCandidate` and
:class:`~codebudget.candidates.CostedPool` are the pool's own, built from a
stored pool by :func:`codebudget.candidates.costed_pool` (which says how each
field is read off a version). Only a sample's own ``repairs`` are walked; a
repair's ``repairs`` should be empty.
"""

from __future__ import annotations

from typing import Protocol, Sequence


class CandidateView(Protocol):
    """One candidate program (a sample or a repair) as a schedule sees it."""

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

    @property
    def prepared(self) -> PreparedWork:
        """What the task's prompt stages cost before any sample (paid once per task)."""
        ...


class PreparedWork(Protocol):
    """Work done once per task before sampling: its seconds, generated tokens and model calls."""

    @property
    def wall_s(self) -> float: ...

    @property
    def tokens(self) -> int: ...

    @property
    def calls(self) -> int: ...


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
