"""Benchmark: which selection policy closes the honest–oracle gap of a pool — each policy against the public tests
alone, paired over the pool's tasks.

Usage: python bench/fresh_select.py --pool DB:POOL [--n 1,2,3,5] [--k 0,1]
                                    [--policies public-then-codet,codet,s-star,public-then-vote] [--mixed-machines]
                                    --out results/bench/fresh-select-MODEL.json

``codebudget select`` prints each policy's pass@1 and its gap to the oracle; the question a user of fresh work asks
is a difference: how much does a policy add to what the docstring's examples (``public-tests``, the honest
baseline) already choose, and what share of the oracle's lead does that recover? This reads what ``codebudget
select`` stored with the pool (the model's generated tests, the candidates' behaviours): it calls no model and
writes no tests, so run ``codebudget select POOL --policies ...`` first; a missing test is a one-line error.

Per policy and (N, K): pass@1 (95% interval over tasks), the gap to the oracle (paired), the difference to
``public-tests`` (paired, over the same tasks and the same bootstrap), the share of the public tests' gap it
recovers, and seconds per task with the policy's own work (its executions and the model time that wrote its
tests).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from fresh_grid import open_pool, pct, rounded, write_outputs
from one_line import run

from codebudget.analysis.bootstrap import mean_interval

BASELINE = "public-tests"


def evaluate_pool(spec: str, ns: list[int], ks: list[int], policies: list[str], mixed: bool) -> tuple:
    """The pool's selection results for ``policies`` plus the baseline and the oracle, from stored evidence only."""
    from codebudget.candidates.machines import check_one_machine
    from codebudget.evidence import Settings, evaluate
    from codebudget.evidence.generated import GeneratorSettings
    from codebudget.evidence.supply import stored_or_new_supply

    store, pool = open_pool(spec, writable=True)
    try:
        machines = check_one_machine(store, [pool], mixed=mixed)
        found = store.get_run(pool)
        if found is None:
            raise SystemExit(f"{spec}: no such run in its store")
        # unasked, as `codebudget select` without a test model: the stored tests, or how many tasks lack them
        supply, _, missing = stored_or_new_supply(store, found, GeneratorSettings())
        if missing:
            raise SystemExit(f"{spec}: {missing} task(s) have no stored generated tests; run codebudget select "
                             f"{pool} --db DB --policies {','.join(policies)} first")
        results = evaluate(store, pool, None, ns, [BASELINE, *policies, "oracle"],
                           settings=Settings(ks=tuple(ks), tests=supply))
    finally:
        store.close()
    return results, {"pool": spec, "model": found.model, "machines": dict(machines)}


def compare(results, rng: np.random.Generator) -> list[dict]:  # noqa: ANN001 - evaluate's SelectionResults
    """Every policy's row, with its paired difference to the baseline at the same (N, K)."""
    by_cell = {(r.policy, r.n, r.k): r for r in results}
    rows = []
    for result in results:
        base, oracle = by_cell[(BASELINE, result.n, result.k)], by_cell[("oracle", result.n, result.k)]
        mine, theirs = np.array(result.per_task), np.array(base.per_task)
        top = np.array(oracle.per_task)
        lead = float(np.mean(top - theirs))
        row = {"policy": result.policy, "n": result.n, "k": result.k, "tasks": result.tasks,
               "pass@1": rounded((result.pass_at_1, result.low, result.high)),
               "gap": rounded((result.gap, result.gap_low, result.gap_high)),
               "minus_public": rounded(mean_interval(mine - theirs, rng)),
               "share_of_public_gap_recovered": round(float(np.mean(mine - theirs)) / lead, 3) if lead > 0 else None,
               "s_per_task": round(result.total_s, 2), "extra_s": round(result.extra_s, 2)}
        rows.append(row)
    return rows


def markdown(result: dict) -> str:
    info = result["pool"]
    lines = [f"# Selection policies against the public tests: {info['model']}, pool `{info['pool']}`", "",
             f"{result['rows'][0]['tasks']} tasks ({', '.join(info['machines']) or 'machine not recorded'}). "
             "pass@1 in percent (95% interval over tasks); gap: policy − oracle; − public: policy − public-tests "
             "(paired); recovered: that difference over the oracle's lead on public-tests; seconds per task with the "
             "policy's own work.", "",
             "| policy | N | K | pass@1 | gap | − public | recovered | s/task |", "|---|---|---|---|---|---|---|---|"]
    for row in result["rows"]:
        share = row["share_of_public_gap_recovered"]
        lines.append(f"| {row['policy']} | {row['n']} | {row['k']} | {pct(row['pass@1'])} | {pct(row['gap'], True)} | "
                     f"{pct(row['minus_public'], True)} | {'–' if share is None else f'{100 * share:.0f}%'} | "
                     f"{row['s_per_task']:.1f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", required=True, help="DB:POOL, a pool codebudget select has run on")
    parser.add_argument("--n", default="1,2,3,5")
    parser.add_argument("--k", default="0,1")
    parser.add_argument("--policies", default="public-then-codet,codet,s-star,public-then-vote")
    parser.add_argument("--mixed-machines", action="store_true",
                        help="read a pool timed on several machines or speeds (its seconds are shown as measured)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    policies = [p for p in args.policies.split(",") if p and p not in (BASELINE, "oracle")]
    results, info = evaluate_pool(args.pool, [int(x) for x in args.n.split(",")], [int(x) for x in args.k.split(",")],
                                  policies, args.mixed_machines)
    result = {"pool": info, "baseline": BASELINE, "rows": compare(results, np.random.default_rng(0))}
    write_outputs(args.out, result, markdown(result))


if __name__ == "__main__":
    run(main)
