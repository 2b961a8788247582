"""Benchmark: the prompt stages (plan, retrieval, memory) measured like N and K, and whether they pay for their seconds.

Usage: python bench/stages.py [--model qwen2.5-coder-0.5b] [--benchmarks humaneval,fresh:heldout,mbpp-sanitized:test]
                              [--arms plan,retrieval,memory,retrieval+memory] [--m 5] [--k-max 1] [--ns 1,3,5] [--ks 0,1]
                              [--budgets 10,20,30] [--limit 0] [--steps pools,analysis]
                              [--db runs/stages-MODEL.db] [--out results/bench/stages-MODEL.json] [--mixed-machines]

Every arm is one pool on each benchmark (``codebudget pool``: M candidates at T=0.8, each with up to K_max
greedy repairs, every version graded; resumable in ``--db``): ``none`` (no stage: the baseline every arm is
paired with), then each stage alone as its registry names it, with its options after colons
(``plan:mode=sampled``); stages joined by ``+`` are one arm that runs them together, in that order
(``retrieval+memory``). ``memory`` without a source remembers what the ``none`` pool of the same benchmark
solved (k-fold by task id, so no task sees its own answer). Then, from the pools replayed (no model):

* the grid: each arm's pass@1 at every (N, K), honest (public tests choose) and oracle, with 95% paired
  bootstrap intervals over tasks, seconds and tokens per task (a stage's own cost included);
* the stage's effect at each cell (arm minus ``none`` on the same tasks) and its interaction with N,
  IE(stage, N) = Q(stage, N) − Q(stage, 1) − Q(none, N) + Q(none, 1) at each K: whether the stage adds
  to what sampling more gives, or does the same work;
* the budget answers at ``--budgets`` seconds per task (``codebudget best``'s logic): the best configuration of
  each arm alone, of all arms together, and each arm's best minus ``none``'s best, paired.

Every pool of one benchmark must come from one machine (the seconds are one time axis; refused otherwise),
so the baseline is made here too rather than imported from another host. Time figures need a quiet machine.
A host whose own speed wanders beyond the probe's tolerance while the pools run (as this project's AMD host's
does, ``docs/performance.md``) is read with ``--mixed-machines``: the pools must still share one CPU name, the
probes' range is printed beside the figures, and the budget answers come twice, as measured and with every
task's seconds scaled to the median probe of all the arms' tasks (where the picks agree, the drift did not
decide them); with it, a pool interrupted earlier resumes even where this run's probe reads beyond the
tolerance (``codebudget pool --mixed-machines``), which on such a host refuses honest resumes.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from arm_pools import (answers_markdown, arm_table, at_median_speed, budget_answers, probes_summary, read_arms,
                       run_of, run_pool)
from one_line import run

from codebudget.hardware import machine

BASELINE = "none"
TEMPERATURE = 0.8
REFERENCES = (BASELINE,)


def pool_flags(args, benchmark: str, stage: str | None) -> list[str]:
    flags = ["--model", args.model, "--benchmark", benchmark, "--db", str(args.db), "--m", str(args.m),
             "--k-max", str(args.k_max), "--temperature", str(TEMPERATURE)]
    flags += ["--stages", stage] if stage else []
    flags += ["--limit", str(args.limit)] if args.limit else []
    flags += ["--mixed-machines"] if args.mixed_machines else []  # a resume is not refused for the probe's drift
    return flags


def arm_stages(arm: str, baseline: str) -> str | None:
    """The pool's ``--stages`` for an arm: stages joined by ``+`` run together, in order; ``memory`` without
    a source remembers the baseline pool."""
    if arm == BASELINE:
        return None
    stages = [f"{stage}:source={baseline}" if stage.split(":")[0] == "memory" and "source=" not in stage else stage
              for stage in arm.split("+")]
    return ",".join(stages)


def step_pools(args, benchmark: str, record) -> dict[str, str]:  # noqa: ANN001 - record: pools → None
    """The arms' pools on ``benchmark`` (made now unless the store has them): arm → run hash; ``record`` is
    called after each arm, so that an arm interrupted later leaves the finished ones written down."""
    pools: dict[str, str] = {}
    for arm in (BASELINE, *args.arms):
        stage = arm_stages(arm, pools.get(BASELINE, ""))
        print(f"[{time.strftime('%H:%M:%S')}] pool {arm} on {benchmark} (M={args.m}, K_max={args.k_max})", flush=True)
        pools[arm] = run_pool(pool_flags(args, benchmark, stage))
        record(dict(pools))
    return pools


def stored_pools(args, benchmark: str, known: dict[str, str]) -> dict[str, str]:
    """The arms' pools as the store has them, finished or not (an arm still running or interrupted is read on the
    tasks every arm has finished): ``known`` (arm → run hash, recorded earlier), and each of ``--arms`` it lacks
    found in the store by its pool's options."""
    from codebudget.store import Store

    store = Store.open_read_only(args.db)
    try:
        runs = list(store.iter_runs())
    finally:
        store.close()
    pools = dict(known)
    for arm in (BASELINE, *args.arms):
        if arm in pools:
            continue
        stage = arm_stages(arm, pools.get(BASELINE, ""))
        wanted = {"label": "pool", "benchmark": benchmark, "model": args.model, "n": args.m, "k": args.k_max,
                  "temperature": TEMPERATURE, "limit": args.limit or None, "stages": stage.split(",") if stage else []}
        found = [run.config_hash for run in runs if all(dict(run.config).get(key) == value
                                                      for key, value in wanted.items())]
        if len(found) != 1:
            raise SystemExit(f"{benchmark}: {'no' if not found else len(found)} pool{'s' if found else ''} of arm "
                             f"{arm!r} in {args.db} ({', '.join(found) or 'run --steps pools first'})")
        pools[arm] = found[0]
    return pools


