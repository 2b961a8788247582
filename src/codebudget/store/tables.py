"""Generic row access: insert-or-compare by primary key, typed column checks.

The table layouts come from the database itself (``PRAGMA table_info``), so
the migrations are the single source of truth for columns, types and keys.
"""

from __future__ import annotations

import dataclasses
import enum
import sqlite3
from typing import Any, Iterator, Mapping

# Tables in dependency order: a row's references come from tables before it.
TABLES = (
    "runs",
    "tasks",
    "prompts",
    "generations",
    "extractions",
    "executions",
    "task_results",
    "selections",
    "behaviours",
    "generated_tests",
    "evidence",
    "preparations",
    "task_workers",
)

# Export order inside a table; generations go by round so parents precede repairs.
ORDER = {
    "generations": ("config_hash", "benchmark", "task_id", "round", "sample_index"),
}

_PY_TYPES: dict[str, tuple[type, ...]] = {
    "TEXT": (str,),
    "INTEGER": (int,),
    "REAL": (int, float),
}


class Outcome(enum.Enum):
    """What :func:`put` did with a row."""

    INSERTED = "inserted"
    IDENTICAL = "identical"  # the same row was already there
    CONFLICT = "conflict"  # a different row with the same key is there


@dataclasses.dataclass(frozen=True)
class Column:
    """One column of a table, as the database declares it."""

    name: str
    type: str
    notnull: bool
    key_position: int  # 0 when not part of the primary key


@dataclasses.dataclass(frozen=True)
class Table:
    """A table's columns and primary key."""

    name: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Column names in declaration order."""
        return tuple(c.name for c in self.columns)

    @property
    def key(self) -> tuple[str, ...]:
        """Primary-key column names in key order."""
        keyed = sorted((c for c in self.columns if c.key_position), key=lambda c: c.key_position)
        return tuple(c.name for c in keyed)

    @property
    def order(self) -> tuple[str, ...]:
        """Columns that give this table's stable export order."""
        return ORDER.get(self.name, self.key)

    def problems(self, row: Mapping[str, Any]) -> list[str]:
        """What is wrong with ``row`` as a row of this table (empty when nothing)."""
        missing = [n for n in self.names if n not in row]
        unknown = [n for n in row if n not in self.names]
        found = [f"missing field {n!r}" for n in missing] + [f"unknown field {n!r}" for n in unknown]
        return found + [p for c in self.columns if c.name in row for p in _type_problems(c, row[c.name])]


def _type_problems(column: Column, value: Any) -> list[str]:
    if value is None:
        return [f"field {column.name!r} must not be null"] if column.notnull else []
    allowed = _PY_TYPES[column.type]
    if not isinstance(value, allowed) or (isinstance(value, bool) and column.type != "INTEGER"):
        return [f"field {column.name!r} must be {column.type.lower()}, got {type(value).__name__}"]
    return []


def describe(conn: sqlite3.Connection, name: str) -> Table:
    """Read table ``name``'s layout from the database."""
    rows = conn.execute(f"PRAGMA table_info({name})").fetchall()
    return Table(name, tuple(Column(r[1], r[2].upper(), bool(r[3]), r[5]) for r in rows))


def put(conn: sqlite3.Connection, table: Table, row: Mapping[str, Any]) -> Outcome:
    """Insert ``row`` unless its key exists; then report whether the existing row is the same."""
    names = list(row)
    sql = (
        f"INSERT INTO {table.name} ({', '.join(names)}) "
        f"VALUES ({', '.join('?' * len(names))}) ON CONFLICT DO NOTHING"
    )
    if conn.execute(sql, [row[n] for n in names]).rowcount == 1:
        return Outcome.INSERTED
    existing = fetch(conn, table, {k: row[k] for k in table.key})
    return Outcome.IDENTICAL if existing == _normalised(table, row) else Outcome.CONFLICT


def fetch(conn: sqlite3.Connection, table: Table, key: Mapping[str, Any]) -> dict[str, Any] | None:
    """The row of ``table`` with primary key ``key``, or None."""
    where = " AND ".join(f"{k} = ?" for k in key)
    cursor = conn.execute(f"SELECT * FROM {table.name} WHERE {where}", list(key.values()))
    found = cursor.fetchone()
    return None if found is None else dict(zip(table.names, found))


def select(
    conn: sqlite3.Connection, table: Table, where: Mapping[str, Any] | None = None
) -> Iterator[dict[str, Any]]:
    """Rows of ``table`` matching ``where`` (column = value), in the table's stable order."""
    where = {k: v for k, v in (where or {}).items() if v is not None}
    clause = (" WHERE " + " AND ".join(f"{k} = ?" for k in where)) if where else ""
    sql = f"SELECT * FROM {table.name}{clause} ORDER BY {', '.join(table.order)}"
    for found in conn.execute(sql, list(where.values())):
        yield dict(zip(table.names, found))


def _normalised(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """``row`` as the database would return it (REAL columns hold floats, booleans ints)."""
    kinds = {c.name: c.type for c in table.columns}
    return {n: _as_stored(kinds[n], row[n]) for n in table.names}


def _as_stored(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "REAL":
        return float(value)
    if kind == "INTEGER" and isinstance(value, bool):
        return int(value)
    return value
