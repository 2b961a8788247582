"""Writing and reading every record kind, idempotence, conflicts and resume lookups."""

from __future__ import annotations

import dataclasses

import pytest
import store_factories as f

from codebudget.store import ConflictError, Store, StoreError


@pytest.fixture()
def store(tmp_path):
    with Store.open(tmp_path / "results.db") as opened:
        yield opened


def test_every_record_reads_back_equal(store):
    f.fill(store)
    k = f.key(index=1, round=1)
    assert store.get_run("cfg") == f.run()
    assert store.get_task(f.BENCH, "HumanEval/0") == f.problem()
    assert store.get_generation(k) == f.generation(k)
    assert store.get_extraction(k) == f.extraction(k)
    assert store.get_execution(k, "hidden") == f.execution(k, "hidden")
    assert store.get_task_result("cfg", f.BENCH, "HumanEval/0") == f.task_result()


def test_missing_rows_read_as_none(store):
    f.fill(store)
    assert store.get_run("other") is None
    assert store.get_generation(f.key(index=9)) is None
    assert store.get_execution(f.key(), "mutants") is None
    assert store.get_task_result("cfg", f.BENCH, "HumanEval/9") is None


def test_iteration_is_ordered_and_scoped(store):
    f.fill(store, tasks=("HumanEval/1", "HumanEval/0"))
    f.fill(store, "other")
    keys = [g.key for g in store.iter_generations("cfg")]
    expected = [f.key("cfg", t, i, r) for t in ("HumanEval/0", "HumanEval/1") for r, i in ((0, 0), (0, 1), (1, 1))]
    assert keys == expected
    assert [g.key.task_id for g in store.iter_generations("cfg", f.BENCH, "HumanEval/1")] == ["HumanEval/1"] * 3
    assert len(list(store.iter_executions("cfg", kind="public"))) == 6
    assert len(list(store.iter_extractions("other"))) == 3
    assert [r.task_id for r in store.iter_task_results("cfg")] == ["HumanEval/0", "HumanEval/1"]
    assert [r.config_hash for r in store.iter_runs()] == ["cfg", "other"]
    assert len(list(store.iter_tasks(f.BENCH))) == 2


def test_adding_the_same_row_twice_is_a_no_op(store):
    f.fill(store)
    k = f.key()
    assert store.add_generation(f.generation(k)) is False
    assert store.add_execution(f.execution(k)) is False
    assert store.add_task_result(f.task_result()) is False
    assert len(list(store.iter_generations("cfg"))) == 3


def test_a_different_row_under_the_same_key_is_refused(store):
    f.fill(store)
    k = f.key()
    with pytest.raises(ConflictError, match="generations"):
        store.add_generation(f.generation(k, text="other code"))
    with pytest.raises(ConflictError, match="executions"):
        store.add_execution(f.execution(k, passed=False))
    assert store.get_generation(k) == f.generation(k)


def test_shared_prompts_are_stored_once(store):
    f.fill(store)
    count = store._conn.execute("SELECT count(*) FROM prompts").fetchone()[0]
    assert count == 1


def test_greedy_answers_are_found_by_task_and_prompt_across_runs(store):
    f.fill(store)  # samples at temperature 0.8 from a 3-sample call, prompt "write f"
    store.add_run(f.run("other"))
    store.add_task(f.problem("HumanEval/1"))
    greedy = [dataclasses.replace(f.generation(f.key(run, task, 5), prompt=prompt), temperature=0.0, call_samples=1)
              for run, task, prompt in (("other", "HumanEval/0", "write f"), ("other", "HumanEval/1", "write f"),
                                        ("cfg", "HumanEval/0", "fix f"))]
    for row in greedy[1:]:
        store.add_generation(row)
    assert list(store.iter_greedy_answers(f.BENCH, "HumanEval/0", "write f")) == []  # sampled, not greedy
    store.add_generation(greedy[0])
    assert list(store.iter_greedy_answers(f.BENCH, "HumanEval/0", "write f")) == [greedy[0]]
    assert list(store.iter_greedy_answers(f.BENCH, "HumanEval/0", "fix f")) == [greedy[2]]


