"""The :class:`Store`: typed writes and reads of runs, tasks, generations and their results.

Every ``add_*`` is idempotent: writing a row that is already there (same key,
same content) does nothing and returns False; a different row under the same
key raises :class:`ConflictError`. Each ``add_*`` commits on its own unless it
runs inside :meth:`Store.transaction`, so a crash loses at most the item in
flight.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence, TypeVar

from codebudget.records import Preparation, Problem
from codebudget.store import jsonl, migrations, tables
from codebudget.store.codec import canonical_json, flatten, problem_from_json, problem_to_json, prompt_sha256, unflatten
from codebudget.store.connection import configure, open_database, transaction
from codebudget.store.errors import ConflictError, StoreError
from codebudget.store.records import (
    BehaviourRow,
    EvidenceRow,
    PreparationRow,
    ExecutionRow,
    ExtractionRow,
    GeneratedTestsRow,
    GenerationKey,
    GenerationRow,
    RunRow,
    Selection,
    TaskResultRow,
    TaskWorkerRow,
)

R = TypeVar("R")
_GENERATIONS_WITH_PROMPT = (
    "SELECT g.*, p.text AS prompt FROM generations AS g JOIN prompts AS p ON p.sha256 = g.prompt_sha256"
)


class Store:
    """One SQLite database of codebudget results; open it with :meth:`Store.open`."""

    def __init__(self, conn: sqlite3.Connection, path: str, *, read_only: bool = False) -> None:
        self._conn = conn
        self.path = path
        self.read_only = read_only
        self._tables = {name: tables.describe(conn, name) for name in tables.TABLES}

    @classmethod
    def open(cls, path: str | Path, *, synchronous: str = "NORMAL", busy_timeout_s: float = 30.0) -> Store:
        """Open the database at ``path`` to write, creating it or applying missing migrations.

        A file that is not SQLite, a SQLite database that is not a store, or a
        store that cannot be written (its folder is read-only) raises a one-line
        :class:`StoreError` before anything in the file changes.
        """
        conn = open_database(path, busy_timeout_s=busy_timeout_s)
        try:
            migrations.check_store(conn, str(path))
            configure(conn, path, synchronous=synchronous)
            migrations.migrate(conn)
        except BaseException:
            conn.close()
            raise
        return cls(conn, str(path))

    @classmethod
    def open_read_only(cls, path: str | Path, *, busy_timeout_s: float = 30.0) -> Store:
        """Open the existing store at ``path`` for reading only: the one way for commands that only read.

        The file is opened ``mode=ro`` (see :func:`open_database`): no WAL
        switch, no migrations, nothing written, so it works on a store in a
        read-only folder and leaves the file as it was. A missing file, one that
        is not a store, or a store whose schema is older or newer than this
        code's raises a one-line :class:`StoreError`; ``add_*`` calls fail.
        """
        conn = open_database(path, read_only=True, busy_timeout_s=busy_timeout_s)
        try:
            migrations.check_store(conn, str(path))
            migrations.check_current(conn, str(path))
        except BaseException:
            conn.close()
            raise
        return cls(conn, str(path), read_only=True)

    def close(self) -> None:
        """Close the connection (committed data is already durable)."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group writes into one transaction: all of them commit, or none."""
        with transaction(self._conn):
            yield self

    @property
    def schema_version(self) -> int:
        """The number of the last applied migration."""
        return max(migrations.applied(self._conn), default=0)

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` verdict ("ok" when healthy)."""
        return str(self._conn.execute("PRAGMA integrity_check").fetchone()[0])

    # -- runs and tasks ------------------------------------------------------

    def add_run(self, run: RunRow) -> bool:
        """Record a configuration; True if it was new."""
        return self._add("runs", flatten(run))

    def ensure_run(self, run: RunRow) -> RunRow:
        """Record ``run`` unless its hash is stored; return the stored row (for resuming).

        A resumed run keeps the first row's ``created_at``, ``provenance`` and
        config (the hash already covers every field that changes results, so
        fields outside it, such as a task limit or a label, may differ); a
        different model, model sha256 or isolation under the same hash raises
        :class:`ConflictError`.
        """
        with transaction(self._conn):
            stored = self.get_run(run.config_hash)
            if stored is None:
                self.add_run(run)
                return run
        if _run_identity(stored) != _run_identity(run):
            raise ConflictError(f"runs: config_hash={run.config_hash!r} is stored with a different model or isolation")
        return stored

    def get_run(self, config_hash: str) -> RunRow | None:
        """The configuration with this hash, or None."""
        return self._get("runs", RunRow, {"config_hash": config_hash})

    def iter_runs(self) -> Iterator[RunRow]:
        """Every configuration, by hash."""
        return self._iter("runs", RunRow, {})

    def add_task(self, problem: Problem) -> bool:
        """Record a task under ``(problem.benchmark, problem.task_id)``; True if it was new."""
        row = {"benchmark": problem.benchmark, "task_id": problem.task_id, "problem_json": problem_to_json(problem)}
        return self._add("tasks", row)

    def get_task(self, benchmark: str, task_id: str) -> Problem | None:
        """The problem recorded for this task, or None."""
        row = tables.fetch(self._conn, self._tables["tasks"], {"benchmark": benchmark, "task_id": task_id})
        return None if row is None else problem_from_json(row["problem_json"])

    def iter_tasks(self, benchmark: str | None = None) -> Iterator[Problem]:
        """Every task (of one benchmark), by benchmark and task id."""
        for row in tables.select(self._conn, self._tables["tasks"], {"benchmark": benchmark}):
            yield problem_from_json(row["problem_json"])

    # -- generations ---------------------------------------------------------

    def add_generation(self, row: GenerationRow) -> bool:
        """Record one generation (its prompt stored once by content); True if it was new."""
        columns = flatten(row)
        prompt = columns.pop("prompt")
        columns["prompt_sha256"] = prompt_sha256(prompt)
        with transaction(self._conn):
            self._add("prompts", {"sha256": columns["prompt_sha256"], "text": prompt})
            return self._add("generations", columns)

    def get_generation(self, key: GenerationKey) -> GenerationRow | None:
        """The generation at ``key``, or None."""
        return next(self._generations(flatten(key)), None)

    def has_generation(self, key: GenerationKey) -> bool:
        """Whether the generation at ``key`` was recorded (for resuming a run)."""
        return tables.fetch(self._conn, self._tables["generations"], flatten(key)) is not None

    def generation_keys(self, config_hash: str) -> frozenset[GenerationKey]:
        """Keys of every generation recorded under ``config_hash`` (for resuming in bulk)."""
        sql = "SELECT benchmark, task_id, sample_index, round FROM generations WHERE config_hash = ?"
        return frozenset(GenerationKey(config_hash, *row) for row in self._conn.execute(sql, (config_hash,)))

    def iter_generations(
        self, config_hash: str, benchmark: str | None = None, task_id: str | None = None
    ) -> Iterator[GenerationRow]:
        """A run's generations, by task, then round, then sample index."""
        return self._generations({"config_hash": config_hash, "benchmark": benchmark, "task_id": task_id})

    def iter_greedy_answers(self, benchmark: str, task_id: str, prompt: str | None) -> Iterator[GenerationRow]:
        """Single-sample temperature-0 answers to ``prompt`` (None: to any prompt) for one task, in every run
        of the store, in key order."""
        where = {"benchmark": benchmark, "task_id": task_id,
                 "prompt_sha256": prompt_sha256(prompt) if prompt is not None else None,
                 "temperature": 0.0, "call_samples": 1}
        return self._generations(where)

    def _generations(self, where: Mapping[str, Any]) -> Iterator[GenerationRow]:
        where = {k: v for k, v in where.items() if v is not None}
        clause = " AND ".join(f"g.{k} = ?" for k in where)
        order = ", ".join(f"g.{k}" for k in self._tables["generations"].order)
        sql = f"{_GENERATIONS_WITH_PROMPT} WHERE {clause} ORDER BY {order}"
        cursor = self._conn.execute(sql, list(where.values()))
        names = [d[0] for d in cursor.description]
        for found in cursor:
            yield unflatten(GenerationRow, dict(zip(names, found)))

    # -- extractions and executions -------------------------------------------

    def add_extraction(self, row: ExtractionRow) -> bool:
        """Record the code extracted from a generation; True if it was new."""
        return self._add("extractions", flatten(row))

    def get_extraction(self, key: GenerationKey) -> ExtractionRow | None:
        """The extraction of the generation at ``key``, or None."""
        return self._get("extractions", ExtractionRow, flatten(key))

    def iter_extractions(
        self, config_hash: str, benchmark: str | None = None, task_id: str | None = None
    ) -> Iterator[ExtractionRow]:
        """A run's extractions, in key order."""
        return self._iter("extractions", ExtractionRow, _scope(config_hash, benchmark, task_id))

    def add_execution(self, row: ExecutionRow) -> bool:
        """Record one sandboxed execution of a generation; True if it was new."""
        return self._add("executions", flatten(row))

    def get_execution(self, key: GenerationKey, kind: str) -> ExecutionRow | None:
        """The ``kind`` execution of the generation at ``key``, or None."""
        return self._get("executions", ExecutionRow, {**flatten(key), "kind": kind})

    def has_execution(self, key: GenerationKey, kind: str) -> bool:
        """Whether the ``kind`` execution of the generation at ``key`` was recorded."""
        return self.get_execution(key, kind) is not None

    def iter_executions(
        self, config_hash: str, benchmark: str | None = None, task_id: str | None = None, kind: str | None = None
    ) -> Iterator[ExecutionRow]:
        """A run's executions (of one kind), in key order."""
        where = {**_scope(config_hash, benchmark, task_id), "kind": kind}
        return self._iter("executions", ExecutionRow, where)

    # -- task results --------------------------------------------------------

    def add_task_result(self, row: TaskResultRow) -> bool:
        """Record a configuration's outcome on one task with its selections; True if new."""
        key = {"config_hash": row.config_hash, "benchmark": row.benchmark, "task_id": row.task_id}
        with transaction(self._conn):
            fresh = self._add("task_results", flatten(row))
            for selection in row.selections:
                fresh = self._add("selections", {**key, **flatten(selection)}) or fresh
            return fresh

    def get_task_result(self, config_hash: str, benchmark: str, task_id: str) -> TaskResultRow | None:
        """The outcome of ``config_hash`` on one task, or None."""
        return next(self.iter_task_results(config_hash, benchmark, task_id), None)

    def has_task_result(self, config_hash: str, benchmark: str, task_id: str) -> bool:
        """Whether the configuration's outcome on this task was recorded."""
        key = {"config_hash": config_hash, "benchmark": benchmark, "task_id": task_id}
        return tables.fetch(self._conn, self._tables["task_results"], key) is not None

    def iter_task_results(
        self, config_hash: str, benchmark: str | None = None, task_id: str | None = None
    ) -> Iterator[TaskResultRow]:
        """A configuration's task outcomes, by benchmark and task id."""
        for row in tables.select(self._conn, self._tables["task_results"], _scope(config_hash, benchmark, task_id)):
            key = _scope(config_hash, row["benchmark"], row["task_id"])
            found = tables.select(self._conn, self._tables["selections"], key)
            yield unflatten(TaskResultRow, row, selections=tuple(unflatten(Selection, s) for s in found))

    # -- where each task was done (exported with the run) -----------------------

    def add_task_worker(self, row: TaskWorkerRow) -> bool:
        """Record where a task was done and what it took there; True if it was new."""
        return self._add("task_workers", flatten(row))

    def get_task_worker(self, config_hash: str, benchmark: str, task_id: str) -> TaskWorkerRow | None:
        """Where the run's task was done, or None (not finished, or stored before it was recorded)."""
        return self._get("task_workers", TaskWorkerRow, _scope(config_hash, benchmark, task_id))

    def iter_task_workers(self, config_hash: str, benchmark: str | None = None,
                          task_id: str | None = None) -> Iterator[TaskWorkerRow]:
        """Where each of a run's tasks was done, by benchmark and task id."""
        return self._iter("task_workers", TaskWorkerRow, _scope(config_hash, benchmark, task_id))

    # -- behaviours (a cache for behaviour voting; not exported) -------------

    def add_behaviour(self, row: BehaviourRow) -> bool:
        """Record a generation's output on one shared input; True if it was new."""
        return self._add("behaviours", flatten(row))

    def iter_behaviours(
        self, config_hash: str, benchmark: str | None = None, task_id: str | None = None
    ) -> Iterator[BehaviourRow]:
        """A run's recorded outputs on shared inputs, in key order."""
        return self._iter("behaviours", BehaviourRow, _scope(config_hash, benchmark, task_id))

    # -- evidence of plugin-declared kinds (a cache like behaviours; not exported) ---

    def add_evidence(self, row: EvidenceRow) -> bool:
        """Record a generation's evidence of one kind; True if it was new."""
        return self._add("evidence", flatten(row))

    def iter_evidence(
        self, config_hash: str, kind: str, benchmark: str | None = None, task_id: str | None = None
    ) -> Iterator[EvidenceRow]:
        """A run's recorded evidence of ``kind``, in key order."""
        return self._iter("evidence", EvidenceRow, {**_scope(config_hash, benchmark, task_id), "kind": kind})

    # -- what prompt stages prepared before sampling (exported with the run) ------

    def add_preparation(self, row: PreparationRow) -> bool:
        """Record what a prompt stage prepared for a task; True if it was new."""
        sources = {"sources_json": canonical_json(list(row.preparation.sources))}
        return self._add("preparations", {**flatten(row), **sources})

    def get_preparation(self, config_hash: str, benchmark: str, task_id: str, stage: str) -> PreparationRow | None:
        """What ``stage`` prepared for the task under the run, or None."""
        key = {"config_hash": config_hash, "benchmark": benchmark, "task_id": task_id, "stage": stage}
        row = tables.fetch(self._conn, self._tables["preparations"], key)
        return None if row is None else _preparation(row)

    def iter_preparations(self, config_hash: str, benchmark: str | None = None,
                          task_id: str | None = None) -> Iterator[PreparationRow]:
        """A run's preparations, in key order."""
        for row in tables.select(self._conn, self._tables["preparations"], _scope(config_hash, benchmark, task_id)):
            yield _preparation(row)

    # -- generated tests (for CodeT-style selection; exported with their task) ---

    def add_generated_tests(self, row: GeneratedTestsRow) -> bool:
        """Record a task's generated tests under their generator; True if they were new."""
        lists = {"tests_json": canonical_json(list(row.tests)), "texts_json": canonical_json(list(row.texts))}
        return self._add("generated_tests", {**flatten(row), **lists})

    def iter_generated_tests(
        self, generator_sha256: str, benchmark: str | None = None, task_id: str | None = None
    ) -> Iterator[GeneratedTestsRow]:
        """The tasks' tests recorded under one generator, by benchmark and task id."""
        where = {"generator_sha256": generator_sha256, "benchmark": benchmark, "task_id": task_id}
        for row in tables.select(self._conn, self._tables["generated_tests"], where):
            lists = {name: tuple(json.loads(row[f"{name}_json"])) for name in ("tests", "texts")}
            yield unflatten(GeneratedTestsRow, row, **lists)

    # -- export and import ---------------------------------------------------

    def export_jsonl(self, path: str | Path, config_hashes: tuple[str, ...] | None = None) -> int:
        """Write the runs ``config_hashes`` (default: all) to ``path`` (.jsonl.gz); return the line count.

        A hash that is not a stored run raises :class:`StoreError` and writes nothing.
        """
        unknown = [h for h in dict.fromkeys(config_hashes or ()) if self.get_run(h) is None]
        if unknown:
            raise StoreError(f"no run {', '.join(map(repr, unknown))} in {self.path}; nothing written")
        return jsonl.export(self._conn, self._tables, Path(path), config_hashes, self.schema_version)

    def import_jsonl(self, path: str | Path, *, on_conflict: str = "error") -> jsonl.ImportReport:
        """Merge an export into this database in one transaction (see :func:`jsonl.import_`)."""
        return jsonl.import_(self._conn, self._tables, Path(path), on_conflict=on_conflict)

    def forget_tasks(self, config_hash: str, task_ids: Sequence[str]) -> int:
        """Delete a run's results for ``task_ids`` (all benchmarks), so that resuming the run redoes them.

        Use it for tasks whose times were measured on a busy machine. Everything
        the run stored for those tasks goes, in one transaction; the run itself,
        the tasks and other runs stay. Returns how many task results were deleted.
        A task the run has nothing stored for raises :class:`StoreError` and
        nothing is deleted.
        """
        where = f"config_hash = ? AND task_id IN ({', '.join('?' * len(task_ids))})"
        with transaction(self._conn):
            stored = {row[0] for name in ("generations", "task_results") for row in self._conn.execute(
                f"SELECT DISTINCT task_id FROM {name} WHERE {where}", (config_hash, *task_ids))}
            unknown = [t for t in dict.fromkeys(task_ids) if t not in stored]
            if unknown:
                raise StoreError(f"run {config_hash} has no results for task {', '.join(map(repr, unknown))}; "
                                 "nothing forgotten")
            gone = self._conn.execute(f"SELECT count(*) FROM task_results WHERE {where}", (config_hash, *task_ids))
            count = int(gone.fetchone()[0])
            for name in RUN_TABLES:
                self._conn.execute(f"DELETE FROM {name} WHERE {where}", (config_hash, *task_ids))
        return count

    # -- generic helpers -------------------------------------------------------

    def _add(self, name: str, columns: Mapping[str, Any]) -> bool:
        table = self._tables[name]
        key = ", ".join(f"{k}={columns[k]!r}" for k in table.key)
        try:
            with transaction(self._conn):
                outcome = tables.put(self._conn, table, columns)
        except sqlite3.IntegrityError as error:  # a missing reference or a failed CHECK
            raise StoreError(f"{name}: cannot store the row under {key}: {error}") from None
        if outcome is tables.Outcome.CONFLICT:
            raise ConflictError(f"{name}: a different row is already stored under {key}")
        return outcome is tables.Outcome.INSERTED

    def _get(self, name: str, cls: type[R], key: Mapping[str, Any]) -> R | None:
        row = tables.fetch(self._conn, self._tables[name], key)
        return None if row is None else unflatten(cls, row)

    def _iter(self, name: str, cls: type[R], where: Mapping[str, Any]) -> Iterator[R]:
        for row in tables.select(self._conn, self._tables[name], where):
            yield unflatten(cls, row)


# A run's per-task tables, dependants before what they reference.
RUN_TABLES = ("task_workers", "evidence", "behaviours", "selections", "task_results", "executions", "extractions", "generations",
              "preparations")


def _preparation(row: Mapping[str, Any]) -> PreparationRow:
    preparation = unflatten(Preparation, row, sources=tuple(json.loads(row["sources_json"])))
    return PreparationRow(row["config_hash"], row["benchmark"], row["task_id"], preparation)


def _run_identity(run: RunRow) -> dict[str, Any]:
    columns = flatten(run)
    return {k: columns[k] for k in ("model", "model_sha256", "isolation")}


def _scope(config_hash: str, benchmark: str | None, task_id: str | None) -> dict[str, Any]:
    return {"config_hash": config_hash, "benchmark": benchmark, "task_id": task_id}
