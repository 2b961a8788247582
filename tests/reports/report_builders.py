"""Runs written through the real Store API, with hand-made generations and executions.

A version is ``(public, hidden)`` or ``None`` (the code does not parse). Every
task has one batched call of ``CALL_S`` seconds for its samples; every repair
is a call of ``REPAIR_S``; every public run takes ``PUBLIC_S`` and every hidden
run ``HIDDEN_S``; every version has ``TOKENS`` tokens and every prompt
``PROMPT_TOKENS``. With equal tokens and prompts the fitted batched-call model
is exact, so a single sample is estimated at ``REPAIR_S`` (a one-sample call).

The task result of a finished task is recorded as the pipeline records it
(the policies simulated on the task's recorded versions).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from codebudget.candidates import load_task_pool, run
from codebudget.records import ExecStatus, Execution, FinishReason, Problem, Sample
from codebudget.selection import get_policy
from codebudget.store import (
    ExecutionRow,
    ExtractionRow,
    GenerationKey,
    GenerationRow,
    RunRow,
    Selection,
    Store,
    TaskResultRow,
)

CALL_S, REPAIR_S, PUBLIC_S, HIDDEN_S = 6.0, 4.0, 0.25, 0.5
TOKENS, PROMPT_TOKENS, PUBLIC_TOTAL = 20, 40, 2
BENCHMARK = "humaneval"
POOL, DIRECT = "pool-aaaa1111", "run-bbbb2222"

Spec = Mapping[str, Sequence[Sequence[tuple[bool, bool] | None]]]  # task -> sample -> rounds

# Task 0: candidate 0 fails, its repair passes everything; candidate 1 passes everything.
# Task 1: candidate 0 passes public but fails hidden; candidate 1 does not parse, its repair
#         still fails public but passes hidden.
SPEC: Spec = {
    "HumanEval/0": [[(False, False), (True, True)], [(True, True)]],
    "HumanEval/1": [[(True, False)], [None, (False, True)]],
}


def record_version(store: Store, run_hash: str, task_id: str, index: int, round: int,
                   result: tuple[bool, bool] | None, samples: int) -> None:
    """One generation with its extraction and (for code that parses) public and hidden executions."""
    key = GenerationKey(run_hash, BENCHMARK, task_id, index, round)
    call = (f"{task_id}-batch", CALL_S, samples) if round == 0 else (f"{task_id}-repair-{index}-{round}", REPAIR_S, 1)
    parent = (index, round - 1) if round else (None, None)
    sample = Sample(f"code {index}.{round}", TOKENS, -0.5, FinishReason.STOP, index)
    store.add_generation(GenerationRow(key, f"prompt {round}", sample, 0.8, *call, PROMPT_TOKENS, "llamacpp",
                                       "tiny-model", *parent))
    store.add_extraction(ExtractionRow(key, f"code {index}.{round}", True, "fenced", result is not None))
    if result is None:
        return
    for kind, passed, seconds, total in (("public", result[0], PUBLIC_S, PUBLIC_TOTAL), ("hidden", result[1], HIDDEN_S, 3)):
        status = ExecStatus.PASSED if passed else ExecStatus.FAILED
        store.add_execution(ExecutionRow(key, kind, Execution(status, total if passed else 1, total, wall_s=seconds)))


def record_result(store: Store, run_hash: str, task_id: str, k: int) -> None:
    """The task's result as the pipeline records it: both policies' picks and the honest policy's work."""
    task = load_task_pool(store, run_hash, BENCHMARK, task_id)
    outcomes = {name: run(task.chains, k, get_policy(name), task.calls[0].wall_s) for name in ("public-tests", "oracle")}
    selections = tuple(Selection(name, o.pick.position, o.pick.round, o.public_passed, o.hidden_passed)
                       for name, o in outcomes.items())
    honest = outcomes["public-tests"]
    store.add_task_result(TaskResultRow(run_hash, BENCHMARK, task_id, selections, honest.wall_s,
                                        {"sample": honest.sample_s}, honest.tokens, honest.model_calls))


def write_run(store: Store, run_hash: str, spec: Spec, *, label: str, n: int, k: int,
              unfinished: Sequence[str] = (), **options: Any) -> None:
    """A run of ``spec`` (tasks in ``unfinished`` get generations but no task result; ``options`` join its config)."""
    config = {"label": label, "n": n, "k": k, "temperature": 0.8, "seed": 0, "benchmark": BENCHMARK, "max_tokens": 96,
              **options}
    provenance = {"machine": "x86_64", "cpu_count": 2, "platform": "Linux-test", "python": "3.11.7",
                  "packages": {"numpy": "2.0"}, "git": "abc123", "sandbox_isolation": "namespaces"}
    store.add_run(RunRow(run_hash, config, "tiny-model", "f" * 64, "2026-01-01T00:00:00+00:00", provenance, "namespaces"))
    for task_id, samples in spec.items():
        store.add_task(Problem(task_id, "def f(): ...", "f", benchmark=BENCHMARK))
        for index, rounds in enumerate(samples):
            for round, result in enumerate(rounds):
                record_version(store, run_hash, task_id, index, round, result, len(samples))
        if task_id not in unfinished:
            record_result(store, run_hash, task_id, k)
