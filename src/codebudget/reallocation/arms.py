"""Arms of a reallocation study: one model, N samples, one selection policy, per-task outcomes.

An arm is derived from a candidate pool by replay (no model calls): its
per-task expected success, wall time (estimated sampling time for N of the
pool's M samples plus the measured public-test time) and estimated compute.

Compute follows the usual estimate for a decoder: about ``2 × parameters``
floating-point operations per token processed, prompt tokens included. A
batched call evaluates the shared prompt once, so an arm of N samples costs
``2 · P · (prompt_tokens + Σ generated tokens)``.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

import numpy as np

from codebudget.analysis import SelectionMode
from codebudget.candidates import Pool, fit_call_cost, observations
from codebudget.replay import ReplayConfig, ReplayOptions, replay
from codebudget.selection import get_policy

#: Average over every ordering of every draw: samples are exchangeable, and order-sensitive
#: policies (``first``, the first public pass) then have the lowest-variance estimate.
SYMMETRIC = ReplayOptions(symmetric=True)

GFLOP = 1e9


@dataclasses.dataclass(frozen=True)
class ModelPool:
    """A model's candidate pool and what compute estimates need to know of the model."""

    label: str
    params_b: float  # parameters, in billions
    pool: Pool


@dataclasses.dataclass(frozen=True, eq=False)
class Arm:
    """``model × n`` under ``policy``: per-task success, seconds and GFLOPs, aligned with ``task_ids``."""

    model: str
    n: int
    policy: str
    selection: SelectionMode
    task_ids: tuple[str, ...]
    success: np.ndarray
    wall_s: np.ndarray
    gflops: np.ndarray

    @property
    def name(self) -> str:
        """A readable label such as ``0.5b×3``."""
        return f"{self.model}×{self.n}"

    def cost(self, kind: str) -> float:
        """Mean cost per task: ``"wall_s"`` or ``"gflops"``."""
        return float(getattr(self, kind).mean())

    def pass_at_1(self) -> float:
        """Mean success over tasks."""
        return float(self.success.mean())

    def restrict(self, task_ids: Sequence[str]) -> Arm:
        """The arm on a subset of its tasks, in the order given."""
        position = {task: i for i, task in enumerate(self.task_ids)}
        index = np.asarray([position[t] for t in task_ids], dtype=np.intp)
        columns = {c: getattr(self, c)[index] for c in ("success", "wall_s", "gflops")}
        return dataclasses.replace(self, task_ids=tuple(task_ids), **columns)


def selection_of(policy: str) -> SelectionMode:
    """Oracle for policies that see hidden results, honest otherwise."""
    return SelectionMode.ORACLE if get_policy(policy).uses_hidden else SelectionMode.HONEST


def arms(model: ModelPool, ns: Sequence[int], policies: Sequence[str]) -> list[Arm]:
    """Every ``model × n`` arm under every policy (K = 0), replayed from the model's pool."""
    cost = fit_call_cost(observations(model.pool))
    prompts = {t.task_id: float(max(c.prompt_tokens for c in t.calls)) for t in model.pool.tasks}
    found = []
    for n in ns:
        replayed = replay(model.pool, ReplayConfig(n, 0), policies, cost=cost, options=SYMMETRIC)
        ids = tuple(t.task_id for t in replayed.tasks)
        prompt_tokens = np.array([prompts[t] for t in ids])
        for policy in policies:
            figures = [t.figure(policy) for t in replayed.tasks]
            tokens = prompt_tokens + np.array([f.tokens for f in figures])
            found.append(Arm(
                model=model.label, n=n, policy=policy, selection=selection_of(policy), task_ids=ids,
                success=np.array([f.pass_rate for f in figures]),
                wall_s=np.array([f.wall_s for f in figures]),
                gflops=2.0 * model.params_b * tokens,  # 2 · (params_b · 1e9) · tokens / 1e9
            ))
    return found
