"""Benchmark: seed 003's three LoRA experiments (rank, data size, language) redone with intervals.

Usage: python bench/lora_sweep.py --experiment rank|size|language [--model smollm2-135m] [--seeds 0,1,2]
                                  [--values 4,16,64] [--execution humaneval] [--mbpp ../shared/data/mbpp]
                                  [--db runs/lora.db] [--out results/bench/lora-rank-smollm2.json]

Seed 003's settings (3 epochs, lr 1e-4, max length 512, alpha 32, dropout 0.1, batch 8) on the zoo's models.
Rank: rank 1/4/16/64/256 on 200 Python pairs; size: rank 16 on 50/150/300/1000/all Python pairs (nested
subsets); language: rank 16 on 200 pairs of Python (the standard library), Java (the JDK) and JavaScript (npm
packages). Python pairs are mined from the standard library (docstring → body), never from an evaluation set.

Per adapter (and for the base model): greedy completions of the 100 held-out pairs of its language, scored by
sentence BLEU, CodeBLEU (the whole function) and by the real toolchain's parse (an empty body fails); for Python, with ``--execution``, pass@1
of the pipeline (N=1, K=0, greedy, ``--adapter``) on those benchmarks, from the store ``--db``. Every figure
has two 95% intervals: over items (bootstrap over held-out pairs or tasks, each item's value averaged over
seeds) and over training seeds (t interval of the seed means); differences against the base model and the
reference setting (rank 16, 300 pairs, Python) are paired over items.

``--score-only`` scores the cells whose adapters are in the store and skips the others (no training);
``--base-only`` scores the base model and stops: its rows, copied into each cell's ``--out`` partial file, let
cells be scored by separate processes side by side (``scripts/device_train_cells.sh``, ``SCORE=1``); each
held-out row records the machine that completed it (the JSON's ``completed_on``).

Resumable: adapters are found in the store once trained (an interrupted training resumes from its checkpoint),
scored pairs are appended to ``--out`` + ``.partial.jsonl``, pipeline runs resume in ``--db``.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from box_transfer import dataset
from intervals import interval_items, interval_seeds
from partial import read_rows

from one_line import run

from codebudget.hardware import machine
from codebudget.train.recipe import Recipe
from codebudget.train.trainer import Job, stored, train

SOURCES = {"python": "stdlib", "java": "jdk", "javascript": "npm"}
EXPERIMENTS = {
    "rank": {"values": [4, 16, 64, 1, 256], "reference": 16},
    "size": {"values": [50, 150, 300, 1000, 0], "reference": 300},  # 0: the whole training part
    "language": {"values": ["python", "java", "javascript"], "reference": "python"},
}
SEED_003 = dict(epochs=3, learning_rate=1e-4, max_length=512, alpha=32.0, dropout=0.1, batch_size=8)


def setting(experiment: str, value) -> tuple[str, int, str]:
    """(language, rank, data spec) of one cell."""
    if experiment == "rank":
        return "python", int(value), "stdlib:limit=200"
    if experiment == "size":
        return "python", 16, "stdlib" if int(value) == 0 else f"stdlib:limit={int(value)}"
    return str(value), 16, f"{SOURCES[str(value)]}:limit=200"


def held_out_scores(model: str, adapter: str | None, language: str, partial: Path, done: dict,
                    threads: int | None = None, folder: Path | None = None) -> list[dict]:
    """The 100 held-out pairs of ``language`` completed by the model (with the adapter) and scored; cached."""
    from codebudget.backends.llamacpp import LlamaCppBackend
    from codebudget.train.evaluate import complete_and_score

    key = adapter or f"base:{model}"
    pairs = dataset(f"{SOURCES[language]}:heldout", folder)
    missing = [p for p in pairs if (key, p.pair_id) not in done]
    if missing:
        where = machine()
        backend = LlamaCppBackend(model, adapter=adapter, n_threads=threads)
        try:
            for start in range(0, len(missing), 10):
                rows = complete_and_score(backend, missing[start:start + 10])
                with partial.open("a") as out:
                    for row in rows:
                        record = {"adapter": key, "machine": where, **row.to_json()}
                        done[(key, row.pair_id)] = record
                        out.write(json.dumps(record) + "\n")
        finally:
            backend.close()
    rows = [done[(key, p.pair_id)] for p in pairs]
    lacking = [i for i, row in enumerate(rows) if "codebleu" not in row]  # scored before CodeBLEU was added
    if lacking:
        from codebudget.train.evaluate import code_before, reference_of
        from codebudget.train.metrics import sentence_codebleu

        whole = [code_before(pairs[i]) + rows[i]["completion"] if rows[i]["completion"].strip() else "" for i in lacking]
        references = [code_before(pairs[i]) + reference_of(pairs[i], "body") for i in lacking]
        for i, value in zip(lacking, sentence_codebleu(whole, references, language)):
            rows[i] = {**rows[i], "codebleu": round(value, 4)}
    return rows


def execution(model: str, adapter: str | None, benchmark: str, db: Path) -> dict[str, int]:
    """Per task of ``benchmark``: whether the pipeline's greedy answer (N=1, K=0) passed the hidden tests.

    A run the store has finished is read, not run again: it may have been finished on another machine under
    another sandbox isolation (the device box's), which ``codebudget run`` would refuse to resume."""
    from codebudget.pipeline import build_config

    config = build_config(None, model=model, benchmark=benchmark, n=1, k=0, temperature=0.0, adapter=adapter)
    if not finished(db, config.hash(), benchmark):
        run_greedy(model, adapter, benchmark, db)
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT task_id, hidden_passed FROM selections WHERE config_hash=? AND policy=?",
                                 (config.hash(), "public-tests")).fetchall())


