"""Run a pool's final versions on their task's model-generated tests, in the sandbox, cached in the store.

Each generated assert becomes a probe (:func:`check_probe`) whose output is
``"=True"`` when the assert holds and ``"!raise AssertionError"`` (or another
failure) when it does not, so the behaviour machinery
(:func:`codebudget.evidence.behaviours.collect_behaviours`) runs it: one sandbox job per
version with every test in it, per-test outcomes, the ``behaviours`` table as
cache. :func:`collect_checks` turns those outputs into
:class:`~codebudget.replay.Checks` (one pass flag per test) for every parsing
final version, with the task's test-generation time attached for the cost.
"""

from __future__ import annotations

import dataclasses
from typing import Iterable, Mapping

from codebudget.candidates import RETURNED, Checks, Pool
from codebudget.evidence.behaviours import SandboxFactory, collect_behaviours, final_keys
from codebudget.evidence.generated import GeneratedTests
from codebudget.evidence.inputs import Probe
from codebudget.records import Problem
from codebudget.sandbox import Limits
from codebudget.store import GenerationKey, Store

TaskKey = tuple[str, str]
PASSED = RETURNED + "True"  # the output of a generated test that holds


def check_probe(test: str) -> Probe:
    """A generated test as a probe: it returns True when its asserts hold, and raises otherwise."""
    return Probe("True", test)


@dataclasses.dataclass(frozen=True)
class CheckProbes:
    """An input source (not registered) whose probes are each task's generated tests, in order."""

    tests: Mapping[TaskKey, tuple[str, ...]] = dataclasses.field(compare=False, repr=False)
    name: str = "generated-tests"

    def inputs(self, problem: Problem) -> tuple[Probe, ...]:
        """One probe per generated test of ``problem``."""
        return tuple(check_probe(t) for t in self.tests.get((problem.benchmark, problem.task_id), ()))


def collect_checks(store: Store, pool: Pool, problems: Mapping[TaskKey, Problem],
                   tests: Mapping[TaskKey, GeneratedTests], ks: Iterable[int], sandbox: SandboxFactory,
                   limits: Limits = Limits()) -> dict[GenerationKey, Checks]:
    """Each parsing final version's results on its task's generated tests (none run for a task without tests)."""
    ks = tuple(ks)
    source = CheckProbes({key: made.tests for key, made in tests.items()})
    found = collect_behaviours(store, pool, problems, source, ks, sandbox, limits).behaviours
    checks: dict[GenerationKey, Checks] = {}
    for task in pool.tasks:
        generation_s = tests[(task.benchmark, task.task_id)].wall_s
        for key in final_keys(pool.config_hash, task, ks):
            seen = found.get(key)
            passed = tuple(output == PASSED for output in seen.outputs) if seen is not None else ()
            checks[key] = Checks(passed, seen.wall_s if seen is not None else 0.0, generation_s)
    return checks
