"""Which pools of a report are arms of one baseline: pools whose options differ only in their prompt stages."""

from __future__ import annotations

import dataclasses
from typing import Sequence

from codebudget.reports.gather.runs import RunSource

BASELINE = "none"
#: Options that do not change what a pool measures, so two pools that differ only in them are comparable.
NOT_COMPARED = frozenset({"stages", "workers"})


@dataclasses.dataclass(frozen=True)
class StageArms:
    """The pool without prompt stages and, for each other pool with the same options, its stages."""

    baseline: str  # run hash
    arms: tuple[tuple[str, str], ...]  # (label: its stages joined by "+", run hash)

    def runs(self) -> dict[str, str]:
        """label → run hash, the baseline first (as ``none``)."""
        return {BASELINE: self.baseline, **dict(self.arms)}


def stage_arms(sources: Sequence[RunSource]) -> StageArms | None:
    """The baseline and its arms, when the sources hold exactly one pool without stages and at least one pool
    that differs from it only in its stages; otherwise None (nothing to compare)."""
    pools = [source for source in sources if source.is_pool]
    bases = [source for source in pools if not source.run.config.get("stages")]
    if len(bases) != 1:
        return None
    (base,) = bases

    def options(source: RunSource) -> dict:
        return {key: value for key, value in source.run.config.items() if key not in NOT_COMPARED}

    arms = tuple(("+".join(source.run.config["stages"]), source.run_hash) for source in pools
                 if source is not base and source.run.config.get("stages") and options(source) == options(base))
    labels = [label for label, _ in arms]
    if not arms or len(set(labels)) != len(labels):
        return None
    return StageArms(base.run_hash, arms)
