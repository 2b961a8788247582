"""Benchmark: how far each HumanEval answer transfers to fresh tasks — two pools' N×K grids side by side.

Usage: python bench/fresh_grid.py --fresh DB:POOL --humaneval DB:POOL [--greedy DB:RUN] [--ns 1,2,3,4,5]
                                  [--ks 0,1] [--budgets 20,30,60] --out results/bench/fresh-grid-MODEL.json

Reads two pools of one model made with the same options (``codebudget pool``: M candidates at one
temperature, each with its repair chain, every version graded), one on HumanEval and one on the fresh
family (normally its held-out half), replays both grids without a model and reports:

* per configuration (N, K): pass@1 on each benchmark, honest (the public tests choose; the fresh family's
  public tests are its docstring's one or two examples) and oracle, with 95% bootstrap intervals over
  tasks; fresh − HumanEval with its interval (two independent samples of tasks, resampled separately);
  the honest–oracle gap on each, paired within its pool;
* per budget (seconds per task, each pool on its own machine's clock): the best honest configuration of
  each pool (``codebudget best``'s logic), and the transfer question a user asks — the configuration
  HumanEval's pool picks, run on the fresh tasks: its pass@1 and seconds there, minus the fresh pool's
  own best within the same budget (paired over the fresh tasks);
* with ``--greedy`` (a greedy run on the fresh family, e.g. ``codebudget eval``): each budget's best
  honest fresh configuration minus greedy on the same tasks, paired — the issue's first goal.

The pools' seconds come from the machines that made them (named in the output); budget answers of two
machines are compared only through the configuration they pick, never through their seconds.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

import numpy as np

from codebudget.analysis import PairedBootstrap, best_under_budget
from codebudget.analysis.bootstrap import difference_interval, mean_interval
from codebudget.analysis.outcomes import ConfigOutcomes, CostKind, OutcomeTable, SelectionMode

GREEDY_POLICY = "public-tests"


def pool_table(spec: str) -> tuple[OutcomeTable, dict]:
    """A pool's replayed grid (both selection modes) and where it was made."""
    from codebudget.candidates.machines import check_one_machine
    from codebudget.reports.gather.outcomes import collect
    from codebudget.store import Store

    path, _, run = spec.rpartition(":")
    if not path or not Path(path).is_file():
        raise SystemExit(f"{spec}: no store at {path!r} (give DB:POOL)")
    store = Store.open_read_only(Path(path))
    try:
        machines = check_one_machine(store, [run])
        table = collect(store, [run], None, None).table
    finally:
        store.close()
    if table.n_tasks == 0:
        raise SystemExit(f"{spec}: the pool has no finished task")
    return table, {"pool": spec, "tasks": table.n_tasks, "machines": dict(machines)}


def cell(table: OutcomeTable, n: int, k: int, mode: SelectionMode) -> ConfigOutcomes | None:
    found = [o for o in table.only(mode).outcomes if o.config.n == n and o.config.k == k]
    return found[0] if found else None


def rounded(values) -> list[float]:  # noqa: ANN001 - a (value, low, high) triple
    return [round(float(x), 4) for x in values]


def grid(fresh: OutcomeTable, public: OutcomeTable, ns: list[int], ks: list[int], rng: np.random.Generator) -> list:
    rows = []
    for k in ks:
        for n in ns:
            row: dict = {"n": n, "k": k}
            per: dict[str, dict[SelectionMode, ConfigOutcomes]] = {}
            for name, table in (("fresh", fresh), ("humaneval", public)):
                found = {mode: cell(table, n, k, mode) for mode in (SelectionMode.HONEST, SelectionMode.ORACLE)}
                if None in found.values():
                    break
                per[name] = found  # type: ignore[assignment]
                honest, oracle = found[SelectionMode.HONEST], found[SelectionMode.ORACLE]
                row[name] = {"honest": rounded(mean_interval(honest.success, rng)),
                             "oracle": rounded(mean_interval(oracle.success, rng)),
                             "gap": rounded(mean_interval(oracle.success - honest.success, rng)),
                             "s_per_task": round(honest.mean_cost(CostKind.WALL_S), 2),
                             "tokens_per_task": round(honest.mean_cost(CostKind.TOKENS), 1)}
            if len(per) < 2:
                continue
            for mode in (SelectionMode.HONEST, SelectionMode.ORACLE):
                row[f"fresh_minus_humaneval_{mode.value}"] = rounded(
                    difference_interval(per["fresh"][mode].success, per["humaneval"][mode].success, rng))
            rows.append(row)
    return rows


def best(table: OutcomeTable, budget: float) -> ConfigOutcomes | None:
    honest = table.only(SelectionMode.HONEST)
    boot = PairedBootstrap.for_table(honest, n_resamples=2000, seed=0)
    choice = best_under_budget(honest, budget, boot, CostKind.WALL_S).best
    return None if choice is None else honest.get(choice.name)


def greedy_outcomes(spec: str) -> dict[str, float]:
    """Per task of a greedy run: whether its answer passed the hidden tests."""
    path, _, run = spec.rpartition(":")
    if not path or not Path(path).is_file():
        raise SystemExit(f"{spec}: no store at {path!r} (give DB:RUN)")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT benchmark, task_id, hidden_passed FROM selections WHERE config_hash=? AND "
                            "policy=?", (run, GREEDY_POLICY)).fetchall()
    if not rows:
        raise SystemExit(f"{spec}: no finished tasks of run {run}")
    return {f"{benchmark}:{task_id}": float(passed) for benchmark, task_id, passed in rows}  # as a pool's table names them


