"""A replay :class:`~codebudget.replay.Pool` seen as the analysis package's candidate pools.

One :class:`~codebudget.analysis.PoolCandidate` per chain, built from its
round-0 version, with ``repairs`` = the chain's later versions (see
:mod:`codebudget.analysis.pools`):

* ``public_passed``/``public_total`` come from the public suite's counts, with
  ``public_passed < public_total`` whenever the suite did not pass (no code,
  a syntax error, a timeout: the version is never mistaken for a pass);
* ``hidden_passed`` from the hidden suite;
* ``exec_s`` is the public suite's wall time (0 for code that does not parse);
* ``gen_s`` is, for a repair, its measured call time and, for a sample, the
  estimated time of a call generating that sample *alone* (the pool's fitted
  batched-call model, :class:`~codebudget.replay.SamplingTime`). Policy
  evaluation adds samples up, so it models one-by-one sampling;
* ``tokens`` are the version's generated tokens.
"""

from __future__ import annotations

from codebudget.analysis import PoolCandidate
from codebudget.analysis import TaskPool as CandidatePool
from codebudget.replay import CallCost, Pool, SamplingTime, TaskPool, Version, fit_call_cost, observations
from codebudget.replay.pool import SuiteResult
from codebudget.reports.runs import task_key


def public_counts(suite: SuiteResult) -> tuple[int, int]:
    """(passed, total) public tests, with passed < total whenever the suite failed."""
    if suite.passed:
        return suite.tests_total, suite.tests_total
    total = max(suite.tests_total, 1)
    return min(suite.tests_passed, total - 1), total


def candidate(version: Version, gen_s: float, repairs: tuple[PoolCandidate, ...] = ()) -> PoolCandidate:
    """One version as a policy-evaluation candidate."""
    assert version.public is not None and version.hidden is not None  # a pool's versions are all tested
    passed, total = public_counts(version.public)
    exec_s = version.public.wall_s if version.syntax_ok else 0.0
    return PoolCandidate(passed, total, version.hidden.passed, gen_s, exec_s, version.n_tokens, repairs)


def adapt_task(task: TaskPool, sampling: SamplingTime) -> CandidatePool:
    """One task's chains as candidates with their repair chains."""
    candidates = []
    for chain in task.chains:
        repairs = tuple(candidate(v, v.gen_wall_s) for v in chain.versions[1:])
        candidates.append(candidate(chain.versions[0], sampling((chain.sample_index,)), repairs))
    return CandidatePool(task_key(task.benchmark, task.task_id), tuple(candidates))


def adapt_pool(pool: Pool, cost: CallCost | None = None) -> tuple[CandidatePool, ...]:
    """Every task of ``pool`` (``cost``: the sampling-time model, fitted to the pool by default)."""
    cost = cost or fit_call_cost(observations(pool))
    return tuple(adapt_task(task, SamplingTime.for_task(task, cost)) for task in pool.tasks)