def finished(db: Path, config_hash: str, benchmark: str) -> bool:
    """Whether the store has a result for every task of ``benchmark`` under run ``config_hash``."""
    if not db.exists():
        return False
    with sqlite3.connect(db) as conn:
        tasks, done = conn.execute(
            "SELECT (SELECT count(*) FROM tasks WHERE benchmark=?),"
            " (SELECT count(*) FROM task_results WHERE config_hash=? AND benchmark=?)",
            (benchmark, config_hash, benchmark)).fetchone()
    return tasks > 0 and done == tasks


def run_greedy(model: str, adapter: str | None, benchmark: str, db: Path) -> None:
    """``codebudget run`` N=1, K=0 at temperature 0 (resumes where the store stopped)."""
    args = [sys.executable, "-m", "codebudget", "run", "--model", model, "--benchmark", benchmark, "--n", "1",
            "--k", "0", "--temperature", "0", "--db", str(db),
            "--mixed-machines"]  # pass/fail is read, not seconds: a run resumed beside busier lanes may go on
    if adapter:
        args += ["--adapter", adapter]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"run failed: {done.stderr.strip().splitlines()[-1:]}")


def summary(per_seed: dict[int, dict[str, float]], rng: np.random.Generator) -> dict:
    """Mean over items and seeds, the interval over items (of the seed-averaged item values) and over seeds."""
    items = sorted(next(iter(per_seed.values())))
    matrix = np.array([[per_seed[s][i] for i in items] for s in sorted(per_seed)])
    means = matrix.mean(axis=1).tolist()
    return {"mean": round(float(matrix.mean()), 4), "over_items": interval_items(matrix.mean(axis=0), rng),
            "over_seeds": interval_seeds(means), "seed_means": [round(m, 4) for m in means], "items": len(items)}


