"""Benchmark: a contamination probe per task — has the model seen the published solution?

Usage: python bench/contamination.py [--model qwen2.5-coder-0.5b] [--benchmarks humaneval,fresh]
                                     [--limit N] [--out results/bench/contamination-0.5b.json]

For every task of each benchmark: the reference body and an equivalent rewrite (local names changed,
layout normalised; kept only when it passes the task's hidden tests in the sandbox), each scored by
the model teacher-forced after the task's prompt (``codebudget.probes.contamination``). Per task: the
mean log-probability per token of each and their gap. Per benchmark: the mean gap with its 95%
bootstrap interval; against the last benchmark named (the reference family, by default the fresh
family, which no model can have seen): the difference of mean gaps with its interval, and the share of
tasks whose gap is above the reference family's 95th percentile. Written to ``--out`` as JSON.

Resumable: each task's row is appended to ``--out`` with ``.partial.jsonl`` added as soon as it is
scored, and a run started again with the same model skips the tasks found there (a probe of the 0.5B
model over HumanEval and the fresh family takes about 25 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np

from partial import read_rows

from one_line import run

from codebudget.analysis.bootstrap import difference_interval, mean_interval
from codebudget.backends.llamacpp import LlamaCppBackend
from codebudget.benchmarks import load
from codebudget.probes.contamination import familiarity, rewrite
from codebudget.prompts import get_style
from codebudget.sandbox import open_sandbox
from codebudget.sandbox.base import Job

def checked_rewrites(problems) -> dict[str, str]:
    """The rewritten body of each task whose rewritten program passes the task's hidden tests."""
    rewrites = {p.task_id: rewrite(p) for p in problems}
    kept = [p for p in problems if rewrites[p.task_id] is not None]
    with open_sandbox("auto", workers=2) as sandbox:
        results = sandbox.run_many([Job(rewrites[p.task_id][0], tests=p.hidden_tests, setup=p.setup) for p in kept])
    return {p.task_id: rewrites[p.task_id][1] for p, result in zip(kept, results) if result.passed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="qwen2.5-coder-0.5b")
    parser.add_argument("--benchmarks", default="humaneval,fresh",
                        help="comma-separated; the last one is the reference family (never seen by the model)")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--out", type=Path, default=Path("results/bench/contamination.json"))
    args = parser.parse_args()
    names = args.benchmarks.split(",")
    backend = LlamaCppBackend(args.model, allow_fetch=False)
    style = get_style("body")
    result: dict = {"model": args.model, "machine": platform.processor() or platform.machine(),
                    "date": time.strftime("%Y-%m-%d %H:%M"), "prompt_style": "body", "benchmarks": {}}
    gaps: dict[str, np.ndarray] = {}
    partial = args.out.with_name(args.out.name + ".partial.jsonl")
    partial.parent.mkdir(parents=True, exist_ok=True)
    done = read_rows(partial, lambda row: (row["benchmark"], row["task_id"]), lambda row: row.get("model") == args.model)
    for name in names:
        problems = load(name)[: args.limit]
        bodies = checked_rewrites(problems)
        rows = []
        for problem in problems:
            key = (name, problem.task_id)
            if key in done:
                if done[key].get("gap") is not None:
                    rows.append(done[key])
                continue
            row = {"model": args.model, "benchmark": name, "task_id": problem.task_id, "gap": None}
            found = familiarity(backend, style, problem, bodies[problem.task_id]) \
                if problem.task_id in bodies else None
            if found is not None:
                row.update(original=found.original, rewrite=found.rewrite, gap=found.gap,
                           original_tokens=found.original_tokens, rewrite_tokens=found.rewrite_tokens)
                rows.append(row)
            with partial.open("a") as sink:
                sink.write(json.dumps(row) + "\n")
            print(f"{name} {len(rows)}/{len(problems)}", flush=True)
        gaps[name] = np.array([row["gap"] for row in rows])
        result["benchmarks"][name] = {"tasks": len(problems), "probed": len(rows), "per_task": rows}
    backend.close()
    rng = np.random.default_rng(0)
    reference = names[-1]
    threshold = float(np.quantile(gaps[reference], 0.95))
    for name in names:
        summary = {"mean_gap": list(mean_interval(gaps[name], rng)), "median_gap": float(np.median(gaps[name])),
                   "above_reference_p95": float((gaps[name] > threshold).mean())}
        if name != reference:
            summary["difference_from_reference"] = list(difference_interval(gaps[name], gaps[reference], rng))
        result["benchmarks"][name]["summary"] = summary
        print(json.dumps({name: summary}), flush=True)
    result["reference"], result["reference_p95_gap"] = reference, threshold
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    run(main)
