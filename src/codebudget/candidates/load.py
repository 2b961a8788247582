"""Build a :class:`Pool` from what a pool run recorded in the store.

A pool run records, under its configuration hash, round-0 generations from
one batched call per task and repair generations (rounds 1..K_max, parent =
the previous round), each with its extraction, the verdicts of its version
gates (executions of kind ``gate:NAME``) and its ``public`` and ``hidden``
executions. A version that has no code, fails the syntax check or is rejected
by a gate needs no test executions: it fails both suites in no time. What the
run's prompt stages prepared for a task before sampling becomes the task's
:class:`PreparedCost`.
"""

from __future__ import annotations

import collections
import dataclasses
import hashlib
from typing import Any, Iterable

from codebudget.candidates.records import (
    NOTHING_PREPARED,
    BatchCall,
    CandidatePool,
    Chain,
    GateResult,
    Pool,
    PreparedCost,
    SuiteResult,
    Version,
    passes_gates,
)
from codebudget.records import Execution
from codebudget.store import ExecutionRow, ExtractionRow, GenerationKey, GenerationRow, PreparationRow, Store

TaskKey = tuple[str, str]
GATE = "gate:"  # the execution kind of a version gate's verdict: "gate:" + the gate's name


def load_pool(
    store: Store,
    config_hash: str,
    *,
    k_max: int | None = None,
    public: str = "public",
    hidden: str = "hidden",
    finished_only: bool = False,
) -> Pool:
    """The pool recorded under ``config_hash``.

    ``k_max`` defaults to the run config's ``"k_max"`` entry, else the highest
    round recorded. ``public`` and ``hidden`` name the execution kinds.
    ``finished_only`` keeps only tasks whose result is recorded, so a pool that
    is still being built (or was killed mid-task) can be read.
    """
    run = store.get_run(config_hash)
    if run is None:
        raise KeyError(f"no run {config_hash!r} in {store.path}")
    # A task's result is written after everything else of it, so reading the finished tasks first
    # keeps them whole even while the pool run goes on writing other tasks between our reads.
    done = {(r.benchmark, r.task_id) for r in store.iter_task_results(config_hash)} if finished_only else None
    extractions = {row.key: row for row in store.iter_extractions(config_hash)}
    executions = _Executions.of(store.iter_executions(config_hash))
    by_task: dict[TaskKey, list[GenerationRow]] = collections.defaultdict(list)
    for row in store.iter_generations(config_hash):
        if done is None or (row.key.benchmark, row.key.task_id) in done:
            by_task[(row.key.benchmark, row.key.task_id)].append(row)
    suites = (public, hidden)
    prepared = _prepared(store.iter_preparations(config_hash))
    tasks = tuple(_task(key, rows, extractions, executions, suites, prepared.get(key, NOTHING_PREPARED))
                  for key, rows in by_task.items())
    deepest = max((len(c.versions) - 1 for t in tasks for c in t.chains), default=0)
    k_max = k_max if k_max is not None else int(run.config.get("k_max", deepest))
    return Pool(config_hash, k_max, _temperature(run.config, by_task.values()), tasks)


def load_task_pool(store: Store, config_hash: str, benchmark: str, task_id: str, *,
                   public: str = "public", hidden: str = "hidden") -> CandidatePool:
    """The pool of one task recorded under ``config_hash`` (what a live run produced for it)."""
    scope = (config_hash, benchmark, task_id)
    extractions = {row.key: row for row in store.iter_extractions(*scope)}
    executions = _Executions.of(store.iter_executions(*scope))
    rows = list(store.iter_generations(*scope))
    prepared = _prepared(store.iter_preparations(*scope)).get((benchmark, task_id), NOTHING_PREPARED)
    return _task((benchmark, task_id), rows, extractions, executions, (public, hidden), prepared)


def _prepared(rows: Iterable[PreparationRow]) -> dict[TaskKey, PreparedCost]:
    """Each task's preparations summed into one cost."""
    by_task: dict[TaskKey, list[PreparationRow]] = collections.defaultdict(list)
    for row in rows:
        by_task[(row.benchmark, row.task_id)].append(row)
    return {key: PreparedCost(sum(r.preparation.wall_s for r in found), sum(r.preparation.tokens for r in found),
                              sum(r.preparation.calls for r in found), tuple(r.preparation.stage for r in found))
            for key, found in by_task.items()}


