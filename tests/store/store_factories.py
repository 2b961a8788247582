"""Small builders of store records for the tests."""

from __future__ import annotations

from codebudget.records import ExecStatus, Execution, FinishReason, Problem, Sample
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

BENCH = "humaneval"


def run(config_hash: str = "cfg") -> RunRow:
    return RunRow(
        config_hash,
        {"n": 5, "k": 1, "temperature": 0.8},
        "qwen2.5-coder-1.5b",
        "ab" * 32,
        "2026-01-01T00:00:00+00:00",
        {"cpu": "test", "cores": 2},
        "process",
    )


def problem(task_id: str = "HumanEval/0") -> Problem:
    return Problem(task_id, "def f(x):\n", "f", ("assert f(1) == 1",), ("assert f(2) == 2",), benchmark=BENCH)


def key(config_hash: str = "cfg", task_id: str = "HumanEval/0", index: int = 0, round: int = 0) -> GenerationKey:
    return GenerationKey(config_hash, BENCH, task_id, index, round)


def generation(k: GenerationKey, text: str = "code", prompt: str = "write f") -> GenerationRow:
    parent = (k.sample_index, k.round - 1) if k.round else (None, None)
    return GenerationRow(
        k,
        prompt,
        Sample(text, 7 + k.sample_index, -0.25, FinishReason.STOP, 100 + k.sample_index),
        0.8,
        f"call-{k.task_id}-{k.round}-{k.sample_index if k.round else 'batch'}",
        1.5,
        3 if k.round == 0 else 1,
        12,
        "llamacpp",
        "qwen",
        *parent,
    )


def extraction(k: GenerationKey, syntax_ok: bool = True) -> ExtractionRow:
    return ExtractionRow(k, "def f(x): return x", True, "fenced", syntax_ok, None if syntax_ok else "line 1")


def execution(k: GenerationKey, kind: str = "public", passed: bool = True) -> ExecutionRow:
    status = ExecStatus.PASSED if passed else ExecStatus.FAILED
    return ExecutionRow(k, kind, Execution(status, int(passed), 1, None if passed else "t0", "", "", "", 0.125, 0.1, "process"))


def task_result(config_hash: str = "cfg", task_id: str = "HumanEval/0") -> TaskResultRow:
    selections = (Selection("public-tests", 0, 0, True, True), Selection("oracle", 0, 0, True, True))
    return TaskResultRow(config_hash, BENCH, task_id, selections, 4.5, {"sample": 3.0, "public": 1.5}, 21, 1)


def fill(store: Store, config_hash: str = "cfg", tasks: tuple[str, ...] = ("HumanEval/0",)) -> None:
    """A small complete run: 2 samples per task, sample 1 repaired once, all results."""
    store.add_run(run(config_hash))
    for task_id in tasks:
        store.add_task(problem(task_id))
        for k in (key(config_hash, task_id, 0), key(config_hash, task_id, 1), key(config_hash, task_id, 1, 1)):
            store.add_generation(generation(k))
            store.add_extraction(extraction(k))
            store.add_execution(execution(k, "public", passed=k != key(config_hash, task_id, 1)))
            store.add_execution(execution(k, "hidden"))
        store.add_task_result(task_result(config_hash, task_id))
