"""Version gates: pipeline stages between extraction and the public tests, and their replay rule.

A gate looks at one extracted version and lets it through or rejects it with a
reason. The syntax filter is the built-in gate that always runs first
(:mod:`.syntax`); a configuration adds others by name (``stages = ["NAME"]``),
and they run in that order on every version that parses, stopping at the first
rejection.

Live: each verdict is recorded as an execution of kind ``gate:NAME`` (the
reason as its error, the seconds it took as its wall time), so a rerun resumes
without asking again and the verdicts travel with exports. A rejected version
is not tested: it fails both suites, and the repair prompt carries the gate's
reason.

Replay rule (written once, for every gate): the loader turns the recorded
verdicts into :attr:`codebudget.candidates.Version.gates`; a rejected version
fails without running, and the seconds of the gates that ran are part of the
version's test cost (:func:`codebudget.candidates.public_cost`). Adding a gate
is therefore one module: a class with a ``name``, ``point = "version"`` and
``check``, registered in :data:`STAGES`.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Protocol, Sequence

from codebudget.candidates.load import GATE
from codebudget.plugins import Registry
from codebudget.records import ExecStatus, Execution, Problem
from codebudget.store import ExecutionRow, ExtractionRow

VERSION = "version"  # the hook point of a gate: after extraction, before the public tests
SYNTAX_FILTER = "syntax"  # the built-in gate's name (:mod:`.syntax`): always first, never configured


@dataclasses.dataclass(frozen=True)
class GateVerdict:
    """Whether a gate lets a version through, and if not, why (told to the repair)."""

    passed: bool
    reason: str = ""


class VersionGate(Protocol):
    """A pipeline stage at the ``version`` point: it accepts or rejects each extracted version."""

    @property
    def name(self) -> str: ...

    @property
    def point(self) -> str:
        """Where it runs: ``"version"``."""
        ...

    def check(self, problem: Problem, version: ExtractionRow) -> GateVerdict:
        """The verdict on one version of ``problem``'s answer."""
        ...


#: Built-in stages imported when first named (the syntax filter registers itself on import).
BUILTIN_STAGES = {
    "retrieval": "codebudget.pipeline.stages.retrieval:RETRIEVAL",
    "plan": "codebudget.pipeline.stages.plan:PLAN",
    "memory": "codebudget.pipeline.stages.memory:MEMORY",
}
STAGES: Registry[VersionGate] = Registry.of("pipeline stage", builtin=dict(BUILTIN_STAGES))
register_stage = STAGES.register


def get_stage(spec: str):  # noqa: ANN201 - a version gate or a prompt stage
    """The stage ``spec`` names: a registered name, perhaps with options after colons (``retrieval:top=5``).

    A stage that takes options has ``configured(options_text)`` returning the configured
    stage; options given to one that has not are a ValueError, an unknown name a KeyError.
    """
    name, colon, options = spec.partition(":")
    stage = STAGES.lookup(name)
    if not colon:
        return stage
    configured = getattr(stage, "configured", None)
    if configured is None:
        raise ValueError(f"stage {name!r} takes no options")
    return configured(options)


def addable_stage(name: str):  # noqa: ANN201 - a version gate or a prompt stage
    """The stage a configuration may add under ``name``: a registered one other than the built-in syntax filter.

    Raises KeyError (unknown name, listing the known ones) or ValueError (the syntax filter, bad options).
    """
    if name.partition(":")[0] == SYNTAX_FILTER:
        raise ValueError("the syntax filter always runs first; name only the stages to add")
    return get_stage(name)


class GateStage:
    """A configuration's gates after the syntax filter; the task runner asks them in order until one rejects."""

    def __init__(self, gates: Sequence[VersionGate]):
        self.gates = tuple(gates)

    @classmethod
    def named(cls, names: Sequence[str]) -> GateStage:
        """The gates among the stages ``names`` (the configuration's prompt stages are not gates)."""
        return cls([stage for stage in map(get_stage, names) if stage.point == VERSION])

    @staticmethod
    def kind(gate: VersionGate) -> str:
        """The execution kind that records ``gate``'s verdicts."""
        return GATE + gate.name

    def verdict(self, problem: Problem, version: ExtractionRow, gate: VersionGate) -> ExecutionRow:
        """Ask ``gate`` about ``version`` of ``problem``'s answer, timed, as the row to record."""
        start = time.perf_counter()
        found = gate.check(problem, version)
        status = ExecStatus.PASSED if found.passed else ExecStatus.FAILED
        execution = Execution(status, error=found.reason, wall_s=time.perf_counter() - start)
        return ExecutionRow(version.key, self.kind(gate), execution)
