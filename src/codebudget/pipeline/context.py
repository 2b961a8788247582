"""What every stage of one task's pipeline needs to know."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import TYPE_CHECKING

from codebudget.backends.base import Deadline
from codebudget.pipeline.config import PipelineConfig
from codebudget.records import Preparation, Problem
from codebudget.store import GenerationKey

if TYPE_CHECKING:
    from codebudget.pipeline.stages.prompting import PromptStage


@dataclasses.dataclass(frozen=True)
class TaskContext:
    """One task under one configuration, identified in the store by ``run_hash``.

    ``prepared`` pairs each of the configuration's prompt stages with what it prepared
    for the task (set by the task runner before sampling; empty without prompt stages).
    ``deadline`` (None for none) is when the task's work must stop (``codebudget solve``, the
    server): no repair starts after it, and the decoder cuts what it is writing there. Not
    part of the run's identity.
    """

    problem: Problem
    config: PipelineConfig
    run_hash: str
    prepared: tuple[tuple[PromptStage, Preparation], ...] = ()
    deadline: Deadline | None = None

    def out_of_time(self) -> bool:
        """Whether the task's deadline has passed (or its work was cancelled)."""
        return self.deadline is not None and self.deadline.passed()

    def key(self, sample_index: int, round_: int = 0) -> GenerationKey:
        """The store key of candidate ``sample_index`` at repair ``round_``."""
        return GenerationKey(self.run_hash, self.problem.benchmark, self.problem.task_id, sample_index, round_)

    @property
    def task_seed(self) -> int:
        """A per-task seed from the configuration's seed: sample ``i`` uses ``task_seed + i``.

        It does not depend on N, so the first N samples of a run with more
        candidates are the same draws (what pool replay relies on).
        """
        digest = hashlib.sha256(f"{self.config.seed}:{self.problem.task_id}".encode()).digest()
        return int.from_bytes(digest[:4], "big") & 0x3FFFFFFF

    def repair_seed(self, sample_index: int, round_: int) -> int:
        """The seed of the repair of candidate ``sample_index`` at ``round_``."""
        return self.task_seed + 1000 * round_ + sample_index
