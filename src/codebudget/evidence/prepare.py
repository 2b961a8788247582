"""Attach to a pool what its selection policies read: behaviours on shared inputs, results on generated tests.

A policy declares what it reads in ``needs`` (:class:`~codebudget.candidates.Evidence`):
outputs on shared inputs (the voting policies), results on model-generated
tests (CodeT-style policies, :mod:`codebudget.selection.agreement`), or a kind
a plugin declares with its collector (:mod:`codebudget.evidence.kinds`).
An input source may read generated tests too (``--inputs generated``). The
tests come from a :class:`~codebudget.evidence.supply.TestSupply` (store
first, the model only for missing tasks); every execution runs in one
sandbox, opened on first need, and is cached in the store.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping, Sequence

from codebudget.candidates import Behaviour, Evidence, Pool, SelectionPolicy
from codebudget.evidence.behaviours import LazySandbox, SandboxFactory, attach, collect_behaviours
from codebudget.evidence.checks import collect_checks
from codebudget.evidence.generated import GeneratedTests
from codebudget.evidence.inputs import InputSource, needs_tests, with_tests
from codebudget.evidence.kinds import KINDS, gather
from codebudget.evidence.supply import TestSupply
from codebudget.records import Problem
from codebudget.sandbox import Limits
from codebudget.store import GenerationKey, Store

TaskKey = tuple[str, str]


def needs_behaviour(policy: SelectionPolicy) -> bool:
    """Whether ``policy`` reads outputs on shared inputs."""
    return Evidence.BEHAVIOUR in policy.needs


def needs_checks(policy: SelectionPolicy) -> bool:
    """Whether ``policy`` reads results on model-generated tests."""
    return Evidence.GENERATED_TESTS in policy.needs


BUILT_IN = frozenset({Evidence.BEHAVIOUR, Evidence.GENERATED_TESTS})


def declared_kinds(policies: Sequence[SelectionPolicy]) -> tuple[Evidence, ...]:
    """The plugin-declared evidence kinds ``policies`` need, in first-asked order."""
    return tuple(dict.fromkeys(kind for p in policies for kind in sorted(p.needs, key=lambda e: e.name)
                               if kind not in BUILT_IN))


def needs_generated(policies: Sequence[SelectionPolicy], source: InputSource) -> bool:
    """Whether evaluating ``policies`` with inputs from ``source`` needs model-generated tests."""
    return any(needs_checks(p) for p in policies) or (any(needs_behaviour(p) for p in policies) and needs_tests(source))


def prepare(store: Store, pool: Pool, problems: Mapping[TaskKey, Problem], policies: Sequence[SelectionPolicy],
            source: InputSource, ks: Sequence[int], sandbox: SandboxFactory, limits: Limits = Limits(),
            supply: TestSupply | None = None) -> Pool:
    """``pool`` with the behaviours and generated-test results that ``policies`` read.

    ``supply`` gives the generated tests when the policies or ``source`` need them.
    """
    behaviour = any(needs_behaviour(p) for p in policies)
    checks = any(needs_checks(p) for p in policies)
    tests: dict[TaskKey, GeneratedTests] = {}
    if needs_generated(policies, source):
        if supply is None:
            raise ValueError("these policies or inputs need model-generated tests, and no test supply was given")
        tests = supply.tests(store, [problems[(t.benchmark, t.task_id)] for t in pool.tasks])
    for kind in declared_kinds(policies):
        pool = gather(store, pool, problems, KINDS.lookup(kind.name), ks)
    with LazySandbox(sandbox) as box:
        if behaviour:
            pool = attach(pool, _behaviours(store, pool, problems, source, tests, ks, box, limits))
        if checks:
            pool = attach(pool, collect_checks(store, pool, problems, tests, ks, box.shared, limits), "checks")
    return pool


def _behaviours(store: Store, pool: Pool, problems: Mapping[TaskKey, Problem], source: InputSource,
                tests: Mapping[TaskKey, GeneratedTests], ks: Sequence[int], box: LazySandbox,
                limits: Limits) -> dict[GenerationKey, Behaviour]:
    """Outputs on ``source``'s inputs; with model-generated inputs, the task's generation time attached."""
    if not needs_tests(source):
        return dict(collect_behaviours(store, pool, problems, source, ks, box.shared, limits).behaviours)
    bound = with_tests(source, {key: made.tests for key, made in tests.items()})
    found = collect_behaviours(store, pool, problems, bound, ks, box.shared, limits).behaviours
    return {key: dataclasses.replace(b, generation_s=tests[(key.benchmark, key.task_id)].wall_s)
            for key, b in found.items()}
