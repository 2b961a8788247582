"""Benchmark: does a HumanEval figure transfer to fresh tasks? Greedy pass@1 on both, with intervals.

Usage: python bench/fresh_transfer.py --fresh runs/fresh.db:RUN --humaneval runs/greedy.db:RUN
                                      [--out results/bench/fresh-transfer-0.5b.json]

Reads two finished runs of one configuration (one on the fresh family, one on HumanEval) from their
stores and reports, for the honest answer (the public tests' choice, graded on the hidden tests):
pass@1 on each with its 95% bootstrap interval over tasks; the fresh family per split (dev, heldout) and
per category; the difference fresh − HumanEval with its interval (two independent task samples,
resampled separately); and the seconds and tokens per task on each.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections import defaultdict
from pathlib import Path

import numpy as np

from codebudget.analysis.bootstrap import difference_interval, mean_interval
from codebudget.benchmarks.fresh import category, manifest

POLICY = "public-tests"


def outcomes(spec: str) -> tuple[dict[str, int], dict[str, float]]:
    """Per task: whether the honest answer passed the hidden tests; and the run's mean seconds and tokens."""
    path, _, run = spec.rpartition(":")
    if not Path(path).is_file():
        raise SystemExit(f"{spec}: no store at {path!r} (give DB:RUN)")
    with sqlite3.connect(Path(path)) as conn:
        passed = dict(conn.execute("SELECT task_id, hidden_passed FROM selections WHERE config_hash=? AND policy=?",
                                   (run, POLICY)).fetchall())
        wall, tokens = conn.execute("SELECT avg(wall_s), avg(tokens) FROM task_results WHERE config_hash=?",
                                    (run,)).fetchone()
    if not passed:
        raise SystemExit(f"{spec}: no finished tasks of run {run}")
    return passed, {"s_per_task": round(wall, 2), "tokens_per_task": round(tokens, 1)}


def interval(values: np.ndarray, rng: np.random.Generator) -> list[float]:
    return [round(x, 4) for x in mean_interval(values, rng)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", required=True, help="DB:RUN of the run on the fresh family")
    parser.add_argument("--humaneval", required=True, help="DB:RUN of the same configuration on HumanEval")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    fresh, fresh_cost = outcomes(args.fresh)
    public, public_cost = outcomes(args.humaneval)
    splits = {task_id: info["split"] for task_id, info in manifest()["tasks"].items()}
    groups: dict[str, list[int]] = defaultdict(list)
    for task_id, ok in fresh.items():
        groups[splits[task_id]].append(ok)
        groups[category(task_id)].append(ok)
    a, b = np.array(list(fresh.values()), float), np.array(list(public.values()), float)
    result = {
        "fresh": {"tasks": len(a), "pass@1": interval(a, rng), **fresh_cost, "run": args.fresh},
        "humaneval": {"tasks": len(b), "pass@1": interval(b, rng), **public_cost, "run": args.humaneval},
        "difference": [round(x, 4) for x in difference_interval(a, b, rng)],
        "fresh_by_group": {name: {"tasks": len(v), "pass@1": interval(np.array(v, float), rng)}
                           for name, v in sorted(groups.items())},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
