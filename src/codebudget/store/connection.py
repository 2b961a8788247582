"""Opening the SQLite database with the settings the store relies on.

WAL journal with ``synchronous=NORMAL`` (the default) survives the writer
being killed at any point with every committed transaction intact: a commit
is in the WAL file, in the OS page cache, before ``COMMIT`` returns. Only a
power loss or OS crash can lose the last few commits (never corrupting the
database); pass ``synchronous="FULL"`` to make each commit wait for the disk.

Commands that only read open the file with ``mode=ro`` instead
(:func:`open_database`): no WAL switch, nothing written, so a store in a
read-only folder can be read. Every failure to open is one
:class:`~codebudget.store.errors.StoreError` line that names what is wrong
with the path: a folder, not SQLite, a folder or file that cannot be written.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
import urllib.parse
from pathlib import Path
from typing import Iterator

from codebudget.store.errors import StoreError

SYNCHRONOUS = ("OFF", "NORMAL", "FULL", "EXTRA")


def connect(path: str | Path, *, synchronous: str = "NORMAL", busy_timeout_s: float = 30.0) -> sqlite3.Connection:
    """Open (creating if needed) the database at ``path`` in autocommit mode with WAL."""
    conn = open_database(path, busy_timeout_s=busy_timeout_s)
    try:
        configure(conn, path, synchronous=synchronous)
    except BaseException:
        conn.close()
        raise
    return conn


def open_database(path: str | Path, *, read_only: bool = False, busy_timeout_s: float = 30.0) -> sqlite3.Connection:
    """A connection to the database at ``path`` (autocommit), its header read; nothing is written yet.

    Writable (the default): the file and its folder are created if missing.
    ``read_only``: the file must exist; it is opened with ``mode=ro`` and
    ``query_only``, so that nothing, not even the journal mode, can change it.
    A store in a folder that cannot be written (where SQLite cannot make the
    ``-shm`` file a WAL reader needs) is read as an immutable file: no writer
    can be at work in such a folder. Every failure is a :class:`StoreError`
    that says what is wrong with the path (a folder, not SQLite, not writable).
    """
    if str(path) == ":memory:":
        conn = sqlite3.connect(":memory:", timeout=busy_timeout_s, isolation_level=None)
    else:
        path = Path(path)
        if path.is_dir():
            raise StoreError(f"{path} is a folder, not a store file")
        conn = _open_file(path, read_only, busy_timeout_s)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
        if read_only:
            conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reads the header: not SQLite fails here
    except sqlite3.Error as error:
        conn.close()
        raise explain(path, error, read_only=read_only) from None
    return conn


def _switch_to_wal(conn: sqlite3.Connection, patience_s: float = 30.0) -> None:
    """``PRAGMA journal_mode = WAL``, waiting while another process holds the new file's lock.

    SQLite does not call the busy handler for this switch: two processes that
    open a store file nobody has used yet (two ``pool`` commands started at
    once) would otherwise fail with "database is locked" at once.
    """
    deadline = time.monotonic() + patience_s
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def configure(conn: sqlite3.Connection, path: str | Path, *, synchronous: str = "NORMAL") -> None:
    """Switch a writable connection to WAL with ``synchronous`` and foreign keys (the store's settings)."""
    if synchronous.upper() not in SYNCHRONOUS:
        raise ValueError(f"synchronous must be one of {SYNCHRONOUS}, got {synchronous!r}")
    try:
        _switch_to_wal(conn)
        conn.execute(f"PRAGMA synchronous = {synchronous.upper()}")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as error:
        raise explain(path, error, read_only=False) from None


def _open_file(path: Path, read_only: bool, busy_timeout_s: float) -> sqlite3.Connection:
    if read_only:
        if not path.is_file():
            raise StoreError(f"no store file at {path}")
        uri = f"file:{urllib.parse.quote(str(path.absolute()))}?mode=ro"
        if not writable_folder(path.parent) and not _has_wal(path):
            uri += "&immutable=1"  # no -shm can be made here, and no writer can work here either
        try:
            return sqlite3.connect(uri, uri=True, timeout=busy_timeout_s, isolation_level=None)
        except sqlite3.Error as error:
            raise explain(path, error, read_only=True) from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the store {path}: {folder_problem(path.parent, error)}") from None
    try:
        return sqlite3.connect(str(path), timeout=busy_timeout_s, isolation_level=None)
    except sqlite3.Error as error:
        raise explain(path, error, read_only=False) from None


def explain(path: str | Path, error: sqlite3.Error, *, read_only: bool) -> StoreError:
    """A one-line :class:`StoreError` for a failure to open or set up the database at ``path``."""
    path = Path(path)
    name = getattr(error, "sqlite_errorname", "")
    if name == "SQLITE_NOTADB":
        return StoreError(f"{path} is not a SQLite database, so not a codebudget store (left untouched)")
    if not read_only and name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_PERM")):
        folder = path.parent
        if not path.exists():
            return StoreError(f"cannot create the store {path}: {folder_problem(folder)}")
        if not writable_folder(folder):
            return StoreError(
                f"cannot write to the store {path}: {folder_problem(folder)} (SQLite keeps its {path.name}-wal "
                "and -shm files beside the store); commands that only read it still work"
            )
        if not os.access(path, os.R_OK | os.W_OK):
            return StoreError(f"cannot write to the store {path}: the file is read-only; "
                              "commands that only read it still work")
    if read_only and _has_wal(path) and not writable_folder(path.parent):
        return StoreError(
            f"cannot read the store {path}: it has unfinished writes in {path.name}-wal and its folder is read-only; "
            "open it once with a command that writes, where its folder can be written"
        )
    return StoreError(f"cannot open the store {path}: {error}")


def writable_folder(folder: Path) -> bool:
    """Whether files can be created in ``folder`` (a read-only mount binds root too)."""
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return False
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _has_wal(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    return wal.is_file() and wal.stat().st_size > 0


def folder_problem(folder: Path, error: OSError | None = None, *, create: bool = True) -> str:
    """Why no file can be made in ``folder`` (created first when ``create``), in a few words."""
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    if not existing.is_dir():
        return f"{existing} is a file, not a folder"
    if existing != folder and not create:
        return f"there is no folder {folder}"
    try:
        if os.statvfs(existing).f_flag & os.ST_RDONLY:
            return f"{existing} is on a read-only file system"
    except OSError:
        pass
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"the folder {existing} is not writable"
    if error is not None:
        return str(error.strerror or error)
    return f"the folder {folder} is not writable"


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
