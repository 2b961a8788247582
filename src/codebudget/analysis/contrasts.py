"""pass@1 per configuration and paired comparisons, as linear contrasts over tasks.

A contrast is a weighted sum of configurations' per-task successes, averaged
over tasks: pass@1 is one configuration with weight 1, a paired difference is
+1/−1, an interaction effect has four terms. Every contrast is bootstrapped with
the same :class:`~codebudget.analysis.bootstrap.PairedBootstrap`.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Iterable

import numpy as np

from codebudget.analysis.bootstrap import Estimate, PairedBootstrap
from codebudget.analysis.outcomes import OutcomeTable, SelectionMode
from codebudget.analysis.significance import TestResult, paired_test

Terms = Iterable[tuple[str, float]]


def combine_terms(terms: Terms) -> tuple[tuple[str, float], ...]:
    """Add up the weights of repeated names and drop those that cancel to zero."""
    total: dict[str, float] = defaultdict(float)
    for name, weight in terms:
        total[name] += weight
    return tuple((name, weight) for name, weight in total.items() if weight != 0)


def contrast_values(table: OutcomeTable, terms: Terms) -> np.ndarray:
    """Per-task values of ``sum(weight * success[name])``."""
    values = np.zeros(table.n_tasks)
    for name, weight in terms:
        values = values + weight * table.get(name).success
    return values


def contrast(table: OutcomeTable, terms: Terms, boot: PairedBootstrap, label: str) -> Estimate:
    """Estimate of the mean over tasks of a weighted sum of per-task successes."""
    boot.check(table.task_ids)
    combined = combine_terms(terms)
    values = contrast_values(table, combined)
    return boot.estimate(values, label, table.selection, combined)


def pass_at_1(table: OutcomeTable, boot: PairedBootstrap) -> tuple[Estimate, ...]:
    """pass@1 of every configuration of a single-mode table, with intervals."""
    return tuple(contrast(table, [(name, 1.0)], boot, f"pass@1 {name}") for name in table.names)


def paired_difference(table: OutcomeTable, a: str, b: str, boot: PairedBootstrap) -> Estimate:
    """pass@1(a) − pass@1(b) on the same tasks, with a paired interval."""
    return contrast(table, [(a, 1.0), (b, -1.0)], boot, f"{a} - {b}")


@dataclasses.dataclass(frozen=True)
class Comparison:
    """A paired comparison of two configurations: the difference and a paired test."""

    a: str
    b: str
    selection: SelectionMode
    difference: Estimate
    test: TestResult


def compare(table: OutcomeTable, a: str, b: str, boot: PairedBootstrap) -> Comparison:
    """Difference ``a − b`` with its interval and an exact paired test."""
    difference = paired_difference(table, a, b, boot)
    test = paired_test(table.get(a).success, table.get(b).success)
    return Comparison(a, b, table.selection, difference, test)