def difference(a: dict[int, dict[str, float]], b: dict[int, dict[str, float]], rng: np.random.Generator) -> dict:
    items = sorted(set.intersection(*(set(v) for v in [*a.values(), *b.values()])))
    da = np.array([[a[s][i] for i in items] for s in sorted(a)]).mean(axis=0)
    db = np.array([[b[s][i] for i in items] for s in sorted(b)]).mean(axis=0)
    return {"difference": round(float((da - db).mean()), 4), "over_items": interval_items(da - db, rng)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--experiment", choices=sorted(EXPERIMENTS), required=True)
    parser.add_argument("--model", default="smollm2-135m")
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--values", default=None, help="the experiment's values to run (default: all, in order)")
    parser.add_argument("--execution", default="", help="benchmarks for pass@1 of Python adapters (e.g. humaneval)")
    parser.add_argument("--mbpp", type=Path, default=Path("../shared/data/mbpp"))
    parser.add_argument("--db", type=Path, default=Path("runs/lora.db"))
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=None,
                        help="llama.cpp threads for the held-out completions (default: every core); scores only, "
                             "so two sweeps of one thread each may share two cores")
    parser.add_argument("--pairs", type=Path, default=None,
                        help="read the cells' training pairs and the held-out pairs from a folder that "
                             "lora_train_cells.py --dump wrote (to score on another machine what was mined here)")
    parser.add_argument("--score-only", action="store_true",
                        help="score the cells whose adapters the store has (trained elsewhere) and skip the rest, "
                             "instead of training them here")
    parser.add_argument("--base-only", action="store_true",
                        help="score the base model alone and stop (its rows then serve every cell's process)")
    args = parser.parse_args()
    os.environ.setdefault("CODEBUDGET_MBPP", str(args.mbpp.resolve()))
    spec = EXPERIMENTS[args.experiment]
    values = [type(spec["values"][0])(v) for v in args.values.split(",")] if args.values else spec["values"]
    seeds = [int(s) for s in args.seeds.split(",")]
    out = args.out or Path(f"results/bench/lora-{args.experiment}-{args.model}.json")
    partial = out.with_name(out.name + ".partial.jsonl")
    out.parent.mkdir(parents=True, exist_ok=True)
    done = read_rows(partial, lambda row: (row["adapter"], row["pair_id"]))
    benchmarks = [b for b in args.execution.split(",") if b]
    cells: dict[str, dict] = {}
    bases: dict[str, dict] = {}
    for language in sorted({setting(args.experiment, v)[0] for v in values}):
        rows = held_out_scores(args.model, None, language, partial, done, args.threads, args.pairs)
        base = {"bleu": {0: {r["pair_id"]: r["bleu"] for r in rows}},
                "codebleu": {0: {r["pair_id"]: r["codebleu"] for r in rows}},
                "syntax": {0: {r["pair_id"]: float(r["syntax_ok"]) for r in rows}}}
        if language == "python":
            for benchmark in benchmarks:
                base[f"pass@1 {benchmark}"] = {0: {t: float(p) for t, p in execution(args.model, None, benchmark, args.db).items()}}
        bases[language] = base
    for seed in [] if args.base_only else seeds:
        for value in values:
            language, rank, data = setting(args.experiment, value)
            recipe = Recipe(rank=rank, seed=seed, **SEED_003)
            pairs = dataset(data, args.pairs)
            started = time.time()
            print(f"[{time.strftime('%H:%M:%S')}] {args.experiment}={value} seed={seed}: {len(pairs)} pairs", flush=True)
            job = Job(args.model, pairs, data, recipe, None)
            if args.score_only:
                adapter = stored(job)
            else:
                adapter = train(job, on_phase=lambda phase: print(f"    {phase}", flush=True)).adapter
            if adapter is None:
                print("    no stored adapter for this cell: skipped (--score-only)", flush=True)
                continue
            rows = held_out_scores(args.model, adapter.id, language, partial, done, args.threads, args.pairs)
            cell = cells.setdefault(str(value), {"language": language, "rank": rank, "data": data, "pairs": len(pairs),
                                                 "adapters": {}, "metrics": {}})
            p = adapter.provenance
            cell["adapters"][seed] = {"id": adapter.id, "final_loss": p.get("final_loss"),
                                      "last_epoch_loss": last_epoch_loss(p), "seconds": p.get("seconds"),
                                      "tokens_per_s": p.get("tokens_per_s"), "machine": p.get("machine"),
                                      "gpu": p.get("gpu")}
            cell["metrics"].setdefault("bleu", {})[seed] = {r["pair_id"]: r["bleu"] for r in rows}
            cell["metrics"].setdefault("codebleu", {})[seed] = {r["pair_id"]: r["codebleu"] for r in rows}
            cell["metrics"].setdefault("syntax", {})[seed] = {r["pair_id"]: float(r["syntax_ok"]) for r in rows}
            if language == "python":
                for benchmark in benchmarks:
                    found = execution(args.model, adapter.id, benchmark, args.db)
                    cell["metrics"].setdefault(f"pass@1 {benchmark}", {})[seed] = {t: float(x) for t, x in found.items()}
            print(f"    adapter {adapter.id} loss {p.get('final_loss'):.3f} in {time.time() - started:.0f} s", flush=True)
            write(args, out, cells, bases, seeds, done)
    write(args, out, cells, bases, seeds, done)  # also with --base-only, or when --score-only skipped every cell


