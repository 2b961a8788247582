"""Benchmark: CodePLAN (seed 004) on this machine: a teacher's plans distilled into the small model, in seconds.

Usage: python bench/codeplan.py [--steps plans,train,eval] [--teacher qwen2.5-coder-1.5b] [--student qwen2.5-coder-0.5b]
                                [--sampled 0] [--seeds 0,1,2] [--arms base,plain,codeplan] [--benchmarks humaneval]
                                [--tasks 0] [--limit 0] [--n 1] [--temperature 0] [--mbpp ../shared/data/mbpp] [--db runs/codeplan.db]
                                [--plans results/plans/mbpp-train-qwen2.5-coder-1.5b.jsonl]
                                [--out results/bench/codeplan-qwen2.5-coder-0.5b.json]

Steps, each resumable (run the same command again after a stop):

* ``plans``: the teacher writes a backward plan for every MBPP train task (601–974) from its reference, and with
  ``--sampled S`` S sampled plans with code per task, kept when the code passes the task's tests
  (``codebudget plans write``; the file is committed: it costs model time).
* ``train``: per training seed, the student's LoRA adapters on the same tasks with seed 003's recipe (rank 16,
  alpha 32, 3 epochs, lr 1e-4, max length 512, batch 8): ``plain`` the references alone (``mbpp:train``),
  ``codeplan`` the kept plans with their code (``codeplan:FILE``: task → plan and task + plan → code in one
  sequence, mixing weight ``--plan-weight``), ``teacher-code`` the same pairs without their plans
  (``codeplan-code:FILE``: what the plans add beyond the teacher's code). ``plain`` and ``codeplan`` have the
  same number of steps when only backward plans are used (one pair per task each). On a GPU box without this
  machine's data (``scripts/device_train_cells.sh``, ``CODEPLAN=1``): ``--dump DIR`` writes the arms' pairs here,
  ``--pairs DIR --device cuda --pack OUT`` trains them there, ``bench/lora_train_cells.py --unpack OUT`` adds the
  adapters to the store here (same pairs, same key: the eval step finds them trained).
* ``eval``: each arm through the pipeline (``codebudget run``, N=``--n``, K=0) on each benchmark: ``base`` (the
  student as released), ``base+plan`` (the plan stage's sampled mode without training), ``plain``,
  ``teacher-code``, ``codeplan`` (with ``--stages plan:mode=sampled``: the student plans, then codes), and
  ``teacher`` (the larger model as released). Per arm: pass@1 honest (the public tests' choice) and, with
  N > 1, oracle, with 95% intervals over tasks (bootstrap, per-task values averaged over seeds) and over
  seeds (t interval); differences paired over tasks against ``plain`` and ``base``; tokens and seconds per
  task.
* ``budget``: each arm as a pool (``codebudget pool``, M=``--m`` candidates at T=0.8 with up to ``--k-max``
  repairs each, training seed ``--seeds``' first), then the budget answers (``codebudget best``'s logic:
  replayed N×K grids, paired bootstrap) at ``--budgets`` seconds per task, honest and oracle: the best
  configuration of each arm alone, and of all arms together (which arm buys the most correct code for the
  time). All on one machine: the pools' times are refused when they come from two.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from arm_pools import answers_markdown, budget_answers, read_arms, run_pool
from box_transfer import dataset, dump, pack
from intervals import interval_items, interval_seeds

from one_line import run

from codebudget.hardware import machine

RECIPE = dict(rank=16, alpha=32.0, dropout=0.1, epochs=3, learning_rate=1e-4, max_length=512, batch_size=8)
ARMS = ("base", "base+plan", "plain", "teacher-code", "codeplan", "teacher")
TRAINED = {"plain": "mbpp:train", "teacher-code": "codeplan-code:{plans}", "codeplan": "codeplan:{plans}"}
PLAN_STAGE = "plan:mode=sampled"
REFERENCES = ("base", "teacher")  # budget answers: each arm's best minus these arms' best
COMMENT_LINE = re.compile(r"^[ \t]*#", re.MULTILINE)  # a first answer that writes its reasoning as comments


def cli(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "codebudget", *args], text=True, capture_output=True)
    if done.returncode != 0:
        raise SystemExit(f"codebudget {args[0]} failed: {done.stderr.strip().splitlines()[-1:] }")
    return done


def step_plans(args) -> None:
    methods = "backward,sampled" if args.sampled else "backward"
    extra = ["--samples", str(args.sampled)] if args.sampled else []
    print(f"[{time.strftime('%H:%M:%S')}] plans: {args.teacher} ({methods}) → {args.plans}", flush=True)
    done = cli("plans", "write", "--model", args.teacher, "--data", args.train_data, "--method", methods, *extra,
               "--out", str(args.plans), "--mbpp", str(args.mbpp))
    print(done.stdout, flush=True)


def training_pairs(args, arm: str) -> tuple[str, tuple]:
    """The name and pairs ``arm`` trains on: every arm on the same tasks (``--tasks``: the first N of MBPP's train
    split), the plan arms on those of them the teacher's plans file has kept; read from ``--pairs`` where a box
    trains what ``--dump`` wrote here."""
    from codebudget.train.datasets import load_pairs

    spec = TRAINED[arm].format(plans=args.plans)
    data = args.train_data if arm == "plain" else f"{spec} on {args.train_data}"
    if args.pairs:
        return data, dataset(data, args.pairs)
    tasks = load_pairs(args.train_data, mbpp=args.mbpp)
    if arm == "plain":
        return data, tasks
    ids = {pair.pair_id for pair in tasks}
    return data, tuple(p for p in load_pairs(spec, mbpp=args.mbpp) if p.pair_id in ids)


def adapter_of(args, arm: str, seed: int) -> str:
    """The adapter of ``arm`` and ``seed`` (trained now unless the store has it): its id."""
    from codebudget.train.recipe import Recipe
    from codebudget.train.trainer import Job, train

    data, pairs = training_pairs(args, arm)
    weight = args.plan_weight if arm == "codeplan" else 0.5
    # the device is recorded, not part of the adapter's key: an adapter trained on a GPU box is found here
    recipe = Recipe(seed=seed, plan_weight=weight, device=args.device, dtype=args.dtype, **RECIPE)
    started = time.time()

    def phase(text: str) -> None:  # the loading phase says when bf16 is emulated (hours on such a CPU)
        print(f"[{time.strftime('%H:%M:%S')}] {arm} seed {seed}: {text}", flush=True)

    outcome = train(Job(args.student, pairs, data, recipe, None), on_phase=phase)
    adapter = outcome.adapter
    p = adapter.provenance
    if outcome.trained:
        print(f"[{time.strftime('%H:%M:%S')}] trained {arm} seed {seed}: {len(pairs)} pairs, adapter {adapter.id}, "
              f"loss {p.get('final_loss'):.3f}, {time.time() - started:.0f} s", flush=True)
        if args.pack:  # one found in the store was packed by the call that trained it
            pack(adapter, args.pack)
    return adapter.id


def arm_flags(args, arm: str, seed: int | None, benchmark: str) -> tuple[dict, list[str]]:
    """``arm``'s model, adapter (trained now unless the store has it) and stages, and the command-line flags that
    run it on ``benchmark`` (its ``--limit``, the store)."""
    setting = {"model": args.teacher if arm == "teacher" else args.student,
               "adapter": adapter_of(args, arm, seed) if arm in TRAINED else None,
               "stages": PLAN_STAGE if arm in ("codeplan", "base+plan") else None}
    flags = ["--model", setting["model"], "--benchmark", benchmark, "--db", str(args.db)]
    flags += ["--adapter", setting["adapter"]] if setting["adapter"] else []
    flags += ["--stages", setting["stages"]] if setting["stages"] else []
    flags += ["--limit", str(args.limit)] if args.limit else []
    return setting, flags


def run_arm(args, arm: str, seed: int | None, benchmark: str) -> str:
    """Run ``arm`` on ``benchmark`` (resumable in the store); the run's configuration hash."""
    from codebudget.cli.options import stages_of
    from codebudget.pipeline import build_config

    setting, flags = arm_flags(args, arm, seed, benchmark)
    print(f"[{time.strftime('%H:%M:%S')}] eval {arm}{'' if seed is None else f' seed {seed}'} on {benchmark}", flush=True)
    cli("run", *flags, "--n", str(args.n), "--k", "0", "--temperature", str(args.temperature))
    config = build_config(None, model=setting["model"], benchmark=benchmark, n=args.n, k=0,
                          temperature=args.temperature, adapter=setting["adapter"], stages=stages_of(setting["stages"]))
    return config.hash()


