"""Evidence kinds that plugins declare: one collector each, gathered per final version and cached in the store.

A selection policy that needs something the built-in evidence does not give
(outputs on shared inputs, results on generated tests) declares a new
:class:`~codebudget.candidates.Evidence` by name in its ``needs`` and
registers a collector for it in :data:`KINDS`: an object with that ``name``
and ``gather(problem, version)`` returning plain data (JSON-serialisable).
:func:`gather` asks it for every version some evaluated K makes final, times
each call, caches the value in the store's ``evidence`` table (so a second
evaluation asks nothing) and attaches it to the version
(:meth:`codebudget.candidates.Version.gathered`). No migration, field or flag
is needed for a new kind.
"""

from __future__ import annotations

import json
import time
from typing import Any, Iterable, Mapping, Protocol

from codebudget.candidates import CandidatePool, Gathered, Pool, Version
from codebudget.errors import CodebudgetError
from codebudget.evidence.behaviours import attach, final_keys
from codebudget.plugins import Registry
from codebudget.records import Problem
from codebudget.store import EvidenceRow, GenerationKey, Store
from codebudget.store.codec import canonical_json

TaskKey = tuple[str, str]


class Collector(Protocol):
    """Gathers one kind of evidence on one version."""

    @property
    def name(self) -> str:
        """The evidence kind it gathers (``Evidence(name)`` in a policy's ``needs``)."""
        ...

    def gather(self, problem: Problem, version: Version) -> Any:
        """The evidence on ``version`` of ``problem``'s answer, as plain data."""
        ...


class UnknownEvidence(CodebudgetError):
    """A policy needs an evidence kind that no collector gathers."""


KINDS: Registry[Collector] = Registry.of("evidence kind", UnknownEvidence)
register_kind = KINDS.register


def gather(store: Store, pool: Pool, problems: Mapping[TaskKey, Problem], collector: Collector,
           ks: Iterable[int]) -> Pool:
    """``pool`` with ``collector``'s evidence attached to every version some K of ``ks`` makes final."""
    ks = tuple(ks)
    found: dict[GenerationKey, tuple[Gathered, ...]] = {}
    for task in pool.tasks:
        found.update(_task(store, pool.config_hash, task, problems[(task.benchmark, task.task_id)], collector, ks))
    return attach(pool, found, "evidence")


def _task(store: Store, config_hash: str, task: CandidatePool, problem: Problem, collector: Collector,
          ks: tuple[int, ...]) -> dict[GenerationKey, tuple[Gathered, ...]]:
    """Each final version's evidence with ``collector``'s kind gathered (from the store where it is kept)."""
    cached = {row.key: row for row in store.iter_evidence(config_hash, collector.name, task.benchmark, task.task_id)}
    found, new = {}, []
    for key in final_keys(config_hash, task, ks):
        version = task.chains[key.sample_index].versions[key.round]
        row = cached.get(key)
        if row is None:
            start = time.perf_counter()
            value = collector.gather(problem, version)
            row = EvidenceRow(key, collector.name, canonical_json(value), time.perf_counter() - start)
            new.append(row)
        kept = tuple(g for g in version.evidence if g.kind != collector.name)
        found[key] = (*kept, Gathered(collector.name, json.loads(row.value), row.wall_s))
    if new and not store.read_only:  # a store opened to read only: used, not added to (as behaviours)
        with store.transaction():
            for row in new:
                store.add_evidence(row)
    return found
