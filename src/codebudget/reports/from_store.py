"""From stored runs to answers: the full report, or the best configuration for one budget."""

from __future__ import annotations

import dataclasses
from typing import Sequence

from codebudget.analysis import BudgetChoice, CostKind, PairedBootstrap, SelectionMode, best_under_budget
from codebudget.reports.adaptive import evaluate_adaptive
from codebudget.reports.collect import collect
from codebudget.reports.figures import ConfigFigures, table_figures
from codebudget.reports.policy_outcomes import evaluate_policies
from codebudget.reports.summary import Report, build_report
from codebudget.store import Store

N_RESAMPLES = 2000


@dataclasses.dataclass(frozen=True)
class BestAnswer:
    """The best fixed configuration within a budget, and every configuration's figures in that mode."""

    choice: BudgetChoice
    figures: tuple[ConfigFigures, ...]
    n_tasks: int
    notes: tuple[str, ...]


def report_from_store(store: Store, hashes: Sequence[str], budgets: Sequence[float], *,
                      cost: CostKind = CostKind.WALL_S, ns: Sequence[int] | None = None,
                      ks: Sequence[int] | None = None, n_resamples: int = N_RESAMPLES, seed: int = 0,
                      policies: Sequence[str] = (), isolation: str = "auto") -> Report:
    """The analysis of the runs ``hashes`` (pools replayed over ``ns`` × ``ks``), with adaptive policies.

    ``policies`` names honest selection policies to add for every pool cell (run in a sandbox at ``isolation``).
    """
    outcomes = collect(store, hashes, ns, ks)
    adaptive = evaluate_adaptive(outcomes.pools, outcomes.table.task_ids)
    chosen = evaluate_policies(store, outcomes.pools, outcomes.table.task_ids, policies, isolation)
    return build_report(outcomes, adaptive, budgets, cost, n_resamples, seed, chosen)


def best_from_store(store: Store, hashes: Sequence[str], budget: float, *,
                    selection: SelectionMode = SelectionMode.HONEST, cost: CostKind = CostKind.WALL_S,
                    ns: Sequence[int] | None = None, ks: Sequence[int] | None = None,
                    n_resamples: int = N_RESAMPLES, seed: int = 0) -> BestAnswer:
    """The best fixed configuration of the runs ``hashes`` within ``budget`` under one selection mode."""
    outcomes = collect(store, hashes, ns, ks)
    table = outcomes.table.only(selection)
    boot = PairedBootstrap.for_table(table, n_resamples=n_resamples, seed=seed)
    choice = best_under_budget(table, budget, boot, cost)
    return BestAnswer(choice, table_figures(table, boot), table.n_tasks, outcomes.notes)
