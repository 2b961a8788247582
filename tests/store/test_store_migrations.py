"""Numbered migrations: applied once and in order, upgrades keep data, failures roll back."""

from __future__ import annotations

import sqlite3

import pytest
import store_factories as f

from codebudget.store import SchemaError, Store
from codebudget.store.connection import connect
from codebudget.store.migrations import Migration, applied, builtin_migrations, migrate, sql_migration, sql_statements


def tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_a_new_database_gets_every_migration_once(tmp_path):
    path = tmp_path / "new.db"
    with Store.open(path) as store:
        assert store.schema_version == len(builtin_migrations()) >= 2
    conn = connect(path)
    assert migrate(conn) == []  # nothing left to apply on reopening
    assert applied(conn) == list(range(1, len(builtin_migrations()) + 1))


def test_a_version_1_database_upgrades_with_its_data(tmp_path):
    path = tmp_path / "old.db"
    conn = connect(path)
    assert migrate(conn, target=1) == [1]
    assert "task_results" not in tables(conn)
    conn.execute("INSERT INTO runs VALUES ('cfg', '{}', 'm', NULL, '2025-01-01', '{}', 'none')")
    conn.execute("INSERT INTO tasks VALUES (?, ?, ?)", (f.BENCH, "HumanEval/0", '{"task_id": "HumanEval/0",'
                 ' "prompt": "p", "entry_point": "f", "benchmark": "humaneval"}'))
    conn.close()

    with Store.open(path) as store:
        assert store.schema_version == len(builtin_migrations())
        assert store.get_run("cfg").model == "m"
        assert store.get_task(f.BENCH, "HumanEval/0").entry_point == "f"
        store.add_generation(f.generation(f.key()))
        store.add_task_result(f.task_result())  # the new tables work
        assert store.has_task_result("cfg", f.BENCH, "HumanEval/0")


def test_a_database_from_newer_code_is_refused(tmp_path):
    path = tmp_path / "future.db"
    Store.open(path).close()
    conn = connect(path)
    conn.execute("INSERT INTO _migrations VALUES (99, 'future', 'later')")
    conn.close()
    with pytest.raises(SchemaError, match="99"):
        Store.open(path)


def test_a_failing_migration_leaves_the_previous_version(tmp_path):
    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("migration bug")

    steps = [sql_migration(1, "one", "CREATE TABLE one (x);"), Migration(2, "broken", broken)]
    conn = connect(tmp_path / "m.db")
    with pytest.raises(RuntimeError):
        migrate(conn, steps)
    assert applied(conn) == [1]
    assert "half_done" not in tables(conn) and "one" in tables(conn)


def test_python_and_sql_migrations_run_in_number_order(tmp_path):
    order: list[str] = []
    steps = [Migration(2, "b", lambda c: order.append("b")), Migration(1, "a", lambda c: order.append("a"))]
    assert migrate(connect(tmp_path / "m.db"), steps) == [1, 2]
    assert order == ["a", "b"]


def test_gaps_and_duplicates_are_refused(tmp_path):
    conn = connect(tmp_path / "m.db")
    with pytest.raises(SchemaError, match="without gaps"):
        migrate(conn, [sql_migration(1, "a", ""), sql_migration(3, "c", "")])
    with pytest.raises(SchemaError, match="without gaps"):
        migrate(conn, [sql_migration(1, "a", ""), sql_migration(1, "b", "")])


def test_scripts_split_into_statements_with_triggers():
    script = (
        "-- a comment; with a semicolon\n"
        "CREATE TABLE t (x);\n"
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET x = 1;\n  SELECT 1;\nEND;\n"
    )
    statements = list(sql_statements(script))
    assert len(statements) == 2
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")
    with pytest.raises(SchemaError, match="incomplete"):
        list(sql_statements("CREATE TABLE t (x)"))
