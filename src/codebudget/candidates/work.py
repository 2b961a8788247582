"""One pipeline run on chosen candidates of a pool, exactly as ``replay/semantics.md`` orders the work.

:func:`work` lists the versions a run produces and tests, in order;
:func:`trace` sums what that work cost; :func:`outcome` lets a policy select
and grades its choice. :func:`run` does all three for one ordered list of chains.
"""

from __future__ import annotations

import dataclasses
from typing import Iterator, Sequence

from codebudget.candidates.choice import Candidate, Pick, SelectionPolicy
from codebudget.candidates.records import NOTHING_PREPARED, Chain, PreparedCost, Version


class RepairCalls:
    """Which repairs of one run are model calls: every repair but a greedy one whose prompt the run
    already sent (see :attr:`Version.repair_prompt`)."""

    def __init__(self) -> None:
        self._asked: set[str] = set()

    def is_call(self, version: Version) -> bool:
        """Whether repair ``version``, met next in the run's order, needs a call; records its prompt."""
        if version.repair_prompt in self._asked:
            return False
        if version.repair_prompt:
            self._asked.add(version.repair_prompt)
        return True


@dataclasses.dataclass(frozen=True)
class Trace:
    """The work of one run: versions produced per candidate and what they cost."""

    produced: tuple[int, ...]  # versions produced per position (round 0 always exists)
    tested: tuple[bool, ...]  # whether each position's versions were public-tested
    test_s: float
    repair_s: float
    repair_calls: int
    tokens: int  # generated tokens: every initial sample plus every repair


@dataclasses.dataclass(frozen=True)
class RunResult:
    """One simulated run: the pick, how it fared and what the run cost."""

    sample_indices: tuple[int, ...]
    pick: Pick
    public_passed: bool
    hidden_passed: bool
    sample_s: float
    test_s: float
    repair_s: float
    grade_s: float  # hidden tests on the pick; not part of wall_s
    tokens: int
    model_calls: int
    extra_s: float = 0.0  # the policy's own work for its choice (SelectionPolicy.extra_s); not part of wall_s
    prepare_s: float = 0.0  # the prompt stages' work before sampling (a retrieval, a plan call)

    @property
    def wall_s(self) -> float:
        """The pipeline's time: preparing the prompt, sampling, public tests and repairs."""
        return self.prepare_s + self.sample_s + self.test_s + self.repair_s


def work(chains: Sequence[Chain], k: int, early_stop: bool) -> Iterator[tuple[int, Version]]:
    """``(position, version)`` for each version the run tests, in the pipeline's order."""
    for position, chain in enumerate(chains):
        yield position, chain.versions[0]
        if early_stop and chain.versions[0].public_passed:
            return
    for position, chain in enumerate(chains):
        for version in chain.upto(k)[1:]:  # a chain only continues while its public tests fail
            yield position, version
            if early_stop and version.public_passed:
                return


def public_cost(version: Version) -> float:
    """Testing a version: its gates' seconds, then the public tests' wall time.

    Code that does not parse, or that a gate rejects, fails without running (the
    syntax filter's own time is not measured: it is a parse).
    """
    gates = sum(g.seconds for g in version.gates)
    return gates + (version.public.wall_s if version.runnable and version.public is not None else 0.0)


def trace(chains: Sequence[Chain], k: int, early_stop: bool) -> Trace:
    """Add up the work of a run with at most ``k`` repairs per candidate."""
    produced = [1] * len(chains)
    tested = [False] * len(chains)
    test_s = repair_s = 0.0
    repairs = repair_tokens = 0
    calls = RepairCalls()
    for position, version in work(chains, k, early_stop):
        produced[position] = version.round + 1
        tested[position] = True
        test_s += public_cost(version)
        if version.round and calls.is_call(version):
            repair_s += version.gen_wall_s
            repairs += 1
            repair_tokens += version.n_tokens
    initial_tokens = sum(c.versions[0].n_tokens for c in chains)
    return Trace(tuple(produced), tuple(tested), test_s, repair_s, repairs, initial_tokens + repair_tokens)


class Views:
    """Candidates as a policy sees them, built once per (chain, work done, visibility)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, int, bool, bool], Candidate] = {}

    def candidate(self, chain: Chain, produced: int, tested: bool, uses_hidden: bool) -> Candidate:
        """Chain's first ``produced`` versions, hiding untested public and (maybe) hidden results."""
        key = (chain.sample_index, produced, tested, uses_hidden)
        if key not in self._cache:
            versions = tuple(_visible(v, tested, uses_hidden) for v in chain.versions[:produced])
            self._cache[key] = Candidate(chain.sample_index, versions)
        return self._cache[key]


def _visible(version: Version, tested: bool, uses_hidden: bool) -> Version:
    return dataclasses.replace(
        version,
        public=version.public if tested else None,
        hidden=version.hidden if uses_hidden else None,
    )


def outcome(
    chains: Sequence[Chain],
    done: Trace,
    policy: SelectionPolicy,
    sample_s: float,
    views: Views | None = None,
    prepared: PreparedCost = NOTHING_PREPARED,
) -> RunResult:
    """Let ``policy`` choose after the work ``done`` and grade the chosen version.

    ``prepared`` is what the task's prompt stages cost before sampling: part of the run's
    time, tokens and model calls whatever N and K are.
    """
    views = views or Views()
    candidates = [
        views.candidate(chain, produced, tested, policy.uses_hidden)
        for chain, produced, tested in zip(chains, done.produced, done.tested)
    ]
    pick = policy.select(candidates)
    if not 0 <= pick.round < done.produced[pick.position]:
        raise ValueError(f"policy {policy.name!r} picked {pick}, a version the run did not produce")
    chosen = chains[pick.position].versions[pick.round]
    return RunResult(
        sample_indices=tuple(c.sample_index for c in chains),
        pick=pick,
        public_passed=done.tested[pick.position] and chosen.public_passed,
        hidden_passed=chosen.hidden_passed,
        sample_s=sample_s,
        test_s=done.test_s,
        repair_s=done.repair_s,
        grade_s=chosen.hidden.wall_s if chosen.hidden is not None else 0.0,
        tokens=prepared.tokens + done.tokens,
        model_calls=prepared.calls + 1 + done.repair_calls,
        extra_s=policy.extra_s(candidates),
        prepare_s=prepared.wall_s,
    )


def run(chains: Sequence[Chain], k: int, policy: SelectionPolicy, sample_s: float = 0.0,
        prepared: PreparedCost = NOTHING_PREPARED) -> RunResult:
    """One full run over ``chains`` (in this order) with at most ``k`` repairs each."""
    return outcome(chains, trace(chains, k, policy.early_stop), policy, sample_s, prepared=prepared)