def grid(every, pools: dict[str, str], ns: list[int], ks: list[int]) -> dict:  # noqa: ANN001 - an OutcomeTable
    """Per mode: each arm's cells (pass@1, seconds, tokens), the stage's effect at each cell and IE(stage, N)
    (``codebudget.analysis.arm_cells``, as the report's stages section shows them)."""
    from codebudget.analysis import FactorGrid, PairedBootstrap, arm_cells, contrast
    from codebudget.analysis.outcomes import CostKind, SelectionMode

    def rounded(found) -> dict:  # noqa: ANN001 - an Estimate
        return {"value": round(found.value, 4), "interval": [round(found.low, 4), round(found.high, 4)]}

    out: dict = {}
    for mode in (SelectionMode.HONEST, SelectionMode.ORACLE):
        table = every.only(mode)
        boot = PairedBootstrap.for_table(table, n_resamples=2000, seed=0)
        grids = {arm: FactorGrid.from_table(table, where=lambda config, run=run_hash: run_of(config) == run)
                 for arm, run_hash in pools.items()}
        against = {(cell.arm, cell.n, cell.k): cell for cell in arm_cells(grids, BASELINE, boot)}
        section: dict = {}
        for arm, named in ((arm, found.cells) for arm, found in grids.items()):
            rows = {}
            for n, k in ((n, k) for n in ns for k in ks if (n, k) in named):
                outcomes = table.get(named[(n, k)])
                row = {"pass@1": rounded(contrast(table, [(named[(n, k)], 1.0)], boot, "")),
                       "s_per_task": round(float(outcomes.cost(CostKind.WALL_S).mean()), 2),
                       "tokens_per_task": round(float(outcomes.tokens.mean()), 1)}
                cell = against.get((arm, n, k))
                if cell is not None:
                    row["minus_none"] = rounded(cell.effect)
                    if cell.interaction is not None:
                        row["ie_with_n"] = rounded(cell.interaction)
                rows[f"N={n} K={k}"] = row
            section[arm] = rows
        out[mode.value] = section
    return out


