"""Benchmark: how far each HumanEval answer transfers to fresh tasks — two pools' N×K grids side by side.

Usage: python bench/fresh_grid.py --fresh DB:POOL --humaneval DB:POOL [--greedy DB:RUN] [--ns 1,2,3,4,5]
                                  [--ks 0,1] [--budgets 20,30,60] [--mixed-machines]
                                  --out results/bench/fresh-grid-MODEL.json

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
machines are compared only through the configuration they pick, never through their seconds. A pool whose own
times span several CPUs gives no budget answers. With ``--mixed-machines`` a pool of one CPU whose speed probes
moved more than one machine's tolerance (a host that wanders) still gives them, twice: as measured, and with each
task's seconds scaled to the pool's median probe (seconds × the task's probe / the median: a model that decodes
at a steady rate on that host); where the two picks agree, the drift did not decide the answer.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from arm_pools import at_median_speed, pool_probes, probes_summary
from fresh_transfer import outcomes as greedy_outcomes
from one_line import run

from codebudget.analysis import FactorGrid, PairedBootstrap, best_under_budget
from codebudget.analysis.bootstrap import difference_interval, mean_interval
from codebudget.analysis.outcomes import ConfigOutcomes, CostKind, OutcomeTable, SelectionMode

MODES = (SelectionMode.HONEST, SelectionMode.ORACLE)
Cells = dict[SelectionMode, dict[tuple[int, int], ConfigOutcomes]]


def open_pool(spec: str, writable: bool = False) -> tuple:
    """The store and the pool's hash named by ``spec`` (``DB:POOL``); read-only unless ``writable`` (to cache what a
    reader computes)."""
    from codebudget.store import Store

    path, _, pool = spec.rpartition(":")
    if not path or not Path(path).is_file():
        raise SystemExit(f"{spec}: no store at {path!r} (give DB:POOL)")
    return (Store.open(Path(path)) if writable else Store.open_read_only(Path(path))), pool


def pool_table(spec: str, mixed: bool = False) -> tuple[OutcomeTable, dict, dict[str, dict[str, float]]]:
    """A pool's replayed grid (both selection modes), where it was made (``mixed``: even where its times come from
    several machines or speeds) and its finished tasks' speed probes (``arm_pools.pool_probes``)."""
    from codebudget.candidates.machines import check_one_machine
    from codebudget.reports.gather.outcomes import collect

    store, run = open_pool(spec)
    try:
        machines = check_one_machine(store, [run], mixed=mixed)
        table = collect(store, [run], None, None).table
        probes = pool_probes(store, [run])
    finally:
        store.close()
    if table.n_tasks == 0:
        raise SystemExit(f"{spec}: the pool has no finished task")
    info = {"pool": spec, "tasks": table.n_tasks, "machines": dict(machines), "probes": probes_summary(probes, table)}
    return table, info, probes


def cells(table: OutcomeTable) -> Cells:
    """Per selection mode, each (N, K) cell's outcomes."""
    found: Cells = {}
    for mode in MODES:
        part = table.only(mode)
        found[mode] = {cell: part.get(name) for cell, name in FactorGrid.from_table(part).cells.items()}
    return found


def rounded(values) -> list[float]:  # noqa: ANN001 - a (value, low, high) triple
    return [round(float(x), 4) for x in values]


def grid(fresh: Cells, public: Cells, ns: list[int], ks: list[int], rng: np.random.Generator) -> list:
    rows = []
    for k in ks:
        for n in ns:
            row: dict = {"n": n, "k": k}
            per: dict[str, dict[SelectionMode, ConfigOutcomes]] = {}
            for name, pool in (("fresh", fresh), ("humaneval", public)):
                if any((n, k) not in pool[mode] for mode in MODES):
                    break
                found = per[name] = {mode: pool[mode][(n, k)] for mode in MODES}
                honest, oracle = found[SelectionMode.HONEST], found[SelectionMode.ORACLE]
                row[name] = {"honest": rounded(mean_interval(honest.success, rng)),
                             "oracle": rounded(mean_interval(oracle.success, rng)),
                             "gap": rounded(mean_interval(oracle.success - honest.success, rng)),
                             "s_per_task": round(honest.mean_cost(CostKind.WALL_S), 2),
                             "tokens_per_task": round(honest.mean_cost(CostKind.TOKENS), 1)}
            if len(per) < 2:
                continue
            for mode in MODES:
                row[f"fresh_minus_humaneval_{mode.value}"] = rounded(
                    difference_interval(per["fresh"][mode].success, per["humaneval"][mode].success, rng))
            rows.append(row)
    return rows


def best(table: OutcomeTable, boot: PairedBootstrap, budget: float) -> ConfigOutcomes | None:
    """The best honest configuration of ``table`` (honest only) within ``budget`` seconds per task."""
    choice = best_under_budget(table, budget, boot, CostKind.WALL_S).best
    return None if choice is None else table.get(choice.name)


def paired(a: ConfigOutcomes, b: dict[str, int], rng: np.random.Generator) -> dict:
    """a − b over the tasks both have (b: per task of another run on the same benchmark, by its task id)."""
    shared = [(i, b[task_id.partition(":")[2]]) for i, task_id in enumerate(a.task_ids)
              if task_id.partition(":")[2] in b]
    if not shared:
        return {"tasks": 0}
    other = np.array([value for _, value in shared], float)
    diff = a.success[[i for i, _ in shared]] - other
    return {"tasks": len(shared), "greedy": round(float(np.mean(other)), 4),
            "difference": rounded(mean_interval(diff, rng))}


