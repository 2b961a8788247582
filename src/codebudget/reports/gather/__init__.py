"""Gathering: stored runs read into the report model — outcome tables, adaptive and selection policies, analysis.

:func:`report_from_store` reads runs into one :class:`~codebudget.reports.model.Report`
(both selection modes, never mixed); :func:`best_from_store` answers one budget.
Both only read the store: nothing is executed and no model is called
(:mod:`~codebudget.reports.gather.policies` says which command stores what a policy needs).
"""

from __future__ import annotations

from typing import Sequence

from codebudget.analysis import CostKind, PairedBootstrap, SelectionMode, best_under_budget
from codebudget.reports.gather.adaptive import evaluate_adaptive
from codebudget.reports.gather.analysis import build_report, table_figures
from codebudget.reports.gather.outcomes import collect
from codebudget.reports.gather.policies import evaluate_policies
from codebudget.reports.model import BestAnswer, Report
from codebudget.store import Store

N_RESAMPLES = 2000


def report_from_store(store: Store, hashes: Sequence[str], budgets: Sequence[float], *,
                      cost: CostKind = CostKind.WALL_S, ns: Sequence[int] | None = None,
                      ks: Sequence[int] | None = None, n_resamples: int = N_RESAMPLES, seed: int = 0,
                      policies: Sequence[str] = ()) -> Report:
    """The analysis of the runs ``hashes`` (pools replayed over ``ns`` × ``ks``), with adaptive policies.

    ``policies`` names honest selection policies to add for every pool cell, from the evidence stored for them.
    """
    outcomes = collect(store, hashes, ns, ks)
    adaptive = evaluate_adaptive(outcomes.pools, outcomes.table.task_ids)
    chosen = evaluate_policies(store, outcomes.pools, outcomes.table.task_ids, policies)
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


__all__ = ["N_RESAMPLES", "best_from_store", "report_from_store"]
