"""Selection policies: given one task's candidates, choose the version to submit.

A policy is a small object with a ``name``, two flags and ``select``:

- ``uses_hidden``: whether it may see hidden-test results (only the oracle);
  honest policies get versions whose ``hidden`` is None.
- ``early_stop``: whether the pipeline stops all work at the first version
  that passes the public tests (see ``semantics.md``); policies that compare
  candidates need every candidate tested and repaired, so they say False.

Register new policies with :func:`register`; look them up with :func:`get_policy`.
"""

from __future__ import annotations

import dataclasses
from typing import Protocol, Sequence

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


POLICIES: dict[str, SelectionPolicy] = {}


def register(policy: SelectionPolicy) -> SelectionPolicy:
    """Make ``policy`` available under its name; return it."""
    POLICIES[policy.name] = policy
    return policy


def get_policy(name: str) -> SelectionPolicy:
    """The registered policy called ``name``."""
    try:
        return POLICIES[name]
    except KeyError:
        raise KeyError(f"unknown selection policy {name!r}; known: {sorted(POLICIES)}") from None


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


FIRST = register(FirstPolicy())
PUBLIC_TESTS = register(PublicTestsPolicy())
ORACLE = register(OraclePolicy())
DEFAULT_POLICIES: tuple[str, ...] = (PUBLIC_TESTS.name, ORACLE.name)