def last_epoch_loss(provenance: dict) -> float | None:
    """The mean training loss over the last epoch's steps: one step's loss (``final_loss``) moves with its batch,
    by more than the differences between cells (0.3 between seeds of one cell here)."""
    curve = provenance.get("loss_curve") or []
    epochs = int(provenance.get("hyperparameters", {}).get("epochs") or 1)
    if not curve:
        return provenance.get("final_loss")
    last = curve[-max(1, len(curve) // epochs):]
    return float(np.mean([loss for _, loss in last]))


def write(args, out: Path, cells: dict, bases: dict, seeds: list[int], done: dict) -> None:
    rng = np.random.default_rng(0)
    reference = str(EXPERIMENTS[args.experiment]["reference"])
    table = {}
    for value, cell in cells.items():
        row = {k: cell[k] for k in ("language", "rank", "data", "pairs", "adapters")}
        same_items = cells.get(reference, {}).get("language") == cell["language"]  # else nothing to pair
        for metric, per_seed in cell["metrics"].items():
            entry = summary(per_seed, rng)
            base = bases.get(cell["language"], {}).get(metric)
            if base:
                entry["minus_base"] = difference(per_seed, base, rng)
            ref = cells.get(reference, {}).get("metrics", {}).get(metric)
            if ref and value != reference and same_items and set(ref) == set(per_seed):
                entry["minus_reference"] = difference(per_seed, ref, rng)
            row[metric] = entry
        table[value] = row
    payload = {"experiment": args.experiment, "model": args.model, "seeds": seeds, "machine": machine(),
               "completed_on": sorted({row["machine"] for row in done.values() if row.get("machine")}),
               "settings": SEED_003, "reference": reference,
               "base": {lang: {m: summary(v, rng) for m, v in metrics.items()} for lang, metrics in bases.items()},
               "cells": table}
    out.write_text(json.dumps(payload, indent=1) + "\n")
    out.with_suffix(".md").write_text(markdown(payload))


def _fmt(entry: dict | None, scale: float, digits: int) -> str:
    if not entry:
        return "–"
    low, high = entry["over_items"]
    seeds = entry.get("over_seeds")
    text = f"{entry['mean'] * scale:.{digits}f} ({low * scale:.{digits}f}–{high * scale:.{digits}f})"
    return text + (f" [{seeds[0] * scale:.{digits}f}–{seeds[1] * scale:.{digits}f}]" if seeds else "")


def markdown(payload: dict) -> str:
    """The experiment as a Markdown table: each metric's mean, (interval over items) and [interval over seeds]."""
    metrics = ["bleu", "codebleu", "syntax", *sorted({m for c in payload["cells"].values() for m in c if m.startswith("pass@1")})]
    scale = {"bleu": (1, 2), "codebleu": (1, 3), "syntax": (100, 1)}
    head = f"| {payload['experiment']} | pairs | " + " | ".join(metrics) + " | last-epoch loss | train s (on) |"
    lines = [head, "|" + "---|" * (len(metrics) + 4)]
    for language, base in payload["base"].items():
        cells = [_fmt(base.get(m), *scale.get(m, (100, 1))) for m in metrics]
        lines.append(f"| base ({language}) | 0 | " + " | ".join(cells) + " | – | – |")
    for value, row in payload["cells"].items():
        cells = [_fmt(row.get(m), *scale.get(m, (100, 1))) for m in metrics]
        adapters = row["adapters"].values()
        loss = np.mean([a.get("last_epoch_loss") or a["final_loss"] for a in adapters])
        seconds = np.mean([a["seconds"] for a in adapters])
        where = ", ".join(sorted({"GPU" if a.get("gpu") else "CPU" for a in adapters}))
        lines.append(f"| {value} | {row['pairs']} | " + " | ".join(cells) + f" | {loss:.3f} | {seconds:.0f} ({where}) |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    run(main)
