"""What every stage of one task's pipeline needs to know."""

from __future__ import annotations

import dataclasses
import hashlib

from codebudget.pipeline.config import PipelineConfig
from codebudget.records import Problem
from codebudget.store import GenerationKey


@dataclasses.dataclass(frozen=True)
class TaskContext:
    """One task under one configuration, identified in the store by ``run_hash``."""

    problem: Problem
    config: PipelineConfig
    run_hash: str

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
