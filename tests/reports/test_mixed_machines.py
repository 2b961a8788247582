"""Times from different machines never share a time axis unless asked (``--mixed-machines``).

A hand-made pool whose two tasks were done by workers on two machines (the same
CPU, one thread against two: the Ray executor's one-CPU workers against the
local executor) is refused by every command that puts seconds on an axis —
``replay``, ``best`` (a time budget; a token budget is the same anywhere),
``report``, ``select``, ``compare`` — in one line naming the machines, and read
as before with the flag. Tasks stored before machines were recorded count as
the run's provenance machine, or as unknown (never a second machine), so every
published pool reads as it did.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from codebudget.candidates.machines import MixedMachinesError, check_one_machine, run_machines
from codebudget.store import Store, TaskWorkerRow

from report_builders import DIRECT, POOL, SPEC, write_run

CPU = "Test CPU 9000"


def _done_on(store: Store, run_hash: str, task_id: str, threads: int, executor: str = "ray") -> None:
    machine = {"cpu": CPU, "cpu_count": 2, "threads": threads, "host": "h"}
    store.add_task_worker(TaskWorkerRow(run_hash, "humaneval", task_id, executor, f"{executor}:w{threads}", machine,
                                        1.0, "2026-01-01T00:00:00+00:00"))


@pytest.fixture()
def mixed_db(tmp_path: Path) -> Path:
    db = tmp_path / "mixed.db"
    with Store.open(db) as store:
        write_run(store, POOL, SPEC, label="pool", n=2, k=1)
        _done_on(store, POOL, "HumanEval/0", threads=1)
        _done_on(store, POOL, "HumanEval/1", threads=2, executor="local")
    return db


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "codebudget", *map(str, args)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "COLUMNS": "200"})


def test_a_run_done_on_two_machines_is_refused_on_one_time_axis(mixed_db: Path) -> None:
    with Store.open_read_only(mixed_db) as store:
        assert run_machines(store, POOL) == {f"{CPU}, 1 threads": 1, f"{CPU}, 2 threads": 1}
        with pytest.raises(MixedMachinesError, match="2 machines"):
            check_one_machine(store, [POOL])
        assert len(check_one_machine(store, [POOL], mixed=True)) == 2


@pytest.mark.parametrize("command", [
    ("replay", POOL, "--n", "1,2", "--k", "0,1"),
    ("best", POOL, "--budget", "30s"),
    ("report", POOL, "--out", "{tmp}/report"),
    ("select", POOL, "--n", "1,2", "--test-model", "none", "--policies", "public-tests,first"),
    ("compare", POOL, POOL, "--policies", "public-tests,first", "--cost", "wall_s", "--small-params", "0.1",
     "--large-params", "0.2"),
], ids=lambda c: c[0])
def test_every_command_with_a_time_axis_refuses_them_in_one_line_and_reads_them_when_asked(
        mixed_db: Path, tmp_path: Path, command: tuple[str, ...]) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    refused = cli(*args, "--db", mixed_db)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    lines = [line for line in refused.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and "machines" in lines[0], refused.stderr
    assert "--mixed-machines" in lines[0] and "Traceback" not in refused.stderr

    asked = cli(*args, "--db", mixed_db, "--mixed-machines")
    assert asked.returncode == 0, asked.stdout + asked.stderr


def test_a_token_budget_is_the_same_on_any_machine(mixed_db: Path) -> None:
    done = cli("best", POOL, "--budget", "500", "--cost", "tokens", "--db", mixed_db)
    assert done.returncode == 0, done.stderr


def test_runs_without_machines_read_as_before(tmp_path: Path) -> None:
    """Older runs: no task_workers rows, a provenance without a CPU (every committed pool) or with one."""
    db = tmp_path / "old.db"
    with Store.open(db) as store:
        write_run(store, POOL, SPEC, label="pool", n=2, k=1)
        write_run(store, DIRECT, SPEC, label="direct", n=1, k=0)
        assert run_machines(store, POOL) == {}
        assert not check_one_machine(store, [POOL, DIRECT])
        _done_on(store, DIRECT, "HumanEval/0", threads=2, executor="local")  # a new task of the same machine kind
        assert len(check_one_machine(store, [POOL, DIRECT])) == 1
    for args in (("replay", POOL, "--n", "1,2", "--k", "0,1"), ("best", POOL, DIRECT, "--budget", "30s")):
        done = cli(*args, "--db", db)
        assert done.returncode == 0, done.stderr
