"""Check a benchmark's own tests against its reference solutions.

Docstring examples are sometimes wrong (HumanEval/47 says the median of
``[-10, 4, 6, 1000, 10, 20]`` is 15.0; its tests and reference say 8.0). A public
test that the reference solution fails would mislead the pipeline, so
:func:`check_references` runs every public test alone against the reference and
returns the problems without the ones it fails, with a report of what was dropped.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

from codebudget.records import Problem
from codebudget.sandbox.base import Job, Limits, Sandbox


@dataclasses.dataclass(frozen=True)
class DroppedTest:
    """A public test that the reference solution fails, and how it failed."""

    task_id: str
    test: str
    status: str
    error: str


@dataclasses.dataclass(frozen=True)
class ReferenceCheck:
    """Problems whose public tests all pass their reference, and what was removed."""

    problems: tuple[Problem, ...]
    dropped: tuple[DroppedTest, ...]
    hidden_failures: tuple[str, ...]  # tasks whose reference fails its own hidden tests
    unchecked: tuple[str, ...]  # tasks without a reference (kept as they are)


def check_references(problems: Sequence[Problem], sandbox: Sandbox, *, limits: Limits = Limits()) -> ReferenceCheck:
    """Run each public test alone, and the hidden tests, against each problem's reference."""
    checked = [p for p in problems if p.reference]
    public = [(p, test) for p in checked for test in p.public_tests]
    jobs = [Job(code=p.reference or "", tests=(test,), setup=p.setup, limits=limits) for p, test in public]
    jobs += [Job(code=p.reference or "", tests=p.hidden_tests, setup=p.setup, limits=limits) for p in checked]
    results = sandbox.run_many(jobs)
    failing = {
        (p.task_id, test): result for (p, test), result in zip(public, results) if not result.passed
    }
    hidden = tuple(p.task_id for p, result in zip(checked, results[len(public) :]) if not result.passed)
    kept = tuple(
        dataclasses.replace(p, public_tests=tuple(t for t in p.public_tests if (p.task_id, t) not in failing))
        for p in problems
    )
    dropped = tuple(
        DroppedTest(task_id, test, result.status.value, result.error) for (task_id, test), result in failing.items()
    )
    return ReferenceCheck(
        problems=kept,
        dropped=dropped,
        hidden_failures=hidden,
        unchecked=tuple(p.task_id for p in problems if not p.reference),
    )
