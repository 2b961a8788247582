"""Several processes opening a store file nobody has used yet, at the same moment (two ``pool`` commands
started together): every one of them gets the store, migrated once."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from codebudget.store import Store
from codebudget.store.migrations import builtin_migrations


def _open(path: str, barrier, results) -> None:  # noqa: ANN001 - multiprocessing primitives
    barrier.wait()
    try:
        with Store.open(path) as store:
            results.put(store.schema_version)
    except Exception as error:  # noqa: BLE001 - the test reports what went wrong
        results.put(repr(error))


def test_processes_opening_a_new_store_at_once_all_get_it(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    seen = []
    for attempt in range(12):  # before the fix, about one round in three had a "database is locked"
        path = str(tmp_path / f"new-{attempt}.db")
        barrier, results = context.Barrier(3), context.Queue()
        workers = [context.Process(target=_open, args=(path, barrier, results)) for _ in range(3)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
        seen += [results.get(timeout=10) for _ in workers]
    assert seen == [len(builtin_migrations())] * 36