def paired(a: ConfigOutcomes, b: dict[str, float], rng: np.random.Generator) -> dict:
    """a − b over the tasks both have (b: per-task values of another run)."""
    shared = [i for i, task_id in enumerate(a.task_ids) if task_id in b]
    if not shared:
        return {"tasks": 0}
    diff = a.success[shared] - np.array([b[a.task_ids[i]] for i in shared])
    return {"tasks": len(shared), "greedy": round(float(np.mean([b[a.task_ids[i]] for i in shared])), 4),
            "difference": rounded(mean_interval(diff, rng))}


def budgets(fresh: OutcomeTable, public: OutcomeTable, values: list[float], greedy: dict[str, float] | None,
            rng: np.random.Generator) -> dict:
    out = {}
    for budget in values:
        row: dict = {}
        own = best(fresh, budget)
        theirs = best(public, budget)
        for name, choice in (("fresh", own), ("humaneval", theirs)):
            row[name] = None if choice is None else {
                "config": choice.config.name, "pass@1": rounded(mean_interval(choice.success, rng)),
                "s_per_task": round(choice.mean_cost(CostKind.WALL_S), 2)}
        if theirs is not None:
            moved = cell(fresh, theirs.config.n, theirs.config.k, SelectionMode.HONEST)
            if moved is not None:
                pick = {"config": moved.config.name, "pass@1": rounded(mean_interval(moved.success, rng)),
                        "s_per_task": round(moved.mean_cost(CostKind.WALL_S), 2)}
                if own is not None:
                    pick["minus_fresh_best"] = rounded(mean_interval(moved.success - own.success, rng))
                row["humaneval_pick_on_fresh"] = pick
        if greedy is not None and own is not None:
            row["fresh_best_minus_greedy"] = paired(own, greedy, rng)
        out[f"{budget:g}s"] = row
    return out


def pct(found: list[float] | None, signed: bool = False) -> str:
    if not found:
        return "–"
    value, low, high = (100 * x for x in found)
    return f"{value:+.1f} ({low:+.1f} to {high:+.1f})" if signed else f"{value:.1f} ({low:.1f}–{high:.1f})"


def markdown(result: dict) -> str:
    def where(info: dict) -> str:
        machines = ", ".join(info["machines"]) or "machine not recorded"
        return f"`{info['pool']}`, {info['tasks']} tasks ({machines})"

    lines = ["# HumanEval's grid against the fresh family's", "",
             f"Fresh: {where(result['fresh'])}. HumanEval: {where(result['humaneval'])}.", "",
             "pass@1 in percent (95% interval over tasks); fresh − HumanEval: two independent samples of tasks; "
             "gap: oracle − honest, paired within the pool. Seconds per task on each pool's own machine.", "",
             "| N | K | HumanEval honest | HumanEval oracle | fresh honest | fresh oracle | fresh − HumanEval (honest) "
             "| gap HumanEval | gap fresh | s/task HumanEval | s/task fresh |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in result["grid"]:
        public, fresh = row["humaneval"], row["fresh"]
        lines.append(f"| {row['n']} | {row['k']} | {pct(public['honest'])} | {pct(public['oracle'])} | "
                     f"{pct(fresh['honest'])} | {pct(fresh['oracle'])} | {pct(row['fresh_minus_humaneval_honest'], True)} "
                     f"| {pct(public['gap'], True)} | {pct(fresh['gap'], True)} | {public['s_per_task']:.1f} | "
                     f"{fresh['s_per_task']:.1f} |")
    lines += ["", "Budget answers (honest; each pool's seconds on its own machine): the best configuration of each "
              "pool, HumanEval's pick run on the fresh tasks (minus the fresh pool's own best, paired), and the "
              "fresh best minus greedy (paired).", "",
              "| budget | HumanEval best | fresh best | HumanEval's pick on fresh | pick − fresh best | "
              "fresh best − greedy |", "|---|---|---|---|---|---|"]
    for budget, row in result["budgets"].items():
        def choice(found: dict | None) -> str:
            return "–" if not found else f"{found['config']}: {pct(found['pass@1'])}, {found['s_per_task']:.1f} s"

        pick = row.get("humaneval_pick_on_fresh")
        greedy = row.get("fresh_best_minus_greedy", {})
        versus = (f"{pct(greedy['difference'], True)} (greedy {100 * greedy['greedy']:.1f}, {greedy['tasks']} tasks)"
                  if greedy.get("tasks") else "–")
        lines.append(f"| {budget} | {choice(row['humaneval'])} | {choice(row['fresh'])} | {choice(pick)} | "
                     f"{pct(pick.get('minus_fresh_best') if pick else None, True)} | {versus} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", required=True, help="DB:POOL, the pool on the fresh family")
    parser.add_argument("--humaneval", required=True, help="DB:POOL, the same options' pool on HumanEval")
    parser.add_argument("--greedy", default=None, help="DB:RUN, a greedy run on the fresh family")
    parser.add_argument("--ns", default="1,2,3,4,5")
    parser.add_argument("--ks", default="0,1")
    parser.add_argument("--budgets", default="20,30,60")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    fresh, fresh_info = pool_table(args.fresh)
    public, public_info = pool_table(args.humaneval)
    greedy = greedy_outcomes(args.greedy) if args.greedy else None
    result = {
        "fresh": fresh_info, "humaneval": public_info, "greedy": args.greedy,
        "grid": grid(fresh, public, [int(x) for x in args.ns.split(",")], [int(x) for x in args.ks.split(",")], rng),
        "budgets": budgets(fresh, public, [float(x) for x in args.budgets.split(",")], greedy, rng),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    args.out.with_suffix(".md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()
