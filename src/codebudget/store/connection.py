"""Opening the SQLite database with the settings the store relies on.

WAL journal with ``synchronous=NORMAL`` (the default) survives the writer
being killed at any point with every committed transaction intact: a commit
is in the WAL file, in the OS page cache, before ``COMMIT`` returns. Only a
power loss or OS crash can lose the last few commits (never corrupting the
database); pass ``synchronous="FULL"`` to make each commit wait for the disk.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Iterator

SYNCHRONOUS = ("OFF", "NORMAL", "FULL", "EXTRA")


def connect(path: str | Path, *, synchronous: str = "NORMAL", busy_timeout_s: float = 30.0) -> sqlite3.Connection:
    """Open (creating if needed) the database at ``path`` in autocommit mode with WAL."""
    if synchronous.upper() not in SYNCHRONOUS:
        raise ValueError(f"synchronous must be one of {SYNCHRONOUS}, got {synchronous!r}")
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=busy_timeout_s, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {synchronous.upper()}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction (``BEGIN IMMEDIATE``); nested in an open one it is a savepoint.

    On an exception everything written inside the block is rolled back and the
    exception propagates.
    """
    nested = conn.in_transaction
    conn.execute("SAVEPOINT nested" if nested else "BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        _undo(conn, nested)
        raise
    conn.execute("RELEASE nested" if nested else "COMMIT")


def _undo(conn: sqlite3.Connection, nested: bool) -> None:
    if nested:
        conn.execute("ROLLBACK TO nested")
        conn.execute("RELEASE nested")
    elif conn.in_transaction:
        conn.execute("ROLLBACK")


@contextlib.contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A read transaction: every query inside sees one consistent state; writers are not blocked."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")
