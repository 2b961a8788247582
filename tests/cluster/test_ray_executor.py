"""The Ray executor on a real cluster: a head and two worker nodes as separate processes on this machine, one CPU each.

A small greedy pool on the tiny model (3 HumanEval tasks, M=2, K_max=1) through
the real command line on the cluster stores exactly what the local executor
stores (every generation's text, every test verdict, every selection), with each
task recorded as done by a Ray worker with one thread. Then a worker node is
killed with SIGKILL while its worker does a task: the task goes to another
worker, and every task is in the store once, with the same results.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from codebudget.benchmarks import load
from codebudget.pipeline import PipelineConfig, run_config

pytestmark = [pytest.mark.model, pytest.mark.slow]

TASKS = 3
POOL_FLAGS = ("--limit", str(TASKS), "--m", "2", "--k-max", "1", "--temperature", "0", "--max-tokens", "96")


def _config(model: Path) -> PipelineConfig:
    return PipelineConfig(model=str(model), label="pool", limit=TASKS, n=2, k=1, temperature=0.0, max_tokens=96)


@pytest.fixture(scope="module")
def local_pool(smollm2_path: Path, smollm2, sandbox, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The same pool with the local executor (the loaded model and sandbox of this process)."""
    from codebudget.store import Store

    db = tmp_path_factory.mktemp("local") / "local.db"
    config = _config(smollm2_path)
    with Store.open(db) as store:
        summary = run_config(config, load("humaneval")[:TASKS], store=store, backend=smollm2, sandbox=sandbox)
    return db, summary.run_hash


def _results(db: Path, run_hash: str) -> dict[str, list[tuple]]:
    """What a run stored, less what depends on time and place (wall times, call ids, log-probabilities)."""
    queries = {
        "generations": "SELECT g.task_id, g.sample_index, g.round, p.text, g.text, g.n_tokens, g.finish_reason, "
                       "g.seed, g.temperature, g.call_samples, g.prompt_tokens, g.call_id LIKE 'reused:%' "
                       "FROM generations g JOIN prompts p ON p.sha256 = g.prompt_sha256 WHERE g.config_hash = ?",
        "extractions": "SELECT task_id, sample_index, round, code, ok, method, syntax_ok FROM extractions "
                       "WHERE config_hash = ?",
        "executions": "SELECT task_id, sample_index, round, kind, status, tests_passed, tests_total, failing_test "
                      "FROM executions WHERE config_hash = ?",
        "selections": "SELECT task_id, policy, sample_index, round, public_passed, hidden_passed FROM selections "
                      "WHERE config_hash = ?",
        "task_results": "SELECT task_id, tokens, model_calls FROM task_results WHERE config_hash = ?",
    }
    with sqlite3.connect(db) as conn:
        return {name: sorted(conn.execute(sql, (run_hash,)).fetchall()) for name, sql in queries.items()}


def _workers(db: Path, run_hash: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT task_id, executor, worker, json_extract(machine_json, '$.threads') "
                            "FROM task_workers WHERE config_hash = ? ORDER BY task_id", (run_hash,)).fetchall()


