"""The pool with each version's cost: what the spending schedules (:mod:`codebudget.analysis.schedules`) read.

One :class:`CostedCandidate` per chain, built from its round-0 version, with
``repairs`` = the chain's later versions:

* ``public_passed``/``public_total`` come from the public suite's counts, with
  ``public_passed < public_total`` whenever the suite did not pass (no code,
  a syntax error, a timeout: the version is never mistaken for a pass);
* ``hidden_passed`` from the hidden suite;
* ``exec_s`` is the version's test cost (:func:`~codebudget.candidates.work.public_cost`: its gates' seconds and
  the public suite's wall time; 0 for code that does not parse);
* ``gen_s`` is, for a repair, its measured call time and, for a sample, the
  estimated time of a call generating that sample *alone* (the pool's fitted
  batched-call model, :class:`~codebudget.candidates.timing.SamplingTime`).
  The schedules add samples up, so they model one-by-one sampling;
* ``tokens`` are the version's generated tokens.

The records satisfy :class:`codebudget.analysis.pools.CandidateView`; tests
build them directly.
"""

from __future__ import annotations

import dataclasses

from codebudget.candidates.records import NOTHING_PREPARED, CandidatePool, Pool, PreparedCost, SuiteResult, Version
from codebudget.candidates.timing import CallCost, SamplingTime, fit_call_cost, observations
from codebudget.candidates.work import public_cost


@dataclasses.dataclass(frozen=True)
class CostedCandidate:
    """One sample (or repair) with its test results and costs, and the repairs made from it."""

    public_passed: int
    public_total: int
    hidden_passed: bool
    gen_s: float = 0.0
    exec_s: float = 0.0
    tokens: int = 0
    repairs: tuple[CostedCandidate, ...] = ()


@dataclasses.dataclass(frozen=True)
class CostedPool:
    """All costed candidates of one task (``task_id`` is benchmark-qualified: ``benchmark:task``)."""

    task_id: str
    candidates: tuple[CostedCandidate, ...]
    prepared: PreparedCost = NOTHING_PREPARED  # the prompt stages' work before any sample, paid once


def task_key(benchmark: str, task_id: str) -> str:
    """A task's id across runs: benchmark-qualified, so runs of different benchmarks never align by accident."""
    return f"{benchmark}:{task_id}"


def public_counts(suite: SuiteResult) -> tuple[int, int]:
    """(passed, total) public tests, with passed < total whenever the suite failed."""
    if suite.passed:
        return suite.tests_total, suite.tests_total
    total = max(suite.tests_total, 1)
    return min(suite.tests_passed, total - 1), total


def costed(version: Version, gen_s: float, repairs: tuple[CostedCandidate, ...] = ()) -> CostedCandidate:
    """One version with its cost."""
    assert version.public is not None and version.hidden is not None  # a pool's versions are all tested
    passed, total = public_counts(version.public)
    return CostedCandidate(passed, total, version.hidden.passed, gen_s, public_cost(version), version.n_tokens, repairs)


def costed_task(task: CandidatePool, sampling: SamplingTime) -> CostedPool:
    """One task's chains as costed candidates with their repair chains."""
    candidates = []
    for chain in task.chains:
        repairs = tuple(costed(v, v.gen_wall_s) for v in chain.versions[1:])
        candidates.append(costed(chain.versions[0], sampling((chain.sample_index,)), repairs))
    return CostedPool(task_key(task.benchmark, task.task_id), tuple(candidates), task.prepared)


def costed_pool(pool: Pool, cost: CallCost | None = None) -> tuple[CostedPool, ...]:
    """Every task of ``pool`` (``cost``: the sampling-time model, fitted to the pool by default)."""
    cost = cost or fit_call_cost(observations(pool))
    return tuple(costed_task(task, SamplingTime.for_task(task, cost)) for task in pool.tasks)
