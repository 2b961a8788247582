"""Candidate pools: M initial candidates per task, each with its repair chain.

See ``replay/semantics.md`` for how a pool is built and what replay derives from it.
The records check the pool's invariants on construction: rounds are numbered
0, 1, ... and a chain continues only while its public tests fail.
"""

from __future__ import annotations

import dataclasses
from typing import Any


@dataclasses.dataclass(frozen=True)
class SuiteResult:
    """One test suite's result on one version, and how long it ran."""

    passed: bool
    tests_passed: int = 0
    tests_total: int = 0
    wall_s: float = 0.0


@dataclasses.dataclass(frozen=True)
class Behaviour:
    """What a version's code did on shared inputs (for behaviour voting), and the sandbox time it took.

    ``outputs`` holds one string per input, in the input source's order: ``"="``
    then the (canonical, capped) repr of the returned value, or ``"!"`` then
    what went wrong (``"!raise ValueError"``, ``"!timeout"``, ...). Equal
    strings mean equal behaviour on that input. ``wall_s`` is the sandbox wall
    time of the executions that produced them (an extra cost of the policy);
    ``generation_s`` the model time that made the task's inputs when a model
    wrote them (the same on every version of the task; counted once per choice).
    """

    outputs: tuple[str, ...]
    wall_s: float = 0.0
    generation_s: float = 0.0

    @property
    def returned(self) -> bool:
        """Whether at least one input returned a value (rather than failing)."""
        return any(output.startswith(RETURNED) for output in self.outputs)


@dataclasses.dataclass(frozen=True)
class Checks:
    """A version's results on its task's model-generated tests (CodeT-style selection).

    ``passed`` holds one flag per generated test, in the task's test order
    (empty when the model wrote no usable test). ``wall_s`` is the sandbox
    time of running them on this version; ``generation_s`` is the model time
    the task's tests cost, the same on every version of the task (a policy
    counts it once per choice, see :mod:`codebudget.selection.agreement`).
    """

    passed: tuple[bool, ...]
    wall_s: float = 0.0
    generation_s: float = 0.0

    @property
    def count(self) -> int:
        """How many generated tests the version passes."""
        return sum(self.passed)


@dataclasses.dataclass(frozen=True)
class GateResult:
    """A version gate's verdict on one version (a pipeline stage between extraction and the public tests).

    A version a gate rejects is not tested: it fails both suites, and the
    gates that ran on it (in order, up to the rejecting one) are all its test
    cost. ``seconds`` is what the gate took; ``reason`` what it reported.
    """

    gate: str
    passed: bool
    seconds: float = 0.0
    reason: str = ""


@dataclasses.dataclass(frozen=True)
class Gathered:
    """A version's evidence of a plugin-declared kind: its value (plain data) and what gathering it took."""

    kind: str
    value: Any
    seconds: float = 0.0


def passes_gates(syntax_ok: bool, gates: tuple[GateResult, ...]) -> bool:
    """Whether a version may run: it parses and no gate rejected it."""
    return syntax_ok and all(g.passed for g in gates)


RETURNED = "="  # prefix of an output that is a returned value's repr
FAILED = "!"  # prefix of an output that says what went wrong