def examples(db: Path, every, pools: dict[str, str], per_arm: int = 3, chars: int = 500) -> dict:  # noqa: ANN001
    """Per arm: the tasks where the stage lost most and gained most against ``none`` (honest N=1, K=0: the
    expected pass over single candidates), each with what the stage put before the task and the arm's first
    candidate's answer, so that a page can show where a plan or a retrieved function misled the model."""
    from codebudget.analysis.effects import FactorGrid
    from codebudget.analysis.outcomes import SelectionMode
    from codebudget.store import Store

    table = every.only(SelectionMode.HONEST)
    single = {arm: table.get(FactorGrid.from_table(arm_table(table, run_hash)).cells[(1, 0)])
              for arm, run_hash in pools.items()}
    out: dict = {}
    store = Store.open_read_only(db)
    try:
        for arm, run_hash in pools.items():
            if arm == BASELINE:
                continue
            delta = single[arm].success - single[BASELINE].success
            order = sorted(range(len(delta)), key=lambda i: (delta[i], single[arm].task_ids[i]))
            picked = {"lost": [i for i in order[:per_arm] if delta[i] < 0],
                      "gained": [i for i in reversed(order[-per_arm:]) if delta[i] > 0]}
            section = {}
            for kind, index in picked.items():
                rows = []
                for i in index:
                    benchmark, _, task_id = single[arm].task_ids[i].partition(":")
                    prepared = [row.preparation for row in store.iter_preparations(run_hash, benchmark, task_id)]
                    first = next((row.sample.text for row in store.iter_generations(run_hash, benchmark, task_id)
                                  if row.key.sample_index == 0 and row.key.round == 0), None)
                    rows.append({"task": task_id, "none": round(float(single[BASELINE].success[i]), 2),
                                 "arm": round(float(single[arm].success[i]), 2),
                                 "prepared": [{"stage": p.stage, "text": p.text[:chars], "sources": list(p.sources)}
                                              for p in prepared if p.text or p.sources],
                                 "first_answer": first[:chars] if first is not None else None})
                section[kind] = rows
            out[arm] = section
    finally:
        store.close()
    return out


def _estimate(found: dict | None, signed: bool = False) -> str:
    if not found:
        return "–"
    value, (low, high) = found["value"], found["interval"]
    return (f"{100 * value:+.1f} ({100 * low:+.1f} to {100 * high:+.1f})" if signed
            else f"{100 * value:.1f} ({100 * low:.1f}–{100 * high:.1f})")