def pool_arm(args, arm: str, seed: int, benchmark: str) -> str:
    """``arm`` as a pool on ``benchmark`` (resumable in the store); the pool's run hash."""
    _, flags = arm_flags(args, arm, seed, benchmark)
    print(f"[{time.strftime('%H:%M:%S')}] pool {arm} seed {seed} on {benchmark} (M={args.m}, K_max={args.k_max})",
          flush=True)
    return run_pool([*flags, "--m", str(args.m), "--k-max", str(args.k_max), "--temperature", "0.8"])


def step_budget(args, out: Path) -> None:
    """Each arm as a pool, then per budget and selection mode: each arm's best configuration within the budget,
    the best of all arms together, and each arm's best minus base's and minus the teacher's (paired over tasks:
    every pool's configurations in one table, one bootstrap)."""
    results = json.loads(out.read_text()) if out.exists() else {}
    section = results.setdefault("budget", {})
    for benchmark in args.benchmarks:
        pools = {arm: pool_arm(args, arm, args.seeds[0], benchmark) for arm in args.arms}
        entry = section.setdefault(benchmark, {})
        entry.update({"pools": pools, "m": args.m, "k_max": args.k_max, "seed": args.seeds[0],
                      "limit": args.limit or None, "machine": machine(),
                      "answers": budget_answers(read_arms(args.db, pools)[0], pools, args.budgets, REFERENCES)})
        out.write_text(json.dumps(results, indent=1) + "\n")
        out.with_suffix(".md").write_text(markdown(results))


