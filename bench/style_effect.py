"""Benchmark: the prompt style's effect on greedy pass@1 and time, paired over the same tasks.

Usage: python bench/style_effect.py --db runs/greedy.db --a RUN_HASH --b RUN_HASH [--out FILE.json]
       python bench/style_effect.py --db runs/pool-body.db --a POOL --db-b runs/pool-whole.db --b POOL \
                                    --n 5 --k 0 [--mode honest|oracle] [--out FILE.json]

``--a`` and ``--b`` are two finished greedy runs (N=1, K=0) of one model over the same benchmark in
the store ``--db`` (import a committed export first: ``codebudget import results/... --db ...``), e.g.
the body style against the whole-function style. Prints, over the tasks both finished: pass@1 of each,
the paired difference a − b with its 95% bootstrap interval (2000 task resamples, seed 0) and the exact
McNemar test, the tasks only one of them solved, and seconds and tokens per task with their ratio.

With ``--n`` (and ``--k``), ``--a`` and ``--b`` are candidate pools (each in its own store with
``--db-b``), and the comparison is of the configuration N, K replayed from each: a task's success is
its expected pass rate over the pool's draws of N candidates, honest (public-test selection) or oracle
(``--mode``). The two pools sampled their candidates independently, so the interval also holds the
sampling noise of N candidates per task, and the test is the exact Wilcoxon signed-rank test (successes
are expectations, not 0/1).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from one_line import run

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


def pool_outcomes(store: Store, run_hash: str, n: int, k: int, mode: str):
    """Configuration N, K replayed from the pool: per task its expected success, seconds, tokens and calls."""
    from codebudget.candidates import load_pool
    from codebudget.replay import ReplayConfig, replay

    run = store.get_run(run_hash)
    if run is None:
        raise SystemExit(f"error: no run {run_hash} in {store.path}")
    policy = "public-tests" if mode == "honest" else "oracle"
    config = Config(run_hash, SelectionMode(mode), params=(("prompt_style", str(run.config.get(
        "prompt_style", "whole-function"))),))
    replayed = replay(load_pool(store, run_hash, finished_only=True), ReplayConfig(n, k), [policy])
    rows = [OutcomeRow(config, t.task_id, t.figure(policy).pass_rate, t.figure(policy).wall_s,
                       t.figure(policy).tokens, t.figure(policy).model_calls) for t in replayed.tasks]
    return outcomes_from_rows(config, rows), run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--a", required=True, help="run hash (e.g. the body style)")
    parser.add_argument("--b", required=True, help="run hash (e.g. the whole-function style)")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--db-b", type=Path, default=None, help="the store of --b (default: --db)")
    parser.add_argument("--n", type=int, default=None, help="compare pools: the N to replay")
    parser.add_argument("--k", type=int, default=0, help="compare pools: the K to replay")
    parser.add_argument("--mode", choices=("honest", "oracle"), default="honest")
    args = parser.parse_args()
    read = (lambda store, run: pool_outcomes(store, run, args.n, args.k, args.mode)) if args.n else outcomes
    with Store.open_read_only(args.db) as store:
        a, run_a = read(store, args.a)
        if args.db_b is None:
            b, run_b = read(store, args.b)
    if args.db_b is not None:
        with Store.open_read_only(args.db_b) as store:
            b, run_b = read(store, args.b)
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
        **({"configuration": {"n": args.n, "k": args.k, "mode": args.mode}} if args.n else {}),
        "only_a": only(a, b), "only_b": only(b, a),
        "time_ratio_a_over_b": float(a.wall_s.mean() / b.wall_s.mean()),
        "token_ratio_a_over_b": float(a.tokens.mean() / b.tokens.mean()),
    }
    print(json.dumps(report, indent=1))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    run(main)
