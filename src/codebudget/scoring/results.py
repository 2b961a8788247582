"""Records of scoring: one per sample, per task and per benchmark."""

from __future__ import annotations

import dataclasses
from enum import Enum

from codebudget.records import ExecStatus, Execution


class Verdict(str, Enum):
    """The outcome of one sample: the sandbox's status, or why it never ran."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    TIMEOUT = "timeout"
    MEMORY = "memory"
    OUTPUT_LIMIT = "output-limit"
    SANDBOX_ERROR = "sandbox-error"  # not the sample's fault: it is left out of n and c
    SYNTAX_ERROR = "syntax-error"  # the extracted program does not compile; never run
    NO_CODE = "no-code"  # no code for the entry point was found in the answer; never run

    @classmethod
    def of(cls, execution: Execution) -> Verdict:
        """The verdict of a sandbox execution."""
        return cls(ExecStatus(execution.status).value)


@dataclasses.dataclass(frozen=True)
class SampleResult:
    """The verdict on one generated sample."""

    task_id: str
    index: int  # position of the sample among the task's samples
    verdict: Verdict
    method: str  # the extraction rule that produced the program
    execution: Execution | None = None  # None when the program never ran
    syntax_error: str | None = None

    @property
    def passed(self) -> bool:
        """True when the sample passed every hidden test."""
        return self.verdict is Verdict.PASSED

    @property
    def scored(self) -> bool:
        """False for a sandbox failure, which says nothing about the sample."""
        return self.verdict is not Verdict.SANDBOX_ERROR


@dataclasses.dataclass(frozen=True)
class TaskScore:
    """Samples, correct samples and pass@k of one task."""

    task_id: str
    benchmark: str
    n: int  # scored samples
    c: int  # correct samples
    pass_at: tuple[tuple[int, float], ...]  # (k, pass@k) for each k <= n
    verdicts: tuple[tuple[str, int], ...]  # verdict name -> count, sandbox errors included

    def at(self, k: int) -> float | None:
        """pass@k, None when the task has fewer than ``k`` scored samples."""
        return dict(self.pass_at).get(k)


@dataclasses.dataclass(frozen=True)
class BenchmarkScore:
    """Totals of one benchmark over the tasks that have scored samples."""

    benchmark: str
    version: str
    n_tasks: int
    n_samples: int
    n_passed: int
    pass_at: tuple[tuple[int, float], ...]  # mean over tasks, for each k every task reaches
    verdicts: tuple[tuple[str, int], ...]
    tasks: tuple[TaskScore, ...]
    unscored: tuple[str, ...] = ()  # tasks with no scored sample (none given, or only sandbox errors)

    def at(self, k: int) -> float | None:
        """Mean pass@k, None when some task has fewer than ``k`` scored samples."""
        return dict(self.pass_at).get(k)


@dataclasses.dataclass(frozen=True)
class Scores:
    """Everything :func:`codebudget.scoring.score_samples` found: per benchmark, per sample."""

    benchmarks: tuple[BenchmarkScore, ...]
    samples: tuple[SampleResult, ...]

    def benchmark(self, name: str) -> BenchmarkScore:
        """The totals of benchmark ``name``."""
        for score in self.benchmarks:
            if score.benchmark == name:
                return score
        raise KeyError(name)
