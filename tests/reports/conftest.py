"""A tmp store holding the hand-made pool and direct run of ``report_builders``."""

from __future__ import annotations

import pytest
from report_builders import DIRECT, POOL, SPEC, write_run

from codebudget.store import Store


@pytest.fixture()
def db(tmp_path):
    """Path of a store with the pool (2 candidates, 1 repair round) and a direct run N=2, K=1 of the same tasks."""
    path = tmp_path / "runs.db"
    with Store.open(path) as store:
        write_run(store, POOL, SPEC, label="pool", n=2, k=1)
        write_run(store, DIRECT, SPEC, label="", n=2, k=1)
    return path


@pytest.fixture()
def store(db):
    """The store of ``db``, open."""
    with Store.open(db) as opened:
        yield opened