def budgets(fresh: OutcomeTable, public: OutcomeTable, fresh_cells: Cells, values: list[float],
            greedy: dict[str, int] | None, rng: np.random.Generator) -> dict:
    honest = {name: table.only(SelectionMode.HONEST) for name, table in (("fresh", fresh), ("humaneval", public))}
    boots = {name: PairedBootstrap.for_table(table, n_resamples=2000, seed=0) for name, table in honest.items()}
    out = {}
    for budget in values:
        row: dict = {}
        own, theirs = (best(honest[name], boots[name], budget) for name in ("fresh", "humaneval"))
        for name, choice in (("fresh", own), ("humaneval", theirs)):
            row[name] = None if choice is None else {
                "config": choice.config.name, "pass@1": rounded(mean_interval(choice.success, rng)),
                "s_per_task": round(choice.mean_cost(CostKind.WALL_S), 2)}
        if theirs is not None:
            moved = fresh_cells[SelectionMode.HONEST].get((theirs.config.n, theirs.config.k))
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
    if result["budgets"] is None:
        return "\n".join([*lines, "", f"No budget answers: {result['budgets_left_out']}."]) + "\n"
    probes = [f"{name} {info['probes']['min']:.1f}–{info['probes']['max']:.1f} tokens/s (median "
              f"{info['probes']['median']:.1f}, {100 * info['probes']['spread']:.0f}% apart)"
              for name, info in (("fresh", result["fresh"]), ("HumanEval", result["humaneval"])) if info.get("probes")]
    lines += ["", "Budget answers (honest; each pool's seconds on its own machine): the best configuration of each "
              "pool, HumanEval's pick run on the fresh tasks (minus the fresh pool's own best, paired), and the "
              "fresh best minus greedy (paired)." + (f" Speed probes of the tasks: {'; '.join(probes)}." if probes
                                                     else ""), "", *budget_table(result["budgets"])]
    if result.get("budgets_at_median_speed"):
        lines += ["", "The same with each task's seconds scaled to its pool's median probe (seconds × the task's "
                  "probe / the median), for a host whose speed wandered while the pool ran: where the picks agree "
                  "with the table above, the drift did not decide the answer.", "",
                  *budget_table(result["budgets_at_median_speed"])]
    return "\n".join(lines) + "\n"


def budget_table(answers: dict) -> list[str]:
    def choice(found: dict | None) -> str:
        return "–" if not found else f"{found['config']}: {pct(found['pass@1'])}, {found['s_per_task']:.1f} s"

    lines = ["| budget | HumanEval best | fresh best | HumanEval's pick on fresh | pick − fresh best | "
             "fresh best − greedy |", "|---|---|---|---|---|---|"]
    for budget, row in answers.items():
        pick = row.get("humaneval_pick_on_fresh")
        greedy = row.get("fresh_best_minus_greedy", {})
        versus = (f"{pct(greedy['difference'], True)} (greedy {100 * greedy['greedy']:.1f}, {greedy['tasks']} tasks)"
                  if greedy.get("tasks") else "–")
        lines.append(f"| {budget} | {choice(row['humaneval'])} | {choice(row['fresh'])} | {choice(pick)} | "
                     f"{pct(pick.get('minus_fresh_best') if pick else None, True)} | {versus} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", required=True, help="DB:POOL, the pool on the fresh family")
    parser.add_argument("--humaneval", required=True, help="DB:POOL, the same options' pool on HumanEval")
    parser.add_argument("--greedy", default=None, help="DB:RUN, a greedy run on the fresh family")
    parser.add_argument("--ns", default="1,2,3,4,5")
    parser.add_argument("--ks", default="0,1")
    parser.add_argument("--budgets", default="20,30,60")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--mixed-machines", action="store_true",
                        help="read pools timed on several machines or speeds: the grid's pass rates; budget answers "
                             "only where each pool ran on one CPU (as measured, and scaled to its median probe)")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    fresh, fresh_info, fresh_probes = pool_table(args.fresh, args.mixed_machines)
    public, public_info, public_probes = pool_table(args.humaneval, args.mixed_machines)
    greedy = greedy_outcomes(args.greedy)[0] if args.greedy else None
    fresh_cells, public_cells = cells(fresh), cells(public)
    values = [float(x) for x in args.budgets.split(",")]
    one_cpu = all(len(info["machines"]) <= 1 for info in (fresh_info, public_info))
    result = {
        "fresh": fresh_info, "humaneval": public_info, "greedy": args.greedy,
        "grid": grid(fresh_cells, public_cells, [int(x) for x in args.ns.split(",")],
                     [int(x) for x in args.ks.split(",")], rng),
        "budgets": budgets(fresh, public, fresh_cells, values, greedy, rng) if one_cpu else None,
    }
    if not one_cpu:  # pass rates do not depend on the machine; a budget in seconds does
        result["budgets_left_out"] = ("a pool's seconds come from several CPUs, so they are no time axis; the grid's "
                                      "seconds per task are shown as measured")
    elif args.mixed_machines:  # one CPU each, perhaps at wandering speeds: the answers again at each median probe
        scaled_fresh, scaled_public = at_median_speed(fresh, fresh_probes), at_median_speed(public, public_probes)
        if scaled_fresh is not None or scaled_public is not None:
            scaled_fresh = fresh if scaled_fresh is None else scaled_fresh
            scaled_public = public if scaled_public is None else scaled_public
            result["budgets_at_median_speed"] = budgets(scaled_fresh, scaled_public, cells(scaled_fresh), values,
                                                        greedy, rng)
    write_outputs(args.out, result, markdown(result))


def write_outputs(out: Path, result: dict, text: str) -> None:
    """``result`` as JSON at ``out``, its table as ``out`` with ``.md``, and the table on stdout."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    out.with_suffix(".md").write_text(text)
    print(text)


if __name__ == "__main__":
    run(main)
