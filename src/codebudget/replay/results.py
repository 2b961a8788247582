"""Frozen records of replay results: per policy, per (configuration, task), per configuration."""

from __future__ import annotations

import dataclasses
from typing import Sequence

from codebudget.candidates import RunResult
from codebudget.selection import ORACLE, PUBLIC_TESTS


@dataclasses.dataclass(frozen=True)
class ReplayConfig:
    """A pipeline configuration to derive from a pool: ``n`` candidates, at most ``k`` repairs."""

    n: int
    k: int

    def __post_init__(self) -> None:
        if self.n < 1 or self.k < 0:
            raise ValueError(f"need n >= 1 and k >= 0, got {self}")


@dataclasses.dataclass(frozen=True)
class PolicyFigures:
    """Expected outcome and cost under one policy (per task, or averaged over tasks).

    ``pass_rate`` is the probability that the chosen version passes the hidden
    tests (averaged over tasks it is the pass@1 estimate); ``wall_s`` is the
    pipeline's time (the prompt stages' preparation ``prepare_s`` + sampling + public tests + repairs), ``grade_s`` the hidden
    tests on the choice and ``extra_s`` the policy's own work for its choice
    (running candidates on shared or generated inputs), both kept apart.
    Counts are expectations, hence floats.
    """

    policy: str
    pass_rate: float
    public_pass_rate: float
    wall_s: float
    sample_s: float
    test_s: float
    repair_s: float
    grade_s: float
    tokens: float
    model_calls: float
    extra_s: float = 0.0
    prepare_s: float = 0.0

    @classmethod
    def of_runs(cls, policy: str, runs: Sequence[RunResult]) -> PolicyFigures:
        """The mean over equally likely runs."""
        values = {name: _mean(float(getattr(r, name)) for r in runs) for name in _RUN_FIELDS}
        return cls(
            policy=policy,
            pass_rate=_mean(float(r.hidden_passed) for r in runs),
            public_pass_rate=_mean(float(r.public_passed) for r in runs),
            **values,
        )

    @classmethod
    def of_figures(cls, policy: str, figures: Sequence[PolicyFigures]) -> PolicyFigures:
        """The mean over tasks."""
        names = [f.name for f in dataclasses.fields(cls) if f.name != "policy"]
        return cls(policy, **{name: _mean(getattr(f, name) for f in figures) for name in names})


_RUN_FIELDS = ("wall_s", "sample_s", "test_s", "repair_s", "grade_s", "tokens", "model_calls", "extra_s",
               "prepare_s")


def _mean(values: object) -> float:
    items = list(values)  # type: ignore[call-overload]
    return sum(items) / len(items) if items else 0.0


class _ByPolicy:
    """Look-ups shared by the result records."""

    figures: tuple[PolicyFigures, ...]

    def figure(self, policy: str) -> PolicyFigures:
        """The figures of ``policy``."""
        for found in self.figures:
            if found.policy == policy:
                return found
        raise KeyError(f"no figures for policy {policy!r}; have {[f.policy for f in self.figures]}")

    @property
    def honest(self) -> PolicyFigures:
        """The ``public-tests`` policy's figures."""
        return self.figure(PUBLIC_TESTS.name)

    @property
    def oracle(self) -> PolicyFigures:
        """The ``oracle`` policy's figures."""
        return self.figure(ORACLE.name)


@dataclasses.dataclass(frozen=True)
class TaskReplay(_ByPolicy):
    """A configuration's expected figures on one task, over ``draws`` draws of candidates."""

    config: ReplayConfig
    benchmark: str
    task_id: str
    figures: tuple[PolicyFigures, ...]
    draws: int
    exact: bool  # every draw was enumerated (else a seeded random sample)


@dataclasses.dataclass(frozen=True)
class ConfigReplay(_ByPolicy):
    """A configuration's figures averaged over tasks, with the per-task records."""

    config: ReplayConfig
    figures: tuple[PolicyFigures, ...]
    tasks: tuple[TaskReplay, ...]

    @property
    def exact(self) -> bool:
        """Whether every task's figures come from full enumeration."""
        return all(t.exact for t in self.tasks)