def outcomes(db: Path, run: str) -> dict:
    with sqlite3.connect(db) as conn:
        per_policy = {policy: dict(conn.execute(
            "SELECT task_id, hidden_passed FROM selections WHERE config_hash=? AND policy=?", (run, policy)).fetchall())
            for policy in ("public-tests", "oracle")}
        wall, tokens = conn.execute("SELECT avg(wall_s), avg(tokens) FROM task_results WHERE config_hash=?",
                                    (run,)).fetchone()
        firsts = [text for (text,) in conn.execute(
            "SELECT text FROM generations WHERE config_hash=? AND round=0 AND sample_index=0", (run,))]
    commented = sum(1 for text in firsts if COMMENT_LINE.search(text)) / max(len(firsts), 1)
    return {"honest": per_policy["public-tests"], "oracle": per_policy["oracle"], "s_per_task": wall,
            "tokens_per_task": tokens, "commented": commented}


def summarise(per_seed: list[dict], rng: np.random.Generator) -> dict:
    tasks = sorted(set.intersection(*(set(o["honest"]) for o in per_seed)))
    out = {"tasks": len(tasks), "seeds": len(per_seed),
           "s_per_task": round(float(np.mean([o["s_per_task"] for o in per_seed])), 2),
           "tokens_per_task": round(float(np.mean([o["tokens_per_task"] for o in per_seed])), 1),
           "commented": round(float(np.mean([o["commented"] for o in per_seed])), 3)}
    for policy in ("honest", "oracle"):
        matrix = np.array([[float(o[policy].get(t, 0)) for t in tasks] for o in per_seed])
        means = matrix.mean(axis=1).tolist()
        out[policy] = {"mean": round(float(matrix.mean()), 4), "over_tasks": interval_items(matrix.mean(axis=0), rng),
                       "over_seeds": interval_seeds(means), "seed_means": [round(m, 4) for m in means]}
    out["per_task"] = {t: float(np.mean([o["honest"][t] for o in per_seed])) for t in tasks}
    return out


def paired(a: dict, b: dict, rng: np.random.Generator) -> dict:
    tasks = sorted(set(a["per_task"]) & set(b["per_task"]))
    diff = np.array([a["per_task"][t] - b["per_task"][t] for t in tasks])
    return {"difference": round(float(diff.mean()), 4), "over_tasks": interval_items(diff, rng), "tasks": len(tasks)}


def step_eval(args, out: Path) -> None:
    rng = np.random.default_rng(0)
    results = json.loads(out.read_text()) if out.exists() else {}
    results.update({"student": args.student, "teacher": args.teacher, "n": args.n, "temperature": args.temperature,
                    "train_data": args.train_data,
                    "recipe": RECIPE, "plan_weight": args.plan_weight, "plans": str(args.plans), "machine": machine()})
    table = results.setdefault("arms", {})
    for benchmark in args.benchmarks:
        for arm in args.arms:
            seeds = args.seeds if arm in TRAINED else [None]
            runs = {str(s): run_arm(args, arm, s, benchmark) for s in seeds}
            per_seed = [outcomes(args.db, run) for run in runs.values()]
            entry = summarise(per_seed, rng)
            entry["runs"] = runs
            entry["limit"] = args.limit or None
            table.setdefault(benchmark, {})[arm] = entry
            for other in ("plain", "base"):
                if other != arm and other in table[benchmark]:
                    entry[f"minus_{other}"] = paired(entry, table[benchmark][other], rng)
            out.write_text(json.dumps(results, indent=1) + "\n")
            out.with_suffix(".md").write_text(markdown(results))


def _fmt(entry: dict) -> str:
    low, high = entry["over_tasks"]
    seeds = entry.get("over_seeds")
    return (f"{100 * entry['mean']:.1f} ({100 * low:.1f}–{100 * high:.1f})"
            + (f" [{100 * seeds[0]:.1f}–{100 * seeds[1]:.1f}]" if seeds else ""))


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{100 * share:.0f}"