def test_a_repair_needs_its_parent(store):
    store.add_run(f.run())
    store.add_task(f.problem())
    with pytest.raises(StoreError, match="FOREIGN KEY"):
        store.add_generation(f.generation(f.key(index=0, round=1)))
    assert not store.has_generation(f.key(index=0, round=1))


def test_a_repair_must_name_the_previous_round():
    with pytest.raises(ValueError, match="previous round"):
        dataclasses.replace(f.generation(f.key(round=2)), parent_round=0)
    with pytest.raises(ValueError, match="parent"):
        dataclasses.replace(f.generation(f.key()), parent_index=0, parent_round=0)


def test_resume_lookups(store):
    f.fill(store)
    assert store.has_generation(f.key(index=1, round=1))
    assert not store.has_generation(f.key(index=1, round=2))
    assert store.has_execution(f.key(), "hidden") and not store.has_execution(f.key(), "mutants")
    assert store.has_task_result("cfg", f.BENCH, "HumanEval/0")
    assert store.generation_keys("cfg") == {f.key(index=0), f.key(index=1), f.key(index=1, round=1)}
    assert store.generation_keys("nothing") == frozenset()


def test_a_failed_transaction_writes_nothing(store):
    store.add_run(f.run())
    store.add_task(f.problem())
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.add_generation(f.generation(f.key()))
            raise RuntimeError("crash in the middle")
    assert not store.has_generation(f.key())
    assert store._conn.execute("SELECT count(*) FROM prompts").fetchone()[0] == 0


def test_a_conflict_inside_a_transaction_keeps_the_earlier_writes(store):
    f.fill(store)
    with store.transaction():
        store.add_task(f.problem("HumanEval/5"))
        with pytest.raises(ConflictError):
            store.add_run(dataclasses.replace(f.run(), model="other"))
    assert store.get_task(f.BENCH, "HumanEval/5") == f.problem("HumanEval/5")


def test_selections_are_kept_per_policy(store):
    f.fill(store)
    result = store.get_task_result("cfg", f.BENCH, "HumanEval/0")
    assert result.selection("oracle").hidden_passed
    assert result.selection("logprob") is None
    assert [s.policy for s in result.selections] == ["oracle", "public-tests"]


def test_the_database_uses_wal(store):
    assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.integrity_check() == "ok"


def test_resuming_keeps_the_first_run_row(store):
    first = f.run()
    assert store.ensure_run(first) == first
    later = dataclasses.replace(first, created_at="2026-02-02T00:00:00+00:00", provenance={"cpu": "other"})
    assert store.ensure_run(later) == first
    with pytest.raises(ConflictError, match="different model or isolation"):
        store.ensure_run(dataclasses.replace(first, isolation="none"))
    with pytest.raises(ConflictError, match="different model or isolation"):
        store.ensure_run(dataclasses.replace(first, model_sha256="0" * 64))


def test_a_run_extended_with_more_tasks_resumes_under_its_hash(store):
    """Fields outside the hash (a task limit, a label) may differ between the sessions of one run."""
    first = f.run()
    store.ensure_run(first)
    extended = dataclasses.replace(first, config={**first.config, "limit": 164, "label": "chunk 2"})
    assert store.ensure_run(extended) == first


def test_json_values_compare_by_content(store):
    run = dataclasses.replace(f.run(), config={"ns": (1, 2), "b": {"y": 1, "x": 2}})
    store.add_run(run)
    assert store.add_run(dataclasses.replace(run, config={"b": {"x": 2, "y": 1}, "ns": [1, 2]})) is False
    assert store.get_run("cfg").config == {"ns": [1, 2], "b": {"x": 2, "y": 1}}
