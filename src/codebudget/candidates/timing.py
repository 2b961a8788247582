"""Estimating the wall time of a batched sampling call for N of a pool's M samples.

The pool measured one call of M samples per task; a run with N samples makes
a call of N. A batched decode evaluates the prompt once for all sequences,
then decodes one token per unfinished sequence per step, so a call costs about

    overhead + a * prompt_tokens + b * max(tokens) + c * sum(tokens)

(``b`` per decode step, ``c`` per generated token). :func:`fit_call_cost`
fits ``(overhead, a, b, c)`` by non-negative least squares over the pool's
calls (batched and single-sample repair calls); :class:`SamplingTime` scales
the model per task so that it reproduces the measured call exactly. The result
is an estimate; :data:`TOKEN_SHARE` (only ``c``) is the plain token share.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

import numpy as np

from codebudget.candidates.records import CandidatePool, Pool, Version
from codebudget.candidates.work import RepairCalls


@dataclasses.dataclass(frozen=True)
class CallObservation:
    """One measured backend call: wall time, prompt length, tokens of each sample."""

    wall_s: float
    prompt_tokens: int
    sample_tokens: tuple[int, ...]


@dataclasses.dataclass(frozen=True)
class CallCost:
    """Linear cost model of one batched call (see the module docstring)."""

    overhead_s: float = 0.0
    prompt_token_s: float = 0.0
    step_s: float = 0.0
    token_s: float = 1.0

    def predict(self, prompt_tokens: int, sample_tokens: Sequence[int]) -> float:
        """Modelled wall time of one call producing samples of these lengths."""
        coefficients = (self.overhead_s, self.prompt_token_s, self.step_s, self.token_s)
        return float(np.dot(coefficients, _features(prompt_tokens, sample_tokens)))


TOKEN_SHARE = CallCost()


def _features(prompt_tokens: int, sample_tokens: Sequence[int]) -> list[float]:
    return [1.0, float(prompt_tokens), float(max(sample_tokens, default=0)), float(sum(sample_tokens))]


def fit_call_cost(observations: Sequence[CallObservation]) -> CallCost:
    """Non-negative least-squares fit over ``observations``; the token share if nothing fits."""
    if not observations:
        return TOKEN_SHARE
    x = np.array([_features(o.prompt_tokens, o.sample_tokens) for o in observations])
    y = np.array([o.wall_s for o in observations])
    norms = np.linalg.norm(x, axis=0)
    active = [i for i in range(x.shape[1]) if norms[i] > 0]
    while active:
        solution = np.linalg.lstsq(x[:, active] / norms[active], y, rcond=None)[0] / norms[active]
        if (solution >= 0).all():
            break
        del active[int(np.argmin(solution))]
    coefficients = np.zeros(x.shape[1])
    if active:
        coefficients[active] = solution
    if coefficients[2:].sum() <= 0:  # nothing left that depends on the samples
        return TOKEN_SHARE
    return CallCost(*(float(c) for c in coefficients))


def observations(pool: Pool) -> list[CallObservation]:
    """Every measured call of the pool: the batched samplings and the repair calls."""
    found: list[CallObservation] = []
    for task in pool.tasks:
        tokens = [c.versions[0].n_tokens for c in task.chains]
        found += [CallObservation(c.wall_s, c.prompt_tokens, tuple(tokens[i] for i in c.sample_indices)) for c in task.calls]
        found += [CallObservation(v.gen_wall_s, v.prompt_tokens, (v.n_tokens,)) for v in repair_calls(task)]
    return found


def repair_calls(task: CandidatePool) -> list[Version]:
    """The task's repairs that are calls of their own: a greedy repair asked again is one call."""
    calls = RepairCalls()
    return [v for chain in task.chains for v in chain.versions[1:] if calls.is_call(v)]


@dataclasses.dataclass(frozen=True)
class SamplingTime:
    """Estimated sampling time of one task for any subset of its samples."""

    cost: CallCost
    prompt_tokens: int
    sample_tokens: tuple[int, ...]  # by sample index
    measured_s: float  # the pool's batched call(s), in total
    modelled_s: float  # the model's time for those same calls

    @classmethod
    def for_task(cls, task: CandidatePool, cost: CallCost) -> SamplingTime:
        """Calibrate ``cost`` on the task's measured call(s)."""
        tokens = tuple(c.versions[0].n_tokens for c in task.chains)
        modelled = sum(cost.predict(c.prompt_tokens, [tokens[i] for i in c.sample_indices]) for c in task.calls)
        measured = sum(c.wall_s for c in task.calls)
        return cls(cost, max(c.prompt_tokens for c in task.calls), tokens, measured, modelled)

    def __call__(self, indices: Sequence[int]) -> float:
        """Estimated wall time of one call producing the samples ``indices``."""
        if self.modelled_s <= 0:  # no usable model: an equal share per sample
            return self.measured_s * len(indices) / len(self.sample_tokens)
        predicted = self.cost.predict(self.prompt_tokens, [self.sample_tokens[i] for i in indices])
        return self.measured_s * predicted / self.modelled_s