def markdown(results: dict) -> str:
    lines = []
    for benchmark, arms in results.get("arms", {}).items():
        limit = next(iter(arms.values())).get("limit")
        lines += [f"### {benchmark}{f' (first {limit} tasks)' if limit else ''} (N={results['n']}, K=0, "
                  f"T={results['temperature']})", "",
                  "| arm | seeds | pass@1 honest % | oracle % | minus plain | minus base | tokens/task | s/task "
                  "| answers with comments % |", "|---|---|---|---|---|---|---|---|---|"]
        for arm, e in arms.items():
            diffs = []
            for other in ("plain", "base"):
                d = e.get(f"minus_{other}")
                diffs.append(f"{100 * d['difference']:+.1f} ({100 * d['over_tasks'][0]:+.1f} to "
                             f"{100 * d['over_tasks'][1]:+.1f})" if d else "–")
            lines.append(f"| {arm} | {e['seeds']} | {_fmt(e['honest'])} | {_fmt(e['oracle'])} | {diffs[0]} | {diffs[1]} "
                         f"| {e['tokens_per_task']:.0f} | {e['s_per_task']:.2f} | {_percent(e.get('commented'))} |")
        lines.append("")
    for benchmark, entry in results.get("budget", {}).items():
        lines += [f"### Budget answers on {benchmark} (pools M={entry['m']}, K_max={entry['k_max']}, T=0.8, "
                  f"seed {entry['seed']})", "", *answers_markdown(entry["answers"], list(entry["pools"]), REFERENCES)]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", default="plans,train,eval")
    parser.add_argument("--teacher", default="qwen2.5-coder-1.5b")
    parser.add_argument("--student", default="qwen2.5-coder-0.5b")
    parser.add_argument("--sampled", type=int, default=0, help="sampled plans per task (0: backward plans only)")
    parser.add_argument("--plan-weight", type=float, default=0.5)
    parser.add_argument("--tasks", type=int, default=0, help="the first N tasks of MBPP's train split (0: all)")
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--arms", default="base,plain,codeplan")
    parser.add_argument("--benchmarks", default="humaneval")
    parser.add_argument("--limit", type=int, default=0, help="only the first N tasks of each benchmark (0: all)")
    parser.add_argument("--n", type=int, default=1)
    parser.add_argument("--m", type=int, default=5, help="budget: candidates per task of each arm's pool")
    parser.add_argument("--k-max", type=int, default=1, help="budget: repair rounds per candidate in the pools")
    parser.add_argument("--budgets", default="10,20,30", help="budget: seconds per task")
    parser.add_argument("--temperature", type=float, default=0.0)
    parser.add_argument("--mbpp", type=Path, default=Path("../shared/data/mbpp"))
    parser.add_argument("--db", type=Path, default=Path("runs/codeplan.db"))
    parser.add_argument("--plans", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"], help="train: where the adapters train")
    parser.add_argument("--dtype", default="bf16", choices=["bf16", "fp32", "auto"],
                        help="train: bf16 (the measured adapters'), fp32 (other adapters), or auto (bf16 where native)")
    parser.add_argument("--dump", type=Path, help="train: write the trained arms' pairs here and stop (for a GPU box)")
    parser.add_argument("--pairs", type=Path, help="train: read the arms' pairs from a --dump folder")
    parser.add_argument("--pack", type=Path, help="train: copy each adapter trained into this folder (for --unpack)")
    args = parser.parse_args()
    args.mbpp = args.mbpp.resolve()
    os.environ.setdefault("CODEBUDGET_MBPP", str(args.mbpp))
    args.plans = args.plans or Path(f"results/plans/mbpp-train-{args.teacher}.jsonl")
    args.seeds = [int(s) for s in args.seeds.split(",")]
    if args.dtype == "auto":
        from codebudget.hardware import training_dtype

        args.dtype = training_dtype(args.device)
    args.train_data = f"mbpp:train:limit={args.tasks}" if args.tasks else "mbpp:train"
    args.arms = [a for a in args.arms.split(",") if a]
    unknown = [a for a in args.arms if a not in ARMS]
    if unknown:
        raise SystemExit(f"unknown arm {unknown[0]!r} (arms: {', '.join(ARMS)})")
    args.benchmarks = [b for b in args.benchmarks.split(",") if b]
    args.budgets = [float(b) for b in args.budgets.split(",") if b]
    out = args.out or Path(f"results/bench/codeplan-{args.student}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    steps = args.steps.split(",")
    if "plans" in steps:
        step_plans(args)
    if "train" in steps and args.dump:
        for arm in (a for a in args.arms if a in TRAINED):
            dump(args.dump, *training_pairs(args, arm))
        return
    if "train" in steps:
        for seed in args.seeds:
            for arm in args.arms:
                if arm in TRAINED:
                    adapter_of(args, arm, seed)
    if "eval" in steps:
        step_eval(args, out)
    if "budget" in steps:
        step_budget(args, out)


if __name__ == "__main__":
    run(main)