def test_a_pool_on_the_cluster_stores_what_the_local_executor_stores(ray_cluster, local_pool, smollm2_path,
                                                                     tmp_path: Path) -> None:
    local_db, run_hash = local_pool
    db = tmp_path / "ray.db"
    done = subprocess.run([sys.executable, "-m", "codebudget", "pool", "--model", str(smollm2_path), *POOL_FLAGS,
                           "--db", str(db), "--executor", "ray", "--address", ray_cluster.address],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:] + ray_cluster.logs()
    assert f"run {run_hash}" in done.stdout  # the same run identity
    assert "ray: 3 workers on 3 nodes" in done.stdout

    assert _results(db, run_hash) == _results(local_db, run_hash)
    assert len(_results(db, run_hash)["task_results"]) == TASKS
    workers = _workers(db, run_hash)
    assert [w[1] for w in workers] == ["ray"] * TASKS and all(w[2].startswith("ray:") for w in workers)
    assert {w[3] for w in workers} == {1}  # one CPU per worker: its model decoded with one thread
    assert {w[1] for w in _workers(local_db, run_hash)} == {"local"}

    again = subprocess.run([sys.executable, "-m", "codebudget", "pool", "--model", str(smollm2_path), *POOL_FLAGS,
                            "--db", str(db), "--executor", "ray", "--address", ray_cluster.address],
                           capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stderr[-2000:]
    assert _results(db, run_hash) == _results(local_db, run_hash)  # resumed: nothing redone, nothing added


def test_select_writes_its_tests_on_the_cluster_as_it_would_here(ray_cluster, local_pool, smollm2_path,
                                                                   tmp_path: Path) -> None:
    """The model-written tests of ``select`` (one sampled call per task) come from the workers, the same tests."""
    import shutil

    local_db, run_hash = local_pool
    args = ["select", run_hash, "--n", "1,2", "--policies", "public-then-codet", "--test-model", str(smollm2_path),
            "--test-max-tokens", "64"]
    here, there = tmp_path / "here.db", tmp_path / "there.db"
    for db in (here, there):
        shutil.copy(local_db, db)
    local = subprocess.run([sys.executable, "-m", "codebudget", *args, "--db", str(here)], capture_output=True,
                           text=True, timeout=900)
    assert local.returncode == 0, local.stderr[-2000:]
    done = subprocess.run([sys.executable, "-m", "codebudget", *args, "--db", str(there), "--executor", "ray",
                           "--address", ray_cluster.address], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:] + ray_cluster.logs()

    def tests(db: Path) -> list[tuple]:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT task_id, generator_sha256, tests_json, texts_json, tokens FROM generated_tests "
                                "ORDER BY task_id").fetchall()

    assert len(tests(there)) == TASKS and tests(there) == tests(here)
    def pass_rates(out: str) -> list[list[str]]:  # policy, selection, N, pass@1 and its interval (not the seconds)
        return [line.split()[:5] for line in out.splitlines() if "public-then-codet" in line]

    assert pass_rates(done.stdout) and pass_rates(done.stdout) == pass_rates(local.stdout)


def test_a_worker_node_killed_mid_task_loses_nothing(ray_cluster, local_pool, smollm2_path, tmp_path: Path) -> None:
    from codebudget.pipeline.ray_executor import RayExecutor
    from codebudget.store import Store

    local_db, run_hash = local_pool
    db = tmp_path / "killed.db"
    notes: list[str] = []
    killed: list[str] = []
    executor = RayExecutor(ray_cluster.address, isolation="auto", note=notes.append)
    stop = threading.Event()

    def kill_a_busy_worker_node() -> None:
        """SIGKILL the whole worker node whose worker is the first seen doing a task (not the head)."""
        while not stop.is_set():
            for busy in executor.busy():
                node = _node_of(ray_cluster, busy.get("pid"))
                if node is not None and node != "head":
                    time.sleep(1.0)  # well inside the task (its model is loading or decoding)
                    ray_cluster.kill_node(node)
                    killed.append(f"{node}:{busy['item']}")
                    return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_a_busy_worker_node, daemon=True)
    try:
        executor.start()
        assert len(executor.workers) == 3, ray_cluster.logs()
        killer.start()
        with Store.open(db) as store:
            summary = run_config(_config(smollm2_path), load("humaneval")[:TASKS], store=store, executor=executor,
                                 on_note=notes.append)
    finally:
        stop.set()
        killer.join(timeout=30)
        executor.close()

    assert killed, f"no worker node was seen busy: {notes}"
    assert executor.lost >= 1 and any("lost Ray worker" in line for line in notes), notes
    assert summary.tasks == TASKS
    assert _results(db, run_hash) == _results(local_db, run_hash)  # every task once, as the local executor did it
    workers = _workers(db, run_hash)
    assert [w[0] for w in workers] == sorted(f"HumanEval/{i}" for i in range(TASKS))
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM task_leases").fetchone()[0] == 0  # every lease released


def _node_of(cluster, pid: int | None) -> str | None:
    """The cluster node whose processes include ``pid``."""
    if pid is None:
        return None
    for node in cluster.nodes:
        if pid in cluster.pids(node):
            return node.name
    return None
