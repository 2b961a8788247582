"""The seed paper's two findings, checked against a study.

Seed 002 finds that (1) when unit tests pick the answer, several samples of a
smaller model beat one sample of a larger model at the same budget, and (2)
when candidates must be ranked without tests, they do not. Each finding is
judged from the reference rows (the most small samples within the cost of one
large sample) of the policies of its kind: the paired difference's interval
above zero, below zero, or across it.
"""

from __future__ import annotations

import dataclasses

from codebudget.reallocation.compare import Matchup, Study

#: Policies that choose with test verdicts (public tests, or hidden tests for the oracle).
WITH_TESTS = frozenset({"public-tests", "public-count", "oracle"})
#: Policies that rank candidates without any test verdict.
WITHOUT_TESTS = frozenset({"first", "logprob", "behaviour-vote"})


def verdict(row: Matchup) -> str:
    """``"small better"``, ``"large better"``, ``"no clear difference"`` or ``"not comparable"``."""
    if row.difference is None:
        return "not comparable"
    if row.difference.low > 0:
        return "small better"
    if row.difference.high < 0:
        return "large better"
    return "no clear difference"


@dataclasses.dataclass(frozen=True)
class Finding:
    """One finding of the paper: its claim, the verdicts that support or refute it, the rows."""

    claim: str
    supported_by: frozenset[str]
    refuted_by: frozenset[str]
    rows: tuple[Matchup, ...]

    @property
    def verdicts(self) -> tuple[str, ...]:
        """Each row's verdict."""
        return tuple(verdict(r) for r in self.rows)

    @property
    def status(self) -> str:
        """``holds`` when every row supports the claim, ``does not hold`` when any row
        refutes it, ``inconclusive`` otherwise, ``untested`` without rows."""
        if not self.rows:
            return "untested"
        if any(v in self.refuted_by for v in self.verdicts):
            return "does not hold"
        if all(v in self.supported_by for v in self.verdicts):
            return "holds"
        return "inconclusive"


def findings(found: Study) -> tuple[Finding, Finding]:
    """Both findings judged on ``found``'s reference rows."""
    with_tests = tuple(r for r in found.reference_rows if r.policy in WITH_TESTS)
    without = tuple(r for r in found.reference_rows if r.policy in WITHOUT_TESTS)
    return (
        Finding("with tests choosing, small × k beats large × 1 at equal cost",
                frozenset({"small better"}), frozenset({"large better"}), with_tests),
        Finding("ranking without tests, small × k does not beat large × 1 at equal cost",
                frozenset({"large better", "no clear difference"}), frozenset({"small better"}), without),
    )