def markdown(results: dict) -> str:
    lines = [f"# Prompt stages measured like N and K: {results['model']}", "",
             f"Pools of M={results['m']} at T={TEMPERATURE:g} with up to K_max={results['k_max']} greedy repairs; "
             f"{results['machine']}; made by `python bench/stages.py`.", ""]
    for benchmark, entry in results["benchmarks"].items():
        arms = list(entry["pools"])
        limit = f" (first {entry['limit']} tasks)" if entry.get("limit") else ""
        lines += [f"## {benchmark}{limit}", "",
                  "Pools: " + ", ".join(f"{arm} `{run_hash}`" for arm, run_hash in entry["pools"].items()), ""]
        if "grid" not in entry:
            continue
        probes = entry.get("probes")
        lines += [f"{entry['tasks']} tasks" + (f"; speed probes of the arms' tasks {probes['min']:.1f}–"
                  f"{probes['max']:.1f} tokens/s (median {probes['median']:.1f}, {100 * probes['spread']:.0f}% "
                  "apart)" if probes else "") + ".", ""]
        for mode, section in entry["grid"].items():
            lines += [f"### pass@1 {mode} (%; stage minus none and IE(stage, N) in points, paired over tasks)", "",
                      "| arm | cell | pass@1 | minus none | IE with N | s/task | tokens/task |",
                      "|---|---|---|---|---|---|---|"]
            for arm in arms:
                for cell, row in section.get(arm, {}).items():
                    lines.append(f"| {arm} | {cell} | {_estimate(row['pass@1'])} | "
                                 f"{_estimate(row.get('minus_none'), True)} | {_estimate(row.get('ie_with_n'), True)} | "
                                 f"{row['s_per_task']:.1f} | {row['tokens_per_task']:.0f} |")
            lines.append("")
        lines += ["### Budget answers (best configuration within the budget; minus none paired)", "",
                  *answers_markdown(entry["answers"], arms, REFERENCES), ""]
        if entry.get("answers_at_median_speed"):
            lines += ["The same with each task's seconds scaled to the median probe (seconds × the probe its task "
                      "was timed at / the median): where the picks agree, the host's drift did not decide them.", "",
                      *answers_markdown(entry["answers_at_median_speed"], arms, REFERENCES), ""]
        for arm, section in entry.get("examples", {}).items():
            for kind, rows in section.items():
                if not rows:
                    continue
                lines += [f"### {arm}: tasks it {kind} most (honest N=1, K=0: expected pass of one candidate)", ""]
                for row in rows:
                    lines.append(f"- `{row['task']}`: none {row['none']:.2f}, {arm} {row['arm']:.2f}")
                    for prepared in row["prepared"]:
                        sources = ", ".join(str(x) for x in prepared["sources"][:3]) if prepared["sources"] else ""
                        lines.append(f"  - {prepared['stage']}" + (f" ({sources})" if sources else "") + ":")
                        lines += ["    ~~~", *(f"    {line}" for line in prepared["text"].splitlines()[:12]), "    ~~~"]
                    if row["first_answer"]:
                        lines += ["  - first answer:", "    ~~~",
                                  *(f"    {line}" for line in row["first_answer"].splitlines()[:15]), "    ~~~"]
                lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="qwen2.5-coder-0.5b")
    parser.add_argument("--benchmarks", default="humaneval,fresh:heldout,mbpp-sanitized:test")
    parser.add_argument("--arms", default="plan,retrieval,memory", help="stage specs, each one arm besides none")
    parser.add_argument("--m", type=int, default=5)
    parser.add_argument("--k-max", type=int, default=1)
    parser.add_argument("--ns", default="1,3,5")
    parser.add_argument("--ks", default="0,1")
    parser.add_argument("--budgets", default="10,20,30")
    parser.add_argument("--limit", type=int, default=0, help="only the first N tasks of each benchmark (0: all)")
    parser.add_argument("--steps", default="pools,analysis")
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--mbpp", type=Path, default=Path("../shared/data/mbpp"))
    parser.add_argument("--mixed-machines", action="store_true",
                        help="read pools whose probes spread beyond one machine's tolerance (one CPU name still): "
                             "budget answers as measured and scaled to the median probe; the pools resume "
                             "where the probe reads beyond it (codebudget pool --mixed-machines)")
    args = parser.parse_args()
    os.environ.setdefault("CODEBUDGET_MBPP", str(args.mbpp.resolve()))
    args.arms = [a for a in args.arms.split(",") if a]
    if BASELINE in args.arms:
        raise SystemExit(f"--arms: {BASELINE!r} is the baseline every arm is paired with; it always runs")
    ns, ks = [int(n) for n in args.ns.split(",")], [int(k) for k in args.ks.split(",")]
    if max(ns) > args.m or max(ks) > args.k_max:
        raise SystemExit(f"--ns/--ks ask for N={max(ns)}, K={max(ks)}: the pools hold M={args.m}, K_max={args.k_max}")
    budgets = [float(b) for b in args.budgets.split(",") if b]
    args.db = args.db or Path(f"runs/stages-{args.model}.db")
    out = args.out or Path(f"results/bench/stages-{args.model}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    results = json.loads(out.read_text()) if out.exists() else {}
    results.update({"model": args.model, "m": args.m, "k_max": args.k_max, "machine": machine()})
    section = results.setdefault("benchmarks", {})
    steps = args.steps.split(",")
    def write() -> None:
        out.write_text(json.dumps(results, indent=1) + "\n")
        out.with_suffix(".md").write_text(markdown(results))

    for benchmark in [b for b in args.benchmarks.split(",") if b]:
        entry = section.setdefault(benchmark, {})
        if "pools" in steps:
            def record(pools: dict[str, str], entry: dict = entry) -> None:
                entry.update({"pools": {**entry.get("pools", {}), **pools}, "limit": args.limit or None})
                write()

            pools = {**entry.get("pools", {}), **step_pools(args, benchmark, record)}
        else:  # what the store has, finished or not
            pools = stored_pools(args, benchmark, entry.get("pools", {}))
        entry.update({"pools": pools, "limit": args.limit or None})  # every arm recorded so far is read
        if "analysis" in steps:
            every, probes = read_arms(args.db, pools, mixed=args.mixed_machines)
            entry.update({"tasks": every.n_tasks, "probes": probes_summary(probes, every),
                          "grid": grid(every, pools, ns, ks),
                          "answers": budget_answers(every, pools, budgets, REFERENCES),
                          "examples": examples(args.db, every, pools)})
            entry.pop("answers_at_median_speed", None)
            scaled = at_median_speed(every, probes) if args.mixed_machines else None
            if scaled is not None:
                entry["answers_at_median_speed"] = budget_answers(scaled, pools, budgets, REFERENCES)
        write()
        print(f"[{time.strftime('%H:%M:%S')}] {benchmark}: {out}", flush=True)


if __name__ == "__main__":
    run(main)
