"""Forgetting some tasks of a run: everything of theirs goes, nothing else does, and they can be redone."""

from __future__ import annotations

import subprocess
import sys

import pytest
import store_factories as f

from codebudget.store import Store, StoreError

TASKS = ("HumanEval/0", "HumanEval/1", "HumanEval/2")


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "results.db"
    with Store.open(path) as store:
        f.fill(store, "cfg", TASKS)
        f.fill(store, "other", TASKS)
    return path


def _counts(store: Store, config_hash: str) -> dict[str, int]:
    return {
        "generations": sum(1 for _ in store.iter_generations(config_hash)),
        "extractions": sum(1 for _ in store.iter_extractions(config_hash)),
        "executions": sum(1 for _ in store.iter_executions(config_hash)),
        "task_results": sum(1 for _ in store.iter_task_results(config_hash)),
    }


def test_forgotten_tasks_lose_every_row_and_the_rest_stays(db):
    with Store.open(db) as store:
        before = _counts(store, "cfg")
        with pytest.raises(StoreError, match="no results for task 'HumanEval/9'"):
            store.forget_tasks("cfg", ["HumanEval/1", "HumanEval/9"])  # all or nothing
        assert _counts(store, "cfg") == before
        assert store.forget_tasks("cfg", ["HumanEval/1"]) == 1
        after = _counts(store, "cfg")
        assert after == {name: count * 2 // 3 for name, count in before.items()}
        assert not store.has_task_result("cfg", f.BENCH, "HumanEval/1")
        assert store.get_generation(f.key("cfg", "HumanEval/1")) is None
        assert store.has_task_result("cfg", f.BENCH, "HumanEval/2")
        assert _counts(store, "other") == before  # another run's rows of the same task stay
        assert store.get_task(f.BENCH, "HumanEval/1") is not None
        assert store.integrity_check() == "ok"


def test_a_forgotten_task_can_be_stored_again(db):
    with Store.open(db) as store:
        store.forget_tasks("cfg", ["HumanEval/0"])
        f.fill(store, "cfg", ("HumanEval/0",))
        assert store.get_task_result("cfg", f.BENCH, "HumanEval/0") == f.task_result()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "codebudget", *args], capture_output=True, text=True, timeout=120)


def test_the_forget_command(db, tmp_path):
    done = _cli("forget", "cfg", "HumanEval/0", "HumanEval/2", "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "forgot 2 of 2 task(s)" in done.stdout
    missing = _cli("forget", "nope", "HumanEval/0", "--db", str(db))
    assert missing.returncode == 2 and "no run 'nope'" in missing.stderr
    absent = tmp_path / "absent.db"
    assert _cli("forget", "cfg", "HumanEval/0", "--db", str(absent)).returncode == 2 and not absent.exists()
