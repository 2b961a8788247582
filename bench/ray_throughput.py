"""Benchmark: pool throughput on a Ray cluster of 1 and 2 worker nodes against the local executor.

Usage: python bench/ray_throughput.py [--tasks 20] [--m 2] [--k-max 1] [--workers 1,2]
                                      [--out results/bench/ray-throughput-smollm2-135m.json]

The same small pool (the tiny model, HumanEval's first ``--tasks`` tasks, M candidates with up to
K_max repairs) is built three ways, each in a fresh store: by the local executor in this process
with one model thread, and by the Ray executor on a local cluster (separate processes on this
machine: a head with no CPU for workers, and 1 or 2 worker nodes of one CPU each, each worker's
model with one thread). Models are loaded before the clock starts (one per worker), so the times
are the pool's work and what the executor adds to it. Reported per arm: wall time, tasks per
minute, the ratio to the local executor, and Ray's overhead per task: the workers' idle and
transfer time, ``(workers × wall − the tasks' own times measured on the workers) / tasks``
(dispatch, shipping the task's rows both ways, the driver's writes, waiting for the last task).

Times need a quiet machine: with one core per worker, 2 worker nodes need 2 free cores (and the
driver, the head and the sandboxes share them too), so read the ratio, not the absolute times.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from one_line import run

from codebudget.backends.llamacpp import LlamaCppBackend
from codebudget.backends.registry import BackendSpec
from codebudget.benchmarks import load
from codebudget.hardware import machine
from codebudget.pipeline import PipelineConfig, run_config
from codebudget.pipeline.executor import Worker
from codebudget.pipeline.ray_cluster import LocalCluster
from codebudget.pipeline.ray_executor import RayExecutor
from codebudget.sandbox import open_sandbox
from codebudget.store import Store


def warm(worker: Worker, spec: BackendSpec) -> dict[str, Any]:
    """Load the model and open the sandbox on a worker before the clock starts."""
    worker.backend(spec)
    worker.sandbox()
    return worker.machine()


def worker_seconds(db: Path, run_hash: str) -> tuple[float, int]:
    """The tasks' own times, measured on the workers that did them, and how many tasks."""
    with sqlite3.connect(db) as conn:
        total, count = conn.execute("SELECT coalesce(sum(wall_s), 0), count(*) FROM task_workers "
                                    "WHERE config_hash = ?", (run_hash,)).fetchone()
    return float(total), int(count)


def local_arm(config: PipelineConfig, problems: list, folder: Path, isolation: str) -> dict[str, Any]:
    db = folder / "local.db"
    backend = LlamaCppBackend(config.model, n_threads=1)
    try:
        with open_sandbox(isolation, workers=config.workers) as sandbox, Store.open(db) as store:
            start = time.perf_counter()
            summary = run_config(config, problems, store=store, backend=backend, sandbox=sandbox)
            wall = time.perf_counter() - start
    finally:
        backend.close()
    return arm("local", 1, wall, db, summary.run_hash, summary.tasks)


def ray_arm(config: PipelineConfig, problems: list, folder: Path, isolation: str, workers: int) -> dict[str, Any]:
    db = folder / f"ray-{workers}.db"
    with LocalCluster(workers, cpus=1, head_cpus=0) as cluster:
        executor = RayExecutor(cluster.address, isolation=isolation)
        try:
            executor.start()
            executor.on_every_worker(warm, BackendSpec.from_config(config))
            with Store.open(db) as store:
                start = time.perf_counter()
                summary = run_config(config, problems, store=store, executor=executor)
                wall = time.perf_counter() - start
        finally:
            executor.close()
    return arm(f"ray, {workers} worker node{'s' if workers > 1 else ''}", workers, wall, db, summary.run_hash,
               summary.tasks)


def arm(name: str, workers: int, wall: float, db: Path, run_hash: str, tasks: int) -> dict[str, Any]:
    own, recorded = worker_seconds(db, run_hash)
    return {"arm": name, "workers": workers, "tasks": tasks, "wall_s": round(wall, 3),
            "tasks_per_min": round(60 * tasks / wall, 3) if wall else None,
            "task_s_on_workers": round(own, 3), "tasks_recorded": recorded,
            "overhead_s_per_task": round((workers * wall - own) / tasks, 3) if tasks else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="smollm2-135m")
    parser.add_argument("--tasks", type=int, default=20)
    parser.add_argument("--m", type=int, default=2)
    parser.add_argument("--k-max", type=int, default=1)
    parser.add_argument("--temperature", type=float, default=0.8)
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--workers", default="1,2", help="worker node counts, comma-separated")
    parser.add_argument("--sandbox", default="auto")
    parser.add_argument("--out", type=Path, default=None, help="write the figures here as JSON")
    args = parser.parse_args()
    config = PipelineConfig(model=args.model, label="pool", limit=args.tasks, n=args.m, k=args.k_max,
                            temperature=args.temperature, max_tokens=args.max_tokens)
    problems = load(config.benchmark)[: args.tasks]
    with tempfile.TemporaryDirectory(prefix="ray-bench-") as scratch:
        folder = Path(scratch)
        arms = [local_arm(config, problems, folder, args.sandbox)]
        for workers in (int(w) for w in args.workers.split(",")):
            arms.append(ray_arm(config, problems, folder, args.sandbox, workers))
    base = arms[0]["tasks_per_min"]
    for found in arms:
        found["throughput_ratio"] = round(found["tasks_per_min"] / base, 3) if base else None
    report = {"benchmark": "ray_throughput", "machine": machine(), "config": config.describe(),
              "tasks": args.tasks, "arms": arms}
    print(f"{config.describe()} · {args.tasks} tasks · {machine()}")
    print(f"{'arm':<24}{'wall s':>9}{'tasks/min':>11}{'× local':>9}{'overhead s/task':>17}")
    for found in arms:
        print(f"{found['arm']:<24}{found['wall_s']:>9.1f}{found['tasks_per_min']:>11.2f}"
              f"{found['throughput_ratio']:>9.2f}{found['overhead_s_per_task']:>17.2f}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    run(main)
