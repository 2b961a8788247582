"""Loading a pool that a pool run recorded in the store, then replaying it."""

from __future__ import annotations

import pytest

from codebudget.candidates import TOKEN_SHARE, load_pool
from codebudget.records import ExecStatus, Execution, FinishReason, Problem, Sample
from codebudget.replay import ReplayConfig, replay
from codebudget.store import ExecutionRow, ExtractionRow, GenerationKey, GenerationRow, RunRow, Store, TaskResultRow

POOL = "pool-1"
SPEC = {  # sample index -> rounds as (public, hidden); None = does not parse
    0: [(False, False), (True, True)],
    1: [None, (False, True)],
    2: [(True, False)],
}


def key(index: int, round: int) -> GenerationKey:
    return GenerationKey(POOL, "humaneval", "HumanEval/3", index, round)


def record(store: Store, index: int, round: int, result: tuple[bool, bool] | None) -> None:
    k = key(index, round)
    store.add_generation(GenerationRow(
        k, f"prompt {round}", Sample(f"code {index}.{round}", 20 + index, -0.5, FinishReason.STOP, index),
        0.8, "batch" if round == 0 else f"repair-{index}-{round}", 6.0 if round == 0 else 4.0,
        3 if round == 0 else 1, 40, "llamacpp", "qwen", *((index, round - 1) if round else (None, None)),
    ))
    store.add_extraction(ExtractionRow(k, f"code {index}.{round}", True, "fenced", result is not None))
    if result is None:
        return
    for kind, passed, seconds in (("public", result[0], 0.25), ("hidden", result[1], 0.5)):
        status = ExecStatus.PASSED if passed else ExecStatus.FAILED
        store.add_execution(ExecutionRow(k, kind, Execution(status, 2 if passed else 1, 2, wall_s=seconds)))


@pytest.fixture()
def store(tmp_path):
    with Store.open(tmp_path / "pool.db") as opened:
        opened.add_run(RunRow(POOL, {"m": 3, "k_max": 2, "temperature": 0.8}, "qwen"))
        opened.add_task(Problem("HumanEval/3", "p", "f", benchmark="humaneval"))
        for index, rounds in SPEC.items():
            for round, result in enumerate(rounds):
                record(opened, index, round, result)
        yield opened


def test_the_pool_has_every_version_and_the_batched_call(store):
    pool = load_pool(store, POOL)
    assert pool.k_max == 2 and pool.temperature == 0.8 and pool.m == 3
    (task,) = pool.tasks
    assert [len(c.versions) for c in task.chains] == [2, 2, 1]
    assert len(task.calls) == 1 and task.calls[0].wall_s == 6.0 and task.calls[0].sample_indices == (0, 1, 2)
    broken = task.chains[1].versions[0]
    assert not broken.syntax_ok and not broken.public.passed and broken.public.wall_s == 0.0
    repair = task.chains[0].versions[1]
    assert repair.gen_wall_s == 4.0 and repair.public.passed and repair.hidden.passed
    assert task.chains[0].versions[0].gen_wall_s == 2.0  # the equal share of the batched call
    assert repair.code == "code 0.1" and repair.n_tokens == 20


def test_replaying_the_loaded_pool(store):
    pool = load_pool(store, POOL)
    # N=3, K=1, honest: c0 fails, c1 does not parse, c2 passes public -> stop, pick c2 (hidden fails).
    result = replay(pool, ReplayConfig(3, 1), cost=TOKEN_SHARE)
    assert result.honest.pass_rate == 0.0 and result.oracle.pass_rate == 1.0
    assert result.honest.wall_s == pytest.approx(6.0 + 0.25 + 0.0 + 0.25)
    # N=1, K=1: {c0} repaired to a pass (H), {c1} repaired, still failing public but passing hidden, {c2} h.
    single = replay(pool, ReplayConfig(1, 1), cost=TOKEN_SHARE)
    assert single.honest.pass_rate == pytest.approx(2 / 3)


def test_missing_results_are_reported(store):
    store.add_generation(GenerationRow(
        key(3, 0), "prompt 0", Sample("x", 1, None, FinishReason.LENGTH), 0.8, "batch", 6.0, 3, 40))
    with pytest.raises(ValueError, match="no extraction"):
        load_pool(store, POOL)
    store.add_extraction(ExtractionRow(key(3, 0), "x", True, "fenced", True))
    with pytest.raises(ValueError, match="no 'public' execution"):
        load_pool(store, POOL)
    with pytest.raises(KeyError, match="no run"):
        load_pool(store, "missing")


def test_a_task_finishing_while_the_pool_is_read_is_left_out(store):
    """The pool run goes on while a report reads it: a task that finishes between the reads is skipped."""
    store.add_generation(GenerationRow(  # a fourth candidate: generated, not yet extracted
        key(3, 0), "prompt 0", Sample("code 3.0", 1, None, FinishReason.STOP, 3), 0.8, "batch", 6.0, 3, 40))

    class FinishesMidRead:
        def __init__(self, inner: Store) -> None:
            self.inner = inner

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def iter_generations(self, *scope):
            rows = list(self.inner.iter_generations(*scope))
            self.inner.add_extraction(ExtractionRow(key(3, 0), "code 3.0", True, "fenced", False))
            self.inner.add_task_result(TaskResultRow(POOL, "humaneval", "HumanEval/3", (), 1.0))
            return iter(rows)

    assert load_pool(FinishesMidRead(store), POOL, finished_only=True).tasks == ()
    (task,) = load_pool(store, POOL, finished_only=True).tasks
    assert len(task.chains) == 4
