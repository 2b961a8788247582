"""Benchmark: the prompt style's effect on greedy pass@1 and time, paired over the same tasks.

Usage: python bench/style_effect.py --db runs/greedy.db --a RUN_HASH --b RUN_HASH [--out FILE.json]

``--a`` and ``--b`` are two finished greedy runs (N=1, K=0) of one model over the same benchmark in
the store ``--db`` (import a committed export first: ``codebudget import results/... --db ...``), e.g.
the body style against the whole-function style. Prints, over the tasks both finished: pass@1 of each,
the paired difference a − b with its 95% bootstrap interval (2000 task resamples, seed 0) and the exact
McNemar test, the tasks only one of them solved, and seconds and tokens per task with their ratio.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from codebudget.analysis.bootstrap import PairedBootstrap
from codebudget.analysis.contrasts import compare
from codebudget.analysis.outcomes import Config, OutcomeRow, OutcomeTable, SelectionMode, outcomes_from_rows
from codebudget.store import Store


def outcomes(store: Store, run_hash: str):
    """The run's honest outcome, seconds, tokens and calls per finished task."""
    run = store.get_run(run_hash)
    if run is None:
        raise SystemExit(f"error: no run {run_hash} in {store.path}")
    config = Config(run_hash, SelectionMode.HONEST, params=(("prompt_style", str(run.config.get(
        "prompt_style", "whole-function"))),))
    rows = [OutcomeRow(config, r.task_id, float(r.selection("public-tests").hidden_passed), r.wall_s,
                       float(r.tokens), float(r.model_calls))
            for r in store.iter_task_results(run_hash)]
    return outcomes_from_rows(config, rows), run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--a", required=True, help="run hash (e.g. the body style)")
    parser.add_argument("--b", required=True, help="run hash (e.g. the whole-function style)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with Store.open_read_only(args.db) as store:
        (a, run_a), (b, run_b) = outcomes(store, args.a), outcomes(store, args.b)
    table = OutcomeTable.aligned([a, b], missing="intersect")
    a, b = table.get(args.a), table.get(args.b)
    boot = PairedBootstrap.for_table(table, n_resamples=2000, seed=0)
    result = compare(table, args.a, args.b, boot)
    only = lambda x, y: [t for t, s, u in zip(table.task_ids, x.success, y.success) if s > u]  # noqa: E731
    report = {
        "tasks": table.n_tasks, "model": run_a.config.get("model"),
        "a": {"run": args.a, "style": dict(a.config.params)["prompt_style"], "pass@1": a.pass_at_1(),
              "s_per_task": float(a.wall_s.mean()), "tokens_per_task": float(a.tokens.mean())},
        "b": {"run": args.b, "style": dict(b.config.params)["prompt_style"], "pass@1": b.pass_at_1(),
              "s_per_task": float(b.wall_s.mean()), "tokens_per_task": float(b.tokens.mean())},
        "difference": result.difference.value, "interval95": [result.difference.low, result.difference.high],
        "test": {"name": result.test.name, "p_value": result.test.p_value, "discordant": result.test.n_effective},
        "only_a": only(a, b), "only_b": only(b, a),
        "time_ratio_a_over_b": float(a.wall_s.mean() / b.wall_s.mean()),
        "token_ratio_a_over_b": float(a.tokens.mean() / b.tokens.mean()),
    }
    print(json.dumps(report, indent=1))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
