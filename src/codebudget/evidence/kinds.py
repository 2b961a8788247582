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

import dataclasses
import json
import time
from typing import Any, Iterable, Mapping, Protocol

from codebudget.candidates import CandidatePool, Chain, Gathered, Pool, Version
from codebudget.errors import CodebudgetError
from codebudget.evidence.behaviours import final_keys
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
    found: dict[GenerationKey, Gathered] = {}
    for task in pool.tasks:
        found.update(_task(store, pool.config_hash, task, problems[(task.benchmark, task.task_id)], collector, ks))
    tasks = tuple(dataclasses.replace(t, chains=tuple(_attach(pool.config_hash, t, c, found) for c in t.chains))
                  for t in pool.tasks)
    return dataclasses.replace(pool, tasks=tasks)


def _task(store: Store, config_hash: str, task: CandidatePool, problem: Problem, collector: Collector,
          ks: tuple[int, ...]) -> dict[GenerationKey, Gathered]:
    cached = {row.key: row for row in store.iter_evidence(config_hash, collector.name, task.benchmark, task.task_id)}
    found = {}
    for key in final_keys(config_hash, task, ks):
        row = cached.get(key)
        if row is None:
            start = time.perf_counter()
            value = collector.gather(problem, task.chains[key.sample_index].versions[key.round])
            row = EvidenceRow(key, collector.name, canonical_json(value), time.perf_counter() - start)
            store.add_evidence(row)
        found[key] = Gathered(collector.name, json.loads(row.value), row.wall_s)
    return found


def _attach(config_hash: str, task: CandidatePool, chain: Chain, found: Mapping[GenerationKey, Gathered]) -> Chain:
    def with_evidence(version: Version) -> Version:
        key = GenerationKey(config_hash, task.benchmark, task.task_id, chain.sample_index, version.round)
        extra = found.get(key)
        if extra is None:
            return version
        kept = tuple(g for g in version.evidence if g.kind != extra.kind)
        return dataclasses.replace(version, evidence=(*kept, extra))

    return dataclasses.replace(chain, versions=tuple(with_evidence(v) for v in chain.versions))
