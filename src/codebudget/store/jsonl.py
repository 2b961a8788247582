"""Export to and import from compressed JSON Lines (``.jsonl.gz``).

The first line is a header ``{"type": "header", "format": "codebudget-store",
"version": 1, "schema": <migration number>}``. Every other line is one table
row with a ``"type"`` field (``run``, ``task``, ``prompt``, ``generation``,
``extraction``, ``execution``, ``task_result``, ``selection``,
``task_worker``, ``generated_test``, ``preparation``); a column ``x_json`` appears as the JSON value ``x``. The
runs come first, then one block per task: the task, the prompts its
generations use (each prompt once per file), its generations (by round, so a
repair follows its parent), extractions, executions, task results,
selections and where each task was done, each in key order, then the tests models wrote for the task
(CodeT-style selection; kept per task, not per run, so a scoped export
carries every generator's: they cost model time to make again).
Grouping by task keeps similar samples close, where gzip finds them. The gzip
header carries no name or time, so the same data always gives the same bytes.

Import runs in one transaction: any unreadable line (truncated gzip,
malformed JSON, unknown type, wrong fields, broken reference) raises
:class:`ImportFormatError` naming the file and line, and leaves the database
as it was. Rows already present with the same content are skipped, so
importing twice changes nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import json
import os
import sqlite3
import zlib
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from codebudget.errors import json_kind
from codebudget.store import tables
from codebudget.store.codec import JSON_SUFFIX, canonical_json, prompt_sha256
from codebudget.store.connection import folder_problem, snapshot, transaction
from codebudget.store.errors import ConflictError, ImportFormatError, StoreError

FORMAT = "codebudget-store"
VERSION = 1
TYPES = {
    "runs": "run",
    "tasks": "task",
    "prompts": "prompt",
    "generations": "generation",
    "extractions": "extraction",
    "executions": "execution",
    "task_results": "task_result",
    "selections": "selection",
    "generated_tests": "generated_test",
    "preparations": "preparation",
    "task_workers": "task_worker",
}
TABLE_OF = {type_: table for table, type_ in TYPES.items()}
CONFLICT_POLICIES = ("error", "skip")



@dataclasses.dataclass(frozen=True)
class ImportReport:
    """What an import did: rows inserted and already present per type, and conflicts skipped."""

    path: str
    inserted: Mapping[str, int] = dataclasses.field(default_factory=dict, hash=False)
    identical: Mapping[str, int] = dataclasses.field(default_factory=dict, hash=False)
    conflicts: tuple[str, ...] = ()  # one line each: file, line, table and key


def export(
    conn: sqlite3.Connection,
    schema: Mapping[str, tables.Table],
    path: Path,
    config_hashes: tuple[str, ...] | None,
    schema_version: int,
) -> int:
    """Write the export file atomically (temporary file, then rename); return the line count."""
    header = {"type": "header", "format": FORMAT, "version": VERSION, "schema": schema_version}
    if path.is_dir():
        raise StoreError(f"cannot write the export {path}: it is a folder")
    temporary = path.with_name(path.name + ".tmp")
    count = 0
    try:
        with open(temporary, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as out:
            for line in [header, *_rows(conn, schema, config_hashes)]:
                out.write((json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8"))
                count += 1
        os.replace(temporary, path)
    except OSError as error:
        problem = folder_problem(path.parent, error, create=False)
        raise StoreError(f"cannot write the export {path}: {problem}") from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    return count


def _rows(
    conn: sqlite3.Connection, schema: Mapping[str, tables.Table], config_hashes: tuple[str, ...] | None
) -> Iterator[dict[str, Any]]:
    scope = _Scope(config_hashes)
    with snapshot(conn):  # one consistent state even while others write
        yield from _typed(_query(conn, schema["runs"], *scope.runs()))
        written: set[str] = set()
        for task in list(_query(conn, schema["tasks"], *scope.tasks())):
            yield from _typed([task])
            where = (task["benchmark"], task["task_id"])
            prompts = [p for p in _query(conn, schema["prompts"], *scope.prompts(*where)) if p["sha256"] not in written]
            written.update(p["sha256"] for p in prompts)
            yield from _typed(prompts)
            for name in _PER_TASK:
                yield from _typed(_query(conn, schema[name], *scope.of_task(*where)))
            yield from _typed(_query(conn, schema["generated_tests"], *scope.generated_tests(*where)))


_PER_TASK = ("preparations", "generations", "extractions", "executions", "task_results", "selections",
             "task_workers")


def _typed(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield {"type": TYPES[row.pop("_table")], **_expand(row)}


def _query(
    conn: sqlite3.Connection, table: tables.Table, condition: str, params: list[Any]
) -> Iterator[dict[str, Any]]:
    sql = f"SELECT * FROM {table.name} WHERE {condition} ORDER BY {', '.join(table.order)}"
    for found in conn.execute(sql, params):
        yield {"_table": table.name, **dict(zip(table.names, found))}


@dataclasses.dataclass(frozen=True)
class _Scope:
    """SQL conditions selecting the rows of some configurations (all when None)."""

    config_hashes: tuple[str, ...] | None

    def _configs(self) -> tuple[str, list[Any]]:
        if self.config_hashes is None:
            return "1", []
        return f"config_hash IN ({', '.join('?' * len(self.config_hashes))})", list(self.config_hashes)

    def runs(self) -> tuple[str, list[Any]]:
        return self._configs()

    def tasks(self) -> tuple[str, list[Any]]:
        if self.config_hashes is None:
            return "1", []
        used, params = self._configs()
        condition = (
            f"(benchmark, task_id) IN (SELECT benchmark, task_id FROM generations WHERE {used}"
            f" UNION SELECT benchmark, task_id FROM task_results WHERE {used})"
        )
        return condition, params * 2

    def of_task(self, benchmark: str, task_id: str) -> tuple[str, list[Any]]:
        used, params = self._configs()
        return f"benchmark = ? AND task_id = ? AND {used}", [benchmark, task_id, *params]

    @staticmethod
    def generated_tests(benchmark: str, task_id: str) -> tuple[str, list[Any]]:
        """Every generator's tests for the task, whatever the scope: they are kept per task, not per run."""
        return "benchmark = ? AND task_id = ?", [benchmark, task_id]

    def prompts(self, benchmark: str, task_id: str) -> tuple[str, list[Any]]:
        condition, params = self.of_task(benchmark, task_id)
        return f"sha256 IN (SELECT prompt_sha256 FROM generations WHERE {condition})", params