def _temperature(config: dict[str, Any], tasks: Iterable[list[GenerationRow]]) -> float:
    initial = [row.temperature for rows in tasks for row in rows if row.key.round == 0]
    return float(config.get("temperature", initial[0] if initial else 0.0))


def _task(
    key: TaskKey,
    rows: list[GenerationRow],
    extractions: dict[GenerationKey, ExtractionRow],
    executions: _Executions,
    suites: tuple[str, str],
    prepared: PreparedCost = NOTHING_PREPARED,
) -> CandidatePool:
    chains: dict[int, list[Version]] = collections.defaultdict(list)
    for row in sorted(rows, key=lambda r: (r.key.sample_index, r.key.round)):
        chains[row.key.sample_index].append(_version(row, extractions, executions, suites))
    calls: dict[str, list[GenerationRow]] = collections.defaultdict(list)
    for row in rows:
        if row.key.round == 0:
            calls[row.call_id].append(row)
    batch = tuple(
        BatchCall(group[0].call_wall_s, group[0].prompt_tokens, tuple(r.key.sample_index for r in group))
        for group in calls.values()
    )
    return CandidatePool(key[0], key[1], tuple(Chain(i, tuple(v)) for i, v in sorted(chains.items())), batch, prepared)


def _version(
    row: GenerationRow,
    extractions: dict[GenerationKey, ExtractionRow],
    executions: _Executions,
    suites: tuple[str, str],
) -> Version:
    extraction = extractions.get(row.key)
    if extraction is None:
        raise ValueError(f"{row.key}: no extraction recorded")
    syntax_ok = extraction.ok and extraction.syntax_ok
    gates = executions.gates.get(row.key, ()) if syntax_ok else ()
    runnable = passes_gates(syntax_ok, gates)
    public, hidden = (_suite(row.key, kind, runnable, executions) for kind in suites)
    return Version(
        round=row.key.round,
        syntax_ok=syntax_ok,
        public=public,
        hidden=hidden,
        mean_logprob=row.sample.mean_logprob,
        n_tokens=row.sample.n_tokens,
        gen_wall_s=row.share_wall_s if row.key.round == 0 else row.call_wall_s,
        prompt_tokens=row.prompt_tokens,
        code=extraction.code,
        repair_prompt=repair_prompt(row),
        gates=gates,
    )


@dataclasses.dataclass(frozen=True)
class _Executions:
    """A run's executions by (key, kind), and each version's gate verdicts."""

    by_kind: dict[tuple[GenerationKey, str], ExecutionRow]
    gates: dict[GenerationKey, tuple[GateResult, ...]]

    @classmethod
    def of(cls, rows: Iterable[ExecutionRow]) -> _Executions:
        by_kind: dict[tuple[GenerationKey, str], ExecutionRow] = {}
        gates: dict[GenerationKey, list[GateResult]] = collections.defaultdict(list)
        for row in rows:
            by_kind[(row.key, row.kind)] = row
            if row.kind.startswith(GATE):
                verdict = row.execution
                gates[row.key].append(GateResult(row.kind[len(GATE):], verdict.passed, verdict.wall_s, verdict.error))
        return cls(by_kind, {key: tuple(found) for key, found in gates.items()})


def repair_prompt(row: GenerationRow) -> str:
    """A digest of a greedy repair's prompt, the key under which its answer is reused; else empty."""
    if row.key.round == 0 or row.temperature != 0:
        return ""
    return hashlib.sha256(row.prompt.encode()).hexdigest()[:16]


def _suite(key: GenerationKey, kind: str, runnable: bool, executions: _Executions) -> SuiteResult:
    found = executions.by_kind.get((key, kind))
    if found is None and runnable:
        raise ValueError(f"{key}: no {kind!r} execution recorded")
    if found is None or not runnable:
        return SuiteResult(False, 0, _total(found), 0.0)
    return _result(found.execution)


def _total(found: ExecutionRow | None) -> int:
    return 0 if found is None else found.execution.tests_total


def _result(execution: Execution) -> SuiteResult:
    return SuiteResult(execution.passed, execution.tests_passed, execution.tests_total, execution.wall_s)
