"""Frozen records for what the store keeps, beside those in :mod:`codebudget.records`.

A generation is identified by its :class:`GenerationKey`: the configuration (or
pool) hash, the task, the sample index and the repair round (0 = the initial
sample). A repair names its parent by ``(parent_index, parent_round)`` inside
the same configuration and task; the parent is always the previous round.

Mapping fields (configs, provenance, stage times) are plain dicts, excluded
from hashing so the records stay frozen and comparable.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Mapping

from codebudget.records import Execution, Preparation, Sample


def _mapping() -> Any:
    return dataclasses.field(default_factory=dict, hash=False)


@dataclasses.dataclass(frozen=True)
class RunRow:
    """One configuration (or candidate pool) that generations are recorded under."""

    config_hash: str
    config: Mapping[str, Any] = _mapping()
    model: str = ""
    model_sha256: str | None = None
    created_at: str = ""  # ISO 8601, UTC
    provenance: Mapping[str, Any] = _mapping()  # machine, versions, git commit, ...
    isolation: str = ""  # the sandbox isolation level the run used


@dataclasses.dataclass(frozen=True)
class GenerationKey:
    """Where a generation sits: configuration, task, sample index, repair round."""

    config_hash: str
    benchmark: str
    task_id: str
    sample_index: int
    round: int = 0

    def parent(self) -> GenerationKey | None:
        """The key of the generation this one repairs (same sample index), or None for round 0."""
        if self.round == 0:
            return None
        return dataclasses.replace(self, round=self.round - 1)


@dataclasses.dataclass(frozen=True)
class GenerationRow:
    """One generated text and how it was produced.

    Samples of one batched backend call share ``call_id``; ``call_wall_s`` is
    that call's wall time and ``call_samples`` how many samples it produced.
    A repair is a call of its own (``call_samples`` 1) whose parent is the
    previous round's generation ``(parent_index, parent_round)``.
    """

    key: GenerationKey
    prompt: str
    sample: Sample
    temperature: float
    call_id: str
    call_wall_s: float
    call_samples: int = 1
    prompt_tokens: int = 0
    backend: str = ""
    model: str = ""
    parent_index: int | None = None
    parent_round: int | None = None

    def __post_init__(self) -> None:
        if (self.key.round == 0) != (self.parent_index is None):
            raise ValueError(f"{self.key}: round 0 has no parent, a repair must name one")
        if self.parent_index is not None and self.parent_round != self.key.round - 1:
            raise ValueError(f"{self.key}: a repair's parent is the previous round")

    @property
    def share_wall_s(self) -> float:
        """This sample's equal share of its call's wall time."""
        return self.call_wall_s / max(self.call_samples, 1)


@dataclasses.dataclass(frozen=True)
class ExtractionRow:
    """The code extracted from one generation and whether it parses."""

    key: GenerationKey
    code: str
    ok: bool  # extraction found code
    method: str  # how: "fenced", "whole-text", ...
    syntax_ok: bool
    syntax_error: str | None = None


@dataclasses.dataclass(frozen=True)
class ExecutionRow:
    """One sandboxed run of a generation's code against one named test suite."""

    key: GenerationKey
    kind: str  # "public", "hidden" or another named suite
    execution: Execution


@dataclasses.dataclass(frozen=True)
class BehaviourRow:
    """What a generation's code produced on one shared input (cached for behaviour voting).

    ``input`` is the input's source and ``input_sha256`` its digest (the key);
    ``output`` is ``"="`` + the returned value's repr or ``"!"`` + what went
    wrong; ``wall_s`` is this input's share of the sandbox time that ran it.
    """

    key: GenerationKey
    input_sha256: str
    input: str
    output: str
    wall_s: float


@dataclasses.dataclass(frozen=True)
class PreparationRow:
    """What one prompt stage of configuration ``config_hash`` prepared for one task."""

    config_hash: str
    benchmark: str
    task_id: str
    preparation: Preparation


@dataclasses.dataclass(frozen=True)
class EvidenceRow:
    """One generation's evidence of a plugin-declared kind (cached for the selection policies that read it).

    ``value`` is canonical JSON; ``wall_s`` what gathering it took.
    """

    key: GenerationKey
    kind: str
    value: str
    wall_s: float


@dataclasses.dataclass(frozen=True)
class GeneratedTestsRow:
    """A task's model-generated tests under one generator (cached for CodeT-style selection).

    ``generator_sha256`` names the generator: the digest of ``generator`` (the
    model's identity, backend, prompt, extraction version and sampling
    settings). ``tests`` are the extracted asserts in order, ``texts`` the
    model's answers; ``wall_s``, ``tokens`` and ``prompt_tokens`` what the call
    cost; ``model`` the name the backend reported.
    """

    benchmark: str
    task_id: str
    generator_sha256: str
    generator: Mapping[str, Any]
    tests: tuple[str, ...]
    texts: tuple[str, ...]
    wall_s: float
    tokens: int = 0
    prompt_tokens: int = 0
    model: str = ""
    created_at: str = ""  # ISO 8601, UTC


@dataclasses.dataclass(frozen=True)
class TaskWorkerRow:
    """Where one task of configuration ``config_hash`` was done, and what it took there.

    ``executor`` is the executor's name (``local``, ``ray``); ``worker`` names the worker
    (``host:pid`` for a local process, ``ray:NODE:pid`` for a Ray actor); ``machine`` describes its
    machine (``cpu``, ``cpu_count``, ``threads`` its model used, ``host``); ``wall_s`` is the task's
    time measured on that worker.
    """

    config_hash: str
    benchmark: str
    task_id: str
    executor: str
    worker: str
    machine: Mapping[str, Any] = _mapping()
    wall_s: float = 0.0
    finished_at: str = ""  # ISO 8601, UTC


@dataclasses.dataclass(frozen=True)
class Selection:
    """The candidate one selection policy chose for a task, and how it fared.

    ``sample_index`` and ``round`` are None when the policy had nothing to choose.
    """

    policy: str
    sample_index: int | None
    round: int | None
    public_passed: bool
    hidden_passed: bool


@dataclasses.dataclass(frozen=True)
class TaskResultRow:
    """The outcome of one configuration on one task."""

    config_hash: str
    benchmark: str
    task_id: str
    selections: tuple[Selection, ...]
    wall_s: float
    stage_wall_s: Mapping[str, float] = _mapping()
    tokens: int = 0
    model_calls: int = 0

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.selections, key=lambda s: s.policy))
        if len({s.policy for s in ordered}) != len(ordered):
            raise ValueError(f"{self.task_id}: one selection per policy")
        object.__setattr__(self, "selections", ordered)  # stored and read back in policy order

    def selection(self, policy: str) -> Selection | None:
        """The selection made by ``policy``, if it was recorded."""
        return next((s for s in self.selections if s.policy == policy), None)
