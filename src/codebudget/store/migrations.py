"""Numbered schema migrations, each applied once, in order, in its own transaction.

The applied numbers live in the ``_migrations`` table. A migration is either a
file ``sql/NNNN_name.sql`` in this package or a Python function registered
with :func:`migration`; numbers run 1, 2, 3, ... without gaps. To change the
schema, add the next number; never edit one that has shipped.

Each migration and its ``_migrations`` row commit together (SQLite DDL is
transactional), so a crash mid-migration leaves the previous version intact.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sqlite3
from importlib import resources
from typing import Callable, Iterable, Iterator, Sequence

from codebudget.store.errors import OutdatedSchemaError, SchemaError

Apply = Callable[[sqlite3.Connection], None]
_SQL_NAME = re.compile(r"^(\d{4})_(\w+)\.sql$")
_PYTHON: list["Migration"] = []


@dataclasses.dataclass(frozen=True)
class Migration:
    """One schema step: its number, a short name and the function that applies it."""

    number: int
    name: str
    apply: Apply
    foreign_keys_off: bool = False
    """Run with foreign keys off (SQLite's way to make a table again: copy, drop, rename), every foreign key
    checked before the commit (``PRAGMA foreign_key_check``)."""


def migration(number: int, name: str) -> Callable[[Apply], Apply]:
    """Register a Python function as built-in migration ``number``."""

    def register(function: Apply) -> Apply:
        _PYTHON.append(Migration(number, name, function))
        return function

    return register


def sql_statements(script: str) -> Iterator[str]:
    """Split a script into complete statements (triggers included)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip() and not pending.strip().startswith("--"):
        raise SchemaError(f"incomplete SQL statement at the end of a migration: {pending.strip()[:60]!r}")


FOREIGN_KEYS_OFF = "-- foreign keys: off"
"""A line of a migration script that asks for it to run with foreign keys off (:attr:`Migration.foreign_keys_off`)."""


def sql_migration(number: int, name: str, script: str) -> Migration:
    """A migration that runs ``script`` statement by statement inside the transaction."""

    def apply(conn: sqlite3.Connection) -> None:
        for statement in sql_statements(script):
            conn.execute(statement)

    return Migration(number, name, apply, FOREIGN_KEYS_OFF in script.splitlines())


def builtin_migrations() -> tuple[Migration, ...]:
    """The package's migrations: the SQL files and the registered functions, by number."""
    found = list(_PYTHON)
    for entry in resources.files("codebudget.store").joinpath("sql").iterdir():
        match = _SQL_NAME.match(entry.name)
        if match:
            found.append(sql_migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    return checked(found)


def checked(migrations: Iterable[Migration]) -> tuple[Migration, ...]:
    """``migrations`` in order, refusing duplicates and gaps."""
    ordered = tuple(sorted(migrations, key=lambda m: m.number))
    numbers = [m.number for m in ordered]
    if numbers != list(range(1, len(ordered) + 1)):
        raise SchemaError(f"migrations must be numbered 1..n without gaps, got {numbers}")
    return ordered


def applied(conn: sqlite3.Connection) -> list[int]:
    """The migration numbers already applied to ``conn``'s database (none when it has no ``_migrations``)."""
    if not _has_table(conn):
        return []
    return [row[0] for row in conn.execute("SELECT number FROM _migrations ORDER BY number")]


def check_store(conn: sqlite3.Connection, where: str) -> None:
    """Refuse a database that holds tables but is not a codebudget store (it has no ``_migrations``).

    An empty database is a store with nothing in it yet; :func:`migrate` builds it.
    """
    if _has_table(conn):
        return
    names = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    if names:
        shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
        raise SchemaError(f"{where} is a SQLite database but not a codebudget store (its tables: {shown})")


def check_current(conn: sqlite3.Connection, where: str, migrations: Sequence[Migration] | None = None) -> None:
    """Refuse, without changing anything, a store whose schema is not exactly this code's (for reading only)."""
    known = len(checked(builtin_migrations() if migrations is None else migrations))
    numbers = applied(conn)
    newest = max(numbers, default=0)
    if not numbers:
        raise SchemaError(f"{where} is an empty database, not a codebudget store")
    if newest > known:
        raise SchemaError(f"the database has schema migration {newest}; this codebudget knows only up to {known}")
    if len(numbers) < known:
        raise OutdatedSchemaError(
            f"the store {where} has schema migration {newest} and this codebudget needs {known}, and a store opened "
            "read-only is not upgraded: run a command that writes to it (run, pool, import, forget) where it can be "
            "written, then read it here"
        )


def migrate(
    conn: sqlite3.Connection,
    migrations: Sequence[Migration] | None = None,
    *,
    target: int | None = None,
) -> list[int]:
    """Apply the missing migrations up to ``target`` (default: all); return those applied.

    ``conn`` must be in autocommit mode (``isolation_level=None``). A database
    that already has a migration this code does not know raises
    :class:`SchemaError` rather than being touched.
    """
    steps = checked(builtin_migrations() if migrations is None else migrations)
    last = len(steps) if target is None else target
    done: list[int] = []
    for step in steps[:last]:
        if _apply_once(conn, step, known=len(steps)):
            done.append(step.number)
    return done


def _apply_once(conn: sqlite3.Connection, step: Migration, *, known: int) -> bool:
    _ensure_table(conn)
    enforced = bool(conn.execute("PRAGMA foreign_keys").fetchone()[0])
    if step.foreign_keys_off and enforced:
        conn.execute("PRAGMA foreign_keys = OFF")  # only outside a transaction
        try:
            return _apply_in_transaction(conn, step, known=known)
        finally:
            conn.execute("PRAGMA foreign_keys = ON")
    return _apply_in_transaction(conn, step, known=known)


def _apply_in_transaction(conn: sqlite3.Connection, step: Migration, *, known: int) -> bool:
    conn.execute("BEGIN IMMEDIATE")
    try:
        numbers = {row[0] for row in conn.execute("SELECT number FROM _migrations")}
        newest = max(numbers, default=0)
        if newest > known:
            raise SchemaError(
                f"the database has schema migration {newest}; this codebudget knows only up to {known}"
            )
        if step.number in numbers:
            conn.execute("ROLLBACK")
            return False
        step.apply(conn)
        if step.foreign_keys_off and conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise SchemaError(f"migration {step.number} ({step.name}) would break a foreign key; nothing changed")
        conn.execute(
            "INSERT INTO _migrations (number, name, applied_at) VALUES (?, ?, ?)",
            (step.number, step.name, dt.datetime.now(dt.timezone.utc).isoformat()),
        )
        conn.execute("COMMIT")
        return True
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _has_table(conn: sqlite3.Connection) -> bool:
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'").fetchone()
    return found is not None


def _ensure_table(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations ("
        "number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
