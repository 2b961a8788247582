"""Benchmark: greedy pass@1 on all of HumanEval (or another benchmark) with a zoo model, and the minutes it takes.

Usage: python bench/humaneval_greedy.py --model qwen2.5-coder-0.5b [--db runs/greedy.db] [--limit N]
                                        [--prompt-style body|whole-function] [--lookup off|repairs|all]
                                        [--benchmark humaneval|fresh|fresh:heldout|...]

Runs (or resumes) `codebudget eval` for the model into the store, then prints, from the
stored rows: pass@1, minutes of pipeline time (generation + public tests, summed over
tasks), mean tokens, how many answers hit the token limit, had no code or did not parse.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
from pathlib import Path

from one_line import run

from codebudget.cli.session import load_problems, run_with_progress
from codebudget.pipeline import build_config


def details(db: Path, run_hash: str) -> dict[str, int]:
    """Counts of truncated answers, extraction failures and syntax errors in the run."""
    with sqlite3.connect(db) as conn:
        one = lambda sql: conn.execute(sql, (run_hash,)).fetchone()[0]  # noqa: E731
        return {
            "hit_token_limit": one("SELECT count(*) FROM generations WHERE config_hash=? AND finish_reason='length'"),
            "repetition_guard": one("SELECT count(*) FROM generations WHERE config_hash=? AND finish_reason='repetition'"),
            "no_code": one("SELECT count(*) FROM extractions WHERE config_hash=? AND ok=0"),
            "syntax_errors": one("SELECT count(*) FROM extractions WHERE config_hash=? AND ok=1 AND syntax_ok=0"),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="qwen2.5-coder-0.5b")
    parser.add_argument("--db", type=Path, default=Path("runs/greedy.db"))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--max-tokens", type=int, default=512)
    parser.add_argument("--prompt-style", default=None, help="default: the pipeline's (body)")
    parser.add_argument("--lookup", default=None, choices=("off", "repairs", "all"))
    parser.add_argument("--benchmark", default=None, help="default: humaneval")
    args = parser.parse_args()
    config = build_config(None, model=args.model, n=1, k=0, temperature=0.0, max_tokens=args.max_tokens, limit=args.limit,
                          prompt_style=args.prompt_style, lookup=args.lookup, benchmark=args.benchmark)
    problems = load_problems(config)
    summary = run_with_progress(config, problems, args.db, "auto")
    report = {
        "model": args.model, "benchmark": config.benchmark, "prompt_style": config.prompt_style, "lookup": config.lookup, "tasks": summary.tasks, "pass@1": round(summary.honest_pass, 4),
        "passed": round(summary.honest_pass * summary.tasks),
        "pipeline_minutes": round(summary.mean_wall_s * summary.tasks / 60, 1),
        "mean_s_per_task": round(summary.mean_wall_s, 2), "mean_tokens": round(summary.mean_tokens, 1),
        "run": summary.run_hash, "cpu_count": os.cpu_count(), **details(args.db, summary.run_hash),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    run(main)
