"""Small model × k versus large model × k' at equal cost, with paired intervals.

For every policy and every ``k``, the budget is what ``small × k`` costs per
task (wall seconds or GFLOPs); the large model gets the most samples ``k'``
whose mean cost fits that budget (none when even one sample costs more). The
reference rows answer the seed paper's question directly: the most samples of
the small model that fit the cost of one large sample, against that sample.
Differences are paired over the same tasks, bootstrapped with one seeded set
of task resamples.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

from codebudget.analysis import Estimate, PairedBootstrap
from codebudget.reallocation.arms import Arm

COST_KINDS = ("wall_s", "gflops")


@dataclasses.dataclass(frozen=True)
class Matchup:
    """``a`` against ``b`` under one policy, at the budget ``a`` costs; ``b`` is None when nothing fits."""

    policy: str
    cost_kind: str
    budget: float
    a: Arm
    a_quality: Estimate
    b: Arm | None
    b_quality: Estimate | None
    difference: Estimate | None  # pass@1(a) − pass@1(b), paired


@dataclasses.dataclass(frozen=True)
class Study:
    """Every matchup of a reallocation study, for one cost kind."""

    cost_kind: str
    small: str
    large: str
    n_tasks: int
    budget_rows: tuple[Matchup, ...]  # small × k against the most large samples that fit
    reference_rows: tuple[Matchup, ...]  # per policy: the most small samples within large × 1
    policies: tuple[str, ...]
    arms: tuple[Arm, ...] = ()  # both models' arms on the common tasks: what the rows and the plot show


def most_that_fit(candidates: Sequence[Arm], budget: float, kind: str) -> Arm | None:
    """The arm with the most samples whose mean cost is within ``budget`` (relative slack 1e-9)."""
    fitting = [a for a in candidates if a.cost(kind) <= budget * (1 + 1e-9)]
    return max(fitting, key=lambda a: a.n) if fitting else None


def _estimate(boot: PairedBootstrap, arm: Arm) -> Estimate:
    return boot.estimate(arm.success, f"pass@1 {arm.name} {arm.policy}", arm.selection)


def matchup(a: Arm, pool_b: Sequence[Arm], budget: float, kind: str, boot: PairedBootstrap) -> Matchup:
    """``a`` against the member of ``pool_b`` with the most samples within ``budget``."""
    b = most_that_fit(pool_b, budget, kind)
    b_quality = _estimate(boot, b) if b else None
    difference = None
    if b is not None:
        label = f"{a.name} - {b.name} {a.policy}"
        difference = boot.estimate(a.success - b.success, label, a.selection)
    return Matchup(a.policy, kind, budget, a, _estimate(boot, a), b, b_quality, difference)


def study(small: Sequence[Arm], large: Sequence[Arm], kind: str = "wall_s", seed: int = 0) -> Study:
    """Match the arms of two models (same tasks, same policies) at equal ``kind`` cost."""
    if kind not in COST_KINDS:
        raise ValueError(f"unknown cost kind {kind!r}; have {COST_KINDS}")
    common = sorted(set(small[0].task_ids) & set(large[0].task_ids))
    if not common:
        raise ValueError("the two pools share no tasks")
    small = [a.restrict(common) for a in small]
    large = [a.restrict(common) for a in large]
    boot = PairedBootstrap.draw(common, seed=seed)
    policies = tuple(dict.fromkeys(a.policy for a in small))
    rows, references = [], []
    for policy in policies:
        mine = sorted((a for a in small if a.policy == policy), key=lambda a: a.n)
        theirs = sorted((a for a in large if a.policy == policy), key=lambda a: a.n)
        rows += [matchup(a, theirs, a.cost(kind), kind, boot) for a in mine]
        one_large = next((a for a in theirs if a.n == 1), None)
        if one_large is not None:
            references.append(_flip(matchup(one_large, mine, one_large.cost(kind), kind, boot), boot))
    return Study(kind, small[0].model, large[0].model, len(common), tuple(rows), tuple(references), policies,
                 tuple(small + large))


def _flip(found: Matchup, boot: PairedBootstrap) -> Matchup:
    """Turn "large × 1 vs the small arm that fits" into "small arm vs large × 1"."""
    if found.b is None:
        return found
    a, b = found.b, found.a
    difference = boot.estimate(a.success - b.success, f"{a.name} - {b.name} {a.policy}", a.selection)
    return Matchup(found.policy, found.cost_kind, found.budget, a, found.b_quality, b, found.a_quality, difference)
