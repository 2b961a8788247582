"""Benchmark: does a HumanEval figure transfer to fresh tasks? Greedy pass@1 on both, with intervals.

Usage: python bench/fresh_transfer.py --fresh runs/fresh.db:RUN --humaneval runs/greedy.db:RUN
                                      [--out results/bench/fresh-transfer-0.5b.json]

Reads two finished runs of one configuration (one on the fresh family, one on HumanEval) from their
stores and reports, for the honest answer (the public tests' choice, graded on the hidden tests):
pass@1 on each with its 95% bootstrap interval over tasks; the fresh family per split (dev, heldout) and
per category; the difference fresh − HumanEval with its interval (two independent task samples,
resampled separately); and the seconds and tokens per task on each.

Fresh tasks may simply be harder. The difference is therefore also given at equal difficulty: HumanEval's
pass rate standardised to the fresh family's mix (``codebudget.analysis.standardise``), for two measures
of a task's difficulty, the size of its reference solution (AST nodes, docstrings and imports left out)
and the length of its prompt (words), each in strata cut at quantiles of HumanEval's values.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import json
import sqlite3
from collections import defaultdict
from pathlib import Path

import numpy as np

from one_line import run

from codebudget.analysis.bootstrap import difference_interval, mean_interval
from codebudget.analysis.standardise import standardise, strata_edges
from codebudget.benchmarks import load
from codebudget.benchmarks.fresh import category, manifest
from codebudget.records import Problem

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


def reference_size(problem: Problem) -> int:
    """AST nodes of the task's reference solution, its docstrings and imports left out."""
    reference = problem.reference or ""
    try:
        tree = ast.parse(reference)
        if not any(isinstance(node, ast.FunctionDef) and node.name == problem.entry_point for node in tree.body):
            tree = ast.parse(problem.prompt + reference)
    except SyntaxError:
        return 0
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            skipped.update(map(id, ast.walk(node)))
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                skipped.update(map(id, ast.walk(first)))
    return sum(1 for node in ast.walk(tree) if id(node) not in skipped)


def prompt_words(problem: Problem) -> int:
    """Words in the task's prompt (signature and docstring)."""
    return len(problem.prompt.split())


MEASURES = {"reference_ast_nodes": reference_size, "prompt_words": prompt_words}


def at_equal_difficulty(fresh: dict[str, int], public: dict[str, int], rng: np.random.Generator) -> dict:
    """HumanEval's rate standardised to the fresh family's difficulty mix, per measure, with the difference."""
    problems = {p.task_id: p for name in ("fresh", "humaneval") for p in load(name)}
    out = {}
    for name, measure in MEASURES.items():
        fa = np.array([measure(problems[t]) for t in fresh], float)
        pb = np.array([measure(problems[t]) for t in public], float)
        edges = strata_edges(pb, count=6, minimum=12)
        found = standardise(list(fresh.values()), fa, list(public.values()), pb, edges, rng)
        rounded = lambda triple: [round(x, 4) for x in triple]  # noqa: E731
        out[name] = {
            "fresh_median": float(np.median(fa)), "humaneval_median": float(np.median(pb)),
            "humaneval_standardised": rounded(found.reference_standardised),
            "difference_at_equal_difficulty": rounded(found.difference),
            "strata": [dataclasses.asdict(s) for s in found.strata],
        }
    return out


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
        "at_equal_difficulty": at_equal_difficulty(fresh, public, rng),
        "fresh_by_group": {name: {"tasks": len(v), "pass@1": interval(np.array(v, float), rng)}
                           for name, v in sorted(groups.items())},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    run(main)
