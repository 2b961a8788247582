"""Benchmark: ``codebudget solve`` on benchmark tasks treated as a user's stubs, at several budgets.

Usage: python bench/solve_budget.py [--model qwen2.5-coder-0.5b] [--benchmarks fresh:heldout,humaneval]
                                    [--budgets 10,30,60] [--limit N] [--out results/bench/solve-0.5b.json]

Each task's prompt is handed to the same code ``codebudget solve`` runs (its stub is the task's
function; the docstring's examples are the only tests it sees), with no N or K given, so the
configuration is chosen for the budget from the shipped table scaled by this machine's speed probe.
Its answer is then graded on the task's hidden tests in the sandbox. Per benchmark and budget: pass@1
(hidden tests) with its 95% bootstrap interval over tasks, how often the answer came within the budget
(wall time from start to answer, model loading excluded) and the deadline cut the work, the mean and
95th percentile of seconds, and the configurations chosen.

Resumable: each (benchmark, budget, task) row is appended to ``--out`` + ``.partial.jsonl`` as it is
made, with the machine and its speed probe; a run started again skips the rows there, and refuses to go
on from rows measured on another machine (another CPU, or a probe more than 25% off: one CPU name has been
seen here at two speeds 1.7× apart). Time figures need a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np
from partial import read_rows

from one_line import run

from codebudget.analysis.bootstrap import mean_interval
from codebudget.backends.llamacpp import LlamaCppBackend
from codebudget.benchmarks import load
from codebudget.pipeline import PipelineConfig
from codebudget.sandbox import open_sandbox
from codebudget.scoring import hidden_job
from codebudget.solve.plan import planned
from codebudget.solve.run import solve
from codebudget.hardware import machine
from codebudget.solve.speed import cached_speed
from codebudget.solve.stub import find_stub


SAME_SPEED = 0.25  # a probe this far from another is another machine's


def same_host(row: dict, here: dict) -> bool:
    """Whether ``row`` was measured on the machine ``here`` describes (its CPU, and its probe within 25%)."""
    probe = row.get("probe_tokens_per_s")
    return (row.get("machine") == here["machine"] and probe is not None
            and abs(probe / here["probe_tokens_per_s"] - 1) <= SAME_SPEED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="qwen2.5-coder-0.5b")
    parser.add_argument("--benchmarks", default="fresh:heldout,humaneval")
    parser.add_argument("--budgets", default="10,30,60")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--out", type=Path, default=Path("results/bench/solve-0.5b.json"))
    args = parser.parse_args()
    budgets = [float(b) for b in args.budgets.split(",")]
    partial = args.out.with_name(args.out.name + ".partial.jsonl")
    partial.parent.mkdir(parents=True, exist_ok=True)
    done = read_rows(partial, lambda row: (row["benchmark"], row["budget_s"], row["task_id"]))
    base = PipelineConfig(model=args.model)
    backend = LlamaCppBackend(args.model, allow_fetch=False)
    speed, _ = cached_speed(backend, f"bench|{args.model}")
    here = {"machine": machine(), "probe_tokens_per_s": round(speed, 1)}
    elsewhere = [row for row in done.values() if not same_host(row, here)]
    if elsewhere:
        raise SystemExit(f"{partial}: {len(elsewhere)} rows were measured on another machine "
                         f"({elsewhere[0].get('machine', 'not recorded')}, probe {elsewhere[0].get('probe_tokens_per_s')} "
                         f"tokens/s; here {here['machine']}, {here['probe_tokens_per_s']}): give another --out")
    with open_sandbox("auto", workers=2) as sandbox:
        for name in args.benchmarks.split(","):
            problems = load(name)[: args.limit]
            for budget in budgets:
                config = planned(base, budget, None, None, backend).config
                for problem in problems:
                    key = (name, budget, problem.task_id)
                    if key in done:
                        continue
                    stub = find_stub(problem.prompt, problem.task_id, problem.entry_point)
                    outcome = solve(stub.problem(), config, backend, sandbox, budget)
                    passed = False
                    if outcome.code is not None:
                        (graded,) = sandbox.run_many([hidden_job(problem, outcome.code)])
                        passed = graded.passed
                    row = {"benchmark": name, "budget_s": budget, "task_id": problem.task_id, "n": config.n,
                           "k": config.k, "temperature": config.temperature, "passed": passed,
                           "public_passed": outcome.passed, "tests": outcome.tests, "seconds": outcome.seconds,
                           "cut": outcome.cut, "candidates": outcome.candidates, "repairs": outcome.repairs, **here}
                    done[key] = row
                    with partial.open("a") as sink:
                        sink.write(json.dumps(row) + "\n")
                    print(f"{name} {budget:g}s {problem.task_id}: {'pass' if passed else 'fail'} "
                          f"{outcome.seconds:.1f}s{' cut' if outcome.cut else ''}", flush=True)
    backend.close()
    rng = np.random.default_rng(0)
    summary: dict = {"model": args.model, "machine": machine(), "probe_tokens_per_s": speed,
                     "date": time.strftime("%Y-%m-%d %H:%M"), "results": []}
    for name in args.benchmarks.split(","):
        for budget in budgets:
            rows = [r for (b, s, _), r in done.items() if b == name and s == budget]
            if not rows:
                continue
            seconds = np.array([r["seconds"] for r in rows])
            passed = np.array([float(r["passed"]) for r in rows])
            chosen = Counter(f"N={r['n']} K={r['k']} T={r['temperature']:g}" for r in rows)
            summary["results"].append({
                "benchmark": name, "budget_s": budget, "tasks": len(rows),
                "pass_at_1": list(mean_interval(passed, rng)),
                "public_pass": float(np.mean([r["public_passed"] for r in rows])),
                "within_budget": float(np.mean(seconds <= budget)), "cut": float(np.mean([r["cut"] for r in rows])),
                "mean_s": float(seconds.mean()), "p95_s": float(np.percentile(seconds, 95)),
                "configurations": dict(chosen)})
            print(json.dumps(summary["results"][-1]), flush=True)
    args.out.write_text(json.dumps(summary, indent=1) + "\n")


if __name__ == "__main__":
    run(main)
