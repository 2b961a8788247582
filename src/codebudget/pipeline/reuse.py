"""Greedy answers given once: a temperature-0 prompt the store has seen is not decoded again.

At temperature 0 a model's answer depends only on the prompt (and on the
decoder: the same weights, backend build and token limit), so the pipeline
looks an identical greedy prompt up before calling the model:

- within one run, for any backend that declares its greedy answers
  deterministic (:attr:`Capabilities.deterministic_greedy
  <codebudget.backends.base.Capabilities.deterministic_greedy>`, every built-in
  one): two chains of a task that fail the same way ask for the same repair;
- across the runs of one store, only for local weights identified by sha256
  (a backend that declares ``model_file``) and the same build of the backend
  (the version of its declared ``build_package``: llama-cpp-python, and the
  revision of its own decoding code, ``decoder_revision``, as recorded with the
  run), backend and ``max_tokens``: a greedy K=0 run and a greedy repair pool send the same
  first prompt.

A reused row's ``call_id`` is :data:`REUSED` followed by the original call's
id, and it keeps that call's measured time and tokens: what the call costs a
configuration that has to make it (a replayed subset of a pool without the
original, a run in another store). Replay charges a greedy repair prompt once
per run, as the live pipeline pays it (``replay/semantics.md``).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Sequence

from codebudget.backends.registry import DEFAULT_BACKEND, capabilities
from codebudget.pipeline.context import TaskContext
from codebudget.records import FinishReason
from codebudget.store import GenerationKey, GenerationRow, RunRow, Store

REUSED = "reused:"
"""Prefix of the call id of an answer taken from an identical earlier greedy prompt: no model call was made."""

EarlierAnswer = Callable[[TaskContext, str], GenerationRow | None]
"""Finds a recorded single-sample greedy answer to ``prompt`` for the context's task, or None."""

DECODER_FIELDS = ("backend", "model", "adapter", "base_url", "max_tokens")


def reused(earlier: GenerationRow, key: GenerationKey) -> GenerationRow:
    """The generation at ``key`` answered with ``earlier``'s answer (same greedy prompt), marked as reused."""
    call_id = earlier.call_id if earlier.call_id.startswith(REUSED) else REUSED + earlier.call_id
    parent = (key.sample_index, key.round - 1) if key.round > 0 else (None, None)
    return dataclasses.replace(earlier, key=key, call_id=call_id, parent_index=parent[0], parent_round=parent[1])


def decoder(run: RunRow) -> tuple[Any, ...] | None:
    """What a greedy answer of ``run`` depends on besides its prompt; None when that cannot be pinned down
    (a model behind a server: the server may have changed its weights; a backend whose greedy answers
    are not deterministic)."""
    declared = capabilities(str(run.config.get("backend", DEFAULT_BACKEND)))
    if not run.model_sha256 or not declared.deterministic_greedy:
        return None
    packages = run.provenance.get("packages") or {}
    build = packages.get(declared.build_package) if declared.build_package else None
    return (run.model_sha256, build, run.provenance.get("decoder"), *(run.config.get(f) for f in DECODER_FIELDS))


def answered_before(store: Store, shipped: Sequence[GenerationRow] = ()) -> EarlierAnswer:
    """A lookup in ``store`` of a single-sample greedy answer to the same prompt for the same task, from
    the same run or from a run with the same :func:`decoder`; nothing for a run whose backend does not
    declare its greedy answers deterministic.

    ``shipped``: answers of other runs that the driver found usable for the task (:func:`usable_answers`),
    for a worker whose own store holds only the task's run (:mod:`codebudget.pipeline.remote`); they are
    looked at together with the store's, in the store's key order, so the same earlier answer is found.
    """
    decoders: dict[str, tuple[Any, ...] | None] = {}
    deterministic: dict[str, bool] = {}

    def reusable(backend: str) -> bool:
        if backend not in deterministic:
            deterministic[backend] = capabilities(backend).deterministic_greedy
        return deterministic[backend]

    def decoder_of(config_hash: str) -> tuple[Any, ...] | None:
        if config_hash not in decoders:
            run = store.get_run(config_hash)
            decoders[config_hash] = decoder(run) if run is not None else None
        return decoders[config_hash]

    def find(ctx: TaskContext, prompt: str) -> GenerationRow | None:
        if not reusable(ctx.config.backend):
            return None
        own = decoder_of(ctx.run_hash)
        rows = store.iter_greedy_answers(ctx.problem.benchmark, ctx.problem.task_id, prompt)
        if shipped:
            extra = [row for row in shipped if row.prompt == prompt and row.key.benchmark == ctx.problem.benchmark
                     and row.key.task_id == ctx.problem.task_id]
            rows = iter(sorted([*rows, *extra], key=_key_order))
        for row in rows:
            if row.sample.finish_reason is FinishReason.DEADLINE:  # cut short: not the prompt's answer
                continue
            if row.key.config_hash == ctx.run_hash or row in shipped or (
                    own is not None and decoder_of(row.key.config_hash) == own):
                return row
        return None

    return find


def usable_answers(store: Store, run_hash: str, benchmark: str, task_id: str) -> tuple[GenerationRow, ...]:
    """The greedy single-sample answers for the task that other runs of ``store`` recorded and that run
    ``run_hash`` may reuse (the same :func:`decoder`): what a worker without the store is shipped."""
    run = store.get_run(run_hash)
    if run is None or not capabilities(str(run.config.get("backend", DEFAULT_BACKEND))).deterministic_greedy:
        return ()
    own = decoder(run)
    if own is None:
        return ()
    decoders: dict[str, tuple[Any, ...] | None] = {}
    found = []
    for row in store.iter_greedy_answers(benchmark, task_id, None):
        other = row.key.config_hash
        if other == run_hash or row.sample.finish_reason is FinishReason.DEADLINE:
            continue
        if other not in decoders:
            stored = store.get_run(other)
            decoders[other] = decoder(stored) if stored is not None else None
        if decoders[other] == own:
            found.append(row)
    return tuple(found)


def _key_order(row: GenerationRow) -> tuple[Any, ...]:
    """The store's order of generations (``store.tables.ORDER``): by run, task, round, sample index."""
    key = row.key
    return (key.config_hash, key.benchmark, key.task_id, key.round, key.sample_index)
