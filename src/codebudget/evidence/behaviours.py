"""Outputs of a pool's versions on shared inputs: run in the sandbox once, cached in the store.

:func:`collect_behaviours` finds, for every version that some replayed configuration
submits as a candidate's final version, its outputs on the task's probes:
from the store's ``behaviours`` table when they are there, else by running
the missing (version, probe) pairs in the sandbox (one task at a time, each
task's rows committed together). :func:`attach` puts them on the pool's
versions, where the voting policies read them.
"""

from __future__ import annotations

import contextlib
import dataclasses
from typing import Callable, ContextManager, Iterable, Iterator, Mapping

from codebudget.candidates import Behaviour, CandidatePool, Chain, Pool, Version
from codebudget.evidence.execute import UNRELIABLE, Request, observe
from codebudget.evidence.inputs import InputSource, Probe
from codebudget.records import Problem
from codebudget.sandbox import Limits, Sandbox
from codebudget.store import BehaviourRow, GenerationKey, Store

TaskKey = tuple[str, str]
SandboxFactory = Callable[[], ContextManager[Sandbox]]
Cached = dict[tuple[int, int, str], BehaviourRow]  # (sample index, round, input sha256) -> row


@dataclasses.dataclass(frozen=True)
class Collected:
    """Behaviours by generation key, and how many (version, probe) pairs had to run now."""

    behaviours: Mapping[GenerationKey, Behaviour]
    executed: int


def final_rounds(chain: Chain, ks: Iterable[int]) -> tuple[int, ...]:
    """The rounds that are the chain's final version for some ``k`` (every candidate repaired up to k)."""
    return tuple(sorted({min(k, len(chain.versions) - 1) for k in ks}))


def collect_behaviours(
    store: Store,
    pool: Pool,
    problems: Mapping[TaskKey, Problem],
    source: InputSource,
    ks: Iterable[int],
    sandbox: SandboxFactory,
    limits: Limits = Limits(),
) -> Collected:
    """The behaviours of every final version (for each k in ``ks``) that parses, cached in ``store``."""
    found: dict[GenerationKey, Behaviour] = {}
    executed = 0
    with LazySandbox(sandbox) as box:
        for task in pool.tasks:
            problem = problems[(task.benchmark, task.task_id)]
            behaviours, ran = _task(store, pool.config_hash, task, problem, source.inputs(problem), tuple(ks), box, limits)
            found.update(behaviours)
            executed += ran
    return Collected(found, executed)


def final_keys(config_hash: str, task: CandidatePool, ks: Iterable[int]) -> list[GenerationKey]:
    """The keys of the task's versions that parse and are a chain's final version for some ``k``."""
    ks = tuple(ks)
    return [GenerationKey(config_hash, task.benchmark, task.task_id, chain.sample_index, r)
            for chain in task.chains for r in final_rounds(chain, ks) if chain.versions[r].syntax_ok]


def _task(store: Store, config_hash: str, task: CandidatePool, problem: Problem, probes: tuple[Probe, ...],
          ks: tuple[int, ...], box: LazySandbox, limits: Limits) -> tuple[dict[GenerationKey, Behaviour], int]:
    if not probes:
        return {}, 0
    keys = final_keys(config_hash, task, ks)
    cached: Cached = {(row.key.sample_index, row.key.round, row.input_sha256): row
                      for row in store.iter_behaviours(config_hash, task.benchmark, task.task_id)}
    todo = [(key, [p for p in probes if (key.sample_index, key.round, p.sha256) not in cached]) for key in keys]
    todo = [(key, missing) for key, missing in todo if missing]
    if todo:
        code = {key: task.chains[key.sample_index].versions[key.round].code for key, _ in todo}
        requests = [Request(code[key], tuple(missing), problem.setup) for key, missing in todo]
        observed = observe(box.get(), requests, limits)
        rows = [BehaviourRow(key, p.sha256, p.source, output, wall_s)
                for (key, missing), seen in zip(todo, observed)
                for p, output, wall_s in zip(missing, seen.outputs, seen.wall_s)]
        _store(store, rows)
        cached.update({(r.key.sample_index, r.key.round, r.input_sha256): r for r in rows})
    return {key: _behaviour(key, probes, cached) for key in keys}, sum(len(m) for _, m in todo)


def _store(store: Store, rows: list[BehaviourRow]) -> None:
    if store.read_only:  # a store opened to read only (e.g. in a read-only folder): used, not added to
        return
    with store.transaction():
        for row in rows:
            if row.output not in UNRELIABLE:
                store.add_behaviour(row)


def _behaviour(key: GenerationKey, probes: tuple[Probe, ...], cached: Cached) -> Behaviour:
    rows = [cached[(key.sample_index, key.round, p.sha256)] for p in probes]
    return Behaviour(tuple(r.output for r in rows), sum(r.wall_s for r in rows))


class LazySandbox:
    """A sandbox opened on first use only (a fully cached pool never starts one), closed on exit."""

    def __init__(self, factory: SandboxFactory) -> None:
        self._factory = factory
        self._stack = contextlib.ExitStack()
        self._box: Sandbox | None = None

    def get(self) -> Sandbox:
        """The sandbox, opened now if it is not open yet."""
        if self._box is None:
            self._box = self._stack.enter_context(self._factory())
        return self._box

    def shared(self) -> ContextManager[Sandbox]:
        """A context for the same sandbox, left open (use ``self.shared`` as a :data:`SandboxFactory`)."""
        return contextlib.nullcontext(self.get())

    def __enter__(self) -> LazySandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()


def attach(pool: Pool, found: Mapping[GenerationKey, object], field: str = "behaviour") -> Pool:
    """``pool`` with each version's ``field`` (``"behaviour"``, ``"checks"`` or ``"evidence"``) set where ``found``
    has it."""
    tasks = tuple(dataclasses.replace(t, chains=tuple(_chain(pool.config_hash, t, c, found, field) for c in t.chains))
                  for t in pool.tasks)
    return dataclasses.replace(pool, tasks=tasks)


def _chain(config_hash: str, task: CandidatePool, chain: Chain, found: Mapping[GenerationKey, object], field: str) -> Chain:
    def with_value(version: Version) -> Version:
        key = GenerationKey(config_hash, task.benchmark, task.task_id, chain.sample_index, version.round)
        return dataclasses.replace(version, **{field: found.get(key, getattr(version, field))})

    return dataclasses.replace(chain, versions=tuple(with_value(v) for v in chain.versions))


def given(sandbox: Sandbox) -> SandboxFactory:
    """A factory for an already open sandbox (left open)."""

    @contextlib.contextmanager
    def factory() -> Iterator[Sandbox]:
        yield sandbox

    return factory