@dataclasses.dataclass(frozen=True)
class Version:
    """One piece of code in a candidate's chain (round 0 = the initial sample).

    ``public`` / ``hidden`` are None where the value is not visible: a version
    the run did not test, or hidden results shown to an honest policy.
    ``gen_wall_s`` is the wall time of the repair call that produced the
    version; for round 0 it is the sample's equal share of the batched call
    (informational: replay times sampling with :mod:`codebudget.candidates.timing`).
    ``repair_prompt`` identifies a greedy repair's prompt (a digest; empty for
    round 0 and for repairs sampled above temperature 0): a greedy answer
    depends only on its prompt, so a run that already made a repair with the
    same prompt reuses that answer at no model time, token or call, as the live
    pipeline does (:mod:`codebudget.pipeline.reuse`; counted by :class:`~codebudget.candidates.work.RepairCalls`).
    ``gates`` are the verdicts of the run's version gates beyond the syntax
    filter (:mod:`codebudget.pipeline.stages.gates`), in the order they ran.
    ``behaviour`` is None unless outputs on shared inputs were attached
    (:mod:`codebudget.evidence`); ``checks`` likewise for the results on
    model-generated tests, and ``evidence`` for other kinds. None holds
    hidden-test information.
    """

    round: int
    syntax_ok: bool
    public: SuiteResult | None
    hidden: SuiteResult | None
    mean_logprob: float | None = None
    n_tokens: int = 0
    gen_wall_s: float = 0.0
    prompt_tokens: int = 0
    code: str = ""
    repair_prompt: str = ""
    behaviour: Behaviour | None = None
    checks: Checks | None = None
    gates: tuple[GateResult, ...] = ()
    evidence: tuple[Gathered, ...] = ()

    def gathered(self, kind: str) -> Gathered | None:
        """The attached evidence of ``kind``, if any."""
        return next((found for found in self.evidence if found.kind == kind), None)

    @property
    def runnable(self) -> bool:
        """Whether the version parses and every gate let it through, so its tests ran."""
        return passes_gates(self.syntax_ok, self.gates)

    @property
    def public_passed(self) -> bool:
        """Whether the public tests ran and passed."""
        return self.public is not None and self.public.passed

    @property
    def hidden_passed(self) -> bool:
        """Whether the hidden tests ran (or are visible) and passed."""
        return self.hidden is not None and self.hidden.passed


@dataclasses.dataclass(frozen=True)
class Chain:
    """Candidate ``sample_index``: its initial version and its repairs, by round."""

    sample_index: int
    versions: tuple[Version, ...]

    def __post_init__(self) -> None:
        if not self.versions:
            raise ValueError(f"chain {self.sample_index}: no versions")
        if [v.round for v in self.versions] != list(range(len(self.versions))):
            raise ValueError(f"chain {self.sample_index}: rounds must be 0, 1, 2, ...")
        if any(v.public is None or v.hidden is None for v in self.versions):
            raise ValueError(f"chain {self.sample_index}: every version needs public and hidden results")
        if any(v.public_passed for v in self.versions[:-1]):
            raise ValueError(f"chain {self.sample_index}: a chain ends at its first public pass")

    def upto(self, k: int) -> tuple[Version, ...]:
        """The versions a run with at most ``k`` repairs can reach."""
        return self.versions[: k + 1]


@dataclasses.dataclass(frozen=True)
class BatchCall:
    """One batched sampling call of the pool: its wall time, prompt and samples."""

    wall_s: float
    prompt_tokens: int
    sample_indices: tuple[int, ...]


@dataclasses.dataclass(frozen=True)
class PreparedCost:
    """What a task's prompt stages cost before sampling: every configuration pays it once per task.

    ``stages`` names the stages that prepared something (a retrieval, a memory look-up,
    a plan call); ``wall_s``, ``tokens`` and ``calls`` are their recorded sums.
    """

    wall_s: float = 0.0
    tokens: int = 0
    calls: int = 0
    stages: tuple[str, ...] = ()


NOTHING_PREPARED = PreparedCost()


@dataclasses.dataclass(frozen=True)
class CandidatePool:
    """The pool of one task: chains ``0..M-1``, the call(s) that sampled them and what was prepared first."""

    benchmark: str
    task_id: str
    chains: tuple[Chain, ...]
    calls: tuple[BatchCall, ...]
    prepared: PreparedCost = NOTHING_PREPARED

    def __post_init__(self) -> None:
        indices = [c.sample_index for c in self.chains]
        if indices != list(range(len(indices))):
            raise ValueError(f"{self.task_id}: chains must be samples 0..M-1 in order, got {indices}")
        sampled = sorted(i for call in self.calls for i in call.sample_indices)
        if sampled != indices:
            raise ValueError(f"{self.task_id}: the batched calls must cover each sample once")

    @property
    def m(self) -> int:
        """How many initial candidates the pool holds."""
        return len(self.chains)


@dataclasses.dataclass(frozen=True)
class Pool:
    """Candidate pools of every task, from one pool configuration."""

    config_hash: str
    k_max: int
    temperature: float
    tasks: tuple[CandidatePool, ...]

    def __post_init__(self) -> None:
        for task in self.tasks:
            if any(len(c.versions) > self.k_max + 1 for c in task.chains):
                raise ValueError(f"{task.task_id}: a chain is longer than k_max={self.k_max} repairs")

    @property
    def m(self) -> int:
        """The smallest number of candidates any task has (the largest N to replay)."""
        return min((t.m for t in self.tasks), default=0)
