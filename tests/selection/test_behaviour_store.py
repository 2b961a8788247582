"""Migration 0004 (the behaviours cache) and the store's two small methods for it."""

from __future__ import annotations

import pytest

from codebudget.records import FinishReason, Sample
from codebudget.store import BehaviourRow, ConflictError, GenerationKey, GenerationRow, RunRow, Store, StoreError
from codebudget.store.connection import connect
from codebudget.store.migrations import applied, builtin_migrations, migrate

KEY = GenerationKey("cfg", "bench", "T/0", 0, 0)


def generation(key: GenerationKey = KEY) -> GenerationRow:
    return GenerationRow(key, "prompt", Sample("text", 3, -0.5, FinishReason.STOP, 0), 0.8, "call", 1.0, 1)


def fill(store: Store) -> None:
    from codebudget.records import Problem

    store.add_run(RunRow("cfg", {"n": 1}, "model"))
    store.add_task(Problem("T/0", "p", "f", benchmark="bench"))
    store.add_generation(generation())


def row(output: str = "=1", sha: str = "a" * 64, key: GenerationKey = KEY) -> BehaviourRow:
    return BehaviourRow(key, sha, "f(1)", output, 0.125)


def test_a_new_database_has_the_behaviours_table(tmp_path):
    with Store.open(tmp_path / "new.db") as store:
        assert store.schema_version == len(builtin_migrations()) >= 4
        assert [m.name for m in builtin_migrations()][3] == "behaviours"
        fill(store)
        assert store.add_behaviour(row()) is True
        assert list(store.iter_behaviours("cfg")) == [row()]


def test_a_database_at_migration_3_upgrades_with_its_data(tmp_path):
    path = tmp_path / "old.db"
    conn = connect(path)
    assert migrate(conn, target=3) == [1, 2, 3]
    old = Store(conn, str(path))
    fill(old)
    old.close()
    assert applied(connect(path)) == [1, 2, 3]
    with Store.open(path) as store:
        assert store.schema_version == len(builtin_migrations())
        assert store.get_generation(KEY) == generation()
        store.add_behaviour(row())
        assert [r.output for r in store.iter_behaviours("cfg", "bench", "T/0")] == ["=1"]


def test_rows_are_idempotent_keyed_by_input_and_tied_to_a_generation(tmp_path):
    with Store.open(tmp_path / "s.db") as store:
        fill(store)
        assert store.add_behaviour(row()) is True
        assert store.add_behaviour(row()) is False  # the same row again: nothing to do
        with pytest.raises(ConflictError):
            store.add_behaviour(row(output="=2"))
        assert store.add_behaviour(row(output="=2", sha="b" * 64)) is True  # another input
        with pytest.raises(StoreError):
            store.add_behaviour(row(key=GenerationKey("cfg", "bench", "T/0", 5, 0)))  # no such generation
        assert [r.input_sha256[0] for r in store.iter_behaviours("cfg")] == ["a", "b"]
        assert list(store.iter_behaviours("cfg", "bench", "T/9")) == []


def test_behaviours_are_a_cache_left_out_of_exports(tmp_path):
    with Store.open(tmp_path / "s.db") as store:
        fill(store)
        store.add_behaviour(row())
        before = store.export_jsonl(tmp_path / "a.jsonl.gz")
    with Store.open(tmp_path / "t.db") as other:
        other.import_jsonl(tmp_path / "a.jsonl.gz")
        assert other.get_generation(KEY) is not None and list(other.iter_behaviours("cfg")) == []
    assert before == 5  # header, run, task, prompt, generation