def _expand(row: Mapping[str, Any]) -> dict[str, Any]:
    return {_bare(k): json.loads(v) if k.endswith(JSON_SUFFIX) else v for k, v in row.items()}


def _bare(name: str) -> str:
    return name[: -len(JSON_SUFFIX)] if name.endswith(JSON_SUFFIX) else name


def import_(
    conn: sqlite3.Connection, schema: Mapping[str, tables.Table], path: Path, *, on_conflict: str = "error"
) -> ImportReport:
    """Merge the export at ``path`` into the database, all or nothing.

    A row whose key is present with different content is a conflict: with
    ``on_conflict="error"`` the import stops (:class:`ConflictError`, nothing
    written); with ``"skip"`` the stored row is kept and the conflict listed in
    the report.
    """
    if on_conflict not in CONFLICT_POLICIES:
        raise ValueError(f"on_conflict must be one of {CONFLICT_POLICIES}, got {on_conflict!r}")
    inserted: dict[str, int] = {}
    identical: dict[str, int] = {}
    conflicts: list[str] = []
    with transaction(conn):
        for where, name, row in _parsed(path, schema):
            outcome = _put(conn, schema[name], row, where)
            if outcome is tables.Outcome.CONFLICT:
                message = f"{where}: {TYPES[name]} conflicts with the stored row under {_key(schema[name], row)}"
                if on_conflict == "error":
                    raise ConflictError(message)
                conflicts.append(message)
            tally = inserted if outcome is tables.Outcome.INSERTED else identical
            if outcome is not tables.Outcome.CONFLICT:
                tally[TYPES[name]] = tally.get(TYPES[name], 0) + 1
    return ImportReport(str(path), inserted, identical, tuple(conflicts))


def _put(conn: sqlite3.Connection, table: tables.Table, row: Mapping[str, Any], where: str) -> tables.Outcome:
    try:
        return tables.put(conn, table, row)
    except sqlite3.IntegrityError as error:
        raise ImportFormatError(f"{where}: {TYPES[table.name]} rejected by the database: {error}") from None


def _key(table: tables.Table, row: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={row[k]!r}" for k in table.key)


def _parsed(path: Path, schema: Mapping[str, tables.Table]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(file:line, table, columns)`` for each row line, after checking the header."""
    lines = _lines(path)
    first = next(lines, None)
    if first is None:
        raise ImportFormatError(f"{path}: line 1: empty file, expected a header")
    _check_header(f"{path}:{first[0]}", _object(f"{path}:{first[0]}", first[1]))
    for number, text in lines:
        where = f"{path}:{number}"
        name, row = _row(where, _object(where, text), schema)
        yield where, name, row


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    if not path.exists():
        raise ImportFormatError(f"{path}: no such file")
    if not path.is_file():
        raise ImportFormatError(f"{path}: not a file")
    number = 0
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for number, text in enumerate(handle, 1):
                yield number, text
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as error:
        raise ImportFormatError(f"{path}:{number + 1}: cannot read (truncated or not gzip?): {error}") from None


def _object(where: str, text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError as error:
        raise ImportFormatError(f"{where}: malformed JSON: {error}") from None
    if not isinstance(value, dict):
        raise ImportFormatError(f"{where}: expected a JSON object with a string 'type', got {json_kind(value)}")
    if not isinstance(value.get("type"), str):
        raise ImportFormatError(f"{where}: expected a JSON object with a string 'type'")
    return value


def _check_header(where: str, header: Mapping[str, Any]) -> None:
    if header.get("type") != "header" or header.get("format") != FORMAT:
        raise ImportFormatError(f"{where}: not a codebudget store export (no header line)")
    if header.get("version") != VERSION:
        raise ImportFormatError(f"{where}: export format version {header.get('version')!r}, expected {VERSION}")


def _row(where: str, line: dict[str, Any], schema: Mapping[str, tables.Table]) -> tuple[str, dict[str, Any]]:
    name = TABLE_OF.get(line.pop("type"))
    if name is None:
        raise ImportFormatError(f"{where}: unknown type; expected one of {sorted(TABLE_OF)}")
    table = schema[name]
    row = {_column(table, k): _value(table, k, v) for k, v in line.items()}
    problems = table.problems(row)
    if problems:
        raise ImportFormatError(f"{where}: {TYPES[name]}: {'; '.join(problems)}")
    if name == "prompts" and prompt_sha256(row["text"]) != row["sha256"]:
        raise ImportFormatError(f"{where}: prompt text does not match its sha256")
    return name, row


def _column(table: tables.Table, field: str) -> str:
    packed = field + JSON_SUFFIX
    return packed if packed in table.names and field not in table.names else field


def _value(table: tables.Table, field: str, value: Any) -> Any:
    return canonical_json(value) if _column(table, field) != field else value
