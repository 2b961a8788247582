"""A selection policy that needs a new kind of evidence, added in this file alone (issue 17).

The policy declares the evidence by name, a collector for it is registered,
and ``evaluate`` gathers it, caches it in the real store (no migration, no new
field, no flag) and hands it to the policy. Nothing outside this file changes.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

import pytest
from pool_records import FAST, POOL, PROBLEMS, record

from codebudget.candidates import Candidate, Evidence, Pick, Version
from codebudget.evidence import KINDS, Settings, evaluate, given, register_kind
from codebudget.evidence.kinds import UnknownEvidence
from codebudget.records import Problem
from codebudget.selection import POLICIES, register
from codebudget.store import Store

MENTIONS = Evidence("mentions-two")


@dataclasses.dataclass
class MentionsTwo:
    """The collector: whether the code has the digit 2 in it (counts its calls)."""

    name: str = MENTIONS.name
    calls: int = 0

    def gather(self, problem: Problem, version: Version) -> bool:
        self.calls += 1
        return "2" in version.code


@dataclasses.dataclass(frozen=True)
class PreferTwo:
    """The policy: the first parsing final version whose code mentions 2, else candidate 0."""

    name: str = "prefer-two"
    uses_hidden: bool = False
    early_stop: bool = False
    needs: frozenset[Evidence] = frozenset({MENTIONS})

    def select(self, candidates: Sequence[Candidate]) -> Pick:
        for position, candidate in enumerate(candidates):
            found = candidate.final.gathered(MENTIONS.name)
            if candidate.final.syntax_ok and found is not None and found.value:
                return Pick.final(candidates, position)
        return Pick.final(candidates, 0)

    def extra_s(self, candidates: Sequence[Candidate]) -> float:
        return sum(found.seconds for c in candidates if (found := c.final.gathered(MENTIONS.name)) is not None)


@pytest.fixture()
def plugin():
    collector = register_kind(MentionsTwo())
    policy = register(PreferTwo())
    yield collector
    KINDS.pop(collector.name)
    POLICIES.pop(policy.name)


def test_a_policy_with_new_evidence_is_evaluated_and_its_evidence_cached(tmp_path, sandbox, plugin):
    settings = Settings(limits=FAST, n_resamples=200)
    with Store.open(tmp_path / "pool.db") as store:
        record(store, sandbox)
        results = evaluate(store, POOL, PROBLEMS, [2], ["prefer-two"], settings=settings, sandbox=given(sandbox))
        (mine,) = [r for r in results if r.policy == "prefer-two"]
        # T/A pairs: (0,1) -> c0 (fails), (0,2) c2, (0,3) c3, (1,2) c2, (1,3) c3, (2,3) c2 (correct);
        # T/B: no candidate mentions 2 -> c0 as "first" would: only (2,3) picks a correct one.
        assert mine.per_task == (pytest.approx(5 / 6), pytest.approx(1 / 6))
        assert mine.extra_s > 0
        stored = list(store.iter_evidence(POOL, MENTIONS.name))
        assert len(stored) == 7 and plugin.calls == 7  # every parsing version once (T/B's c3 does not parse)
        assert {row.value for row in stored} == {"true", "false"}
        again = evaluate(store, POOL, PROBLEMS, [2], ["prefer-two"], settings=settings, sandbox=given(sandbox))
        assert plugin.calls == 7  # read from the store
        assert [r.per_task for r in again if r.policy == "prefer-two"] == [mine.per_task]


def test_a_read_only_store_gets_the_evidence_used_but_not_kept(tmp_path, sandbox, plugin):
    path = tmp_path / "pool.db"
    with Store.open(path) as store:
        record(store, sandbox)
    with Store.open_read_only(path) as store:
        results = evaluate(store, POOL, PROBLEMS, [2], ["prefer-two"], settings=Settings(limits=FAST, n_resamples=200),
                           sandbox=given(sandbox))
        (mine,) = [r for r in results if r.policy == "prefer-two"]
        assert mine.per_task == (pytest.approx(5 / 6), pytest.approx(1 / 6)) and plugin.calls == 7
    with Store.open(path) as store:
        assert list(store.iter_evidence(POOL, MENTIONS.name)) == []


def test_without_the_collector_the_evidence_is_a_one_line_error(tmp_path, sandbox):
    policy = register(PreferTwo())
    try:
        with Store.open(tmp_path / "pool.db") as store:
            record(store, sandbox)
            with pytest.raises(UnknownEvidence, match="unknown evidence kind 'mentions-two'"):
                evaluate(store, POOL, PROBLEMS, [2], ["prefer-two"], settings=Settings(limits=FAST),
                         sandbox=given(sandbox))
    finally:
        POLICIES.pop(policy.name)
