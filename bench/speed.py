"""Benchmark: where a task's seconds go, before and after the speed work of issue 18, arm against arm.

Usage: python bench/speed.py [--model qwen2.5-coder-0.5b] [--tasks 30] [--part first|repair|both]
                             [--workdir runs/speed] [--out results/bench/speed-0.5b.json]

Each arm is a pipeline configuration run through the real pipeline (llama.cpp, sandbox, store) on the
first ``--tasks`` HumanEval tasks, each arm in its own store (so no arm reuses another's greedy answers).
The arms take turns task by task (arm order alternating), so drift of the machine's speed is shared.
One model is loaded once; an arm "without the prefix cache" has the decoder's cache emptied before
each of its calls, so it pays every prompt in full, as the decoder did before; an arm with the cache
has it emptied when its turn on a task starts, so it reuses only what its own calls on that task
cached (not another arm's identical prompt, nor the system prompt from its previous task).

* ``first`` (greedy first attempts, N=1, K=0): whole-function prompt (the old pipeline) · body prompt ·
  body + prefix cache · body + prefix cache + prompt lookup on every call.
* ``repair`` (N=5 at T=0.8, K=1, greedy repairs): whole-function, no cache, no lookup (the old pipeline) ·
  body + cache · body + cache + lookup on repairs. The two body arms send the same prompts (same seeds),
  so their answers are compared byte for byte.

Per arm: pass@1 (honest and oracle), seconds and tokens per task, and the seconds split into prompt
evaluation, decoding, Python sampling (the decoder's own clocks), model calls' other time, sandbox
(public and hidden tests, from the stored executions) and the rest (extraction, store, Python). Per call
kind (first attempt, repair): prompt-lookup tokens drafted and accepted. Written to ``--out`` as JSON.
Every run starts afresh (the stores in ``--workdir`` are replaced): its figures are the calls it made.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import sqlite3
import time
from pathlib import Path
from typing import Any

from one_line import run

from codebudget.backends.base import GenerationRequest
from codebudget.backends.llamacpp import LlamaCppBackend
from codebudget.benchmarks import load
from codebudget.pipeline import PipelineConfig, run_config
from codebudget.sandbox import open_sandbox
from codebudget.store import Store

FIRST = {
    "whole-function": dict(prompt_style="whole-function", lookup="off", cache=False),
    "body": dict(prompt_style="body", lookup="off", cache=False),
    "body+cache": dict(prompt_style="body", lookup="off", cache=True),
    "body+cache+lookup": dict(prompt_style="body", lookup="all", cache=True),
}
REPAIR = {
    "whole-function": dict(prompt_style="whole-function", lookup="off", cache=False),
    "body+cache": dict(prompt_style="body", lookup="off", cache=True),
    "body+cache+lookup": dict(prompt_style="body", lookup="repairs", cache=True),
}
STAT_FIELDS = ("prompt_s", "decode_s", "sample_s", "drafted", "accepted", "prompt_reused", "prompt_evaluated")


class Recording:
    """The backend seen by one arm: empties the decoder's cache before each call when the arm has none,
    and records every call (kind, seconds, tokens, the decoder's own clocks, the answer)."""

    name = "llamacpp"

    def __init__(self, backend: LlamaCppBackend, cache: bool):
        self.backend, self.cache, self.model = backend, cache, backend.model
        self.capabilities = backend.capabilities
        self.calls: list[dict[str, Any]] = []

    def generate(self, request: GenerationRequest):
        sampler = self.backend._sampler
        forget = getattr(sampler, "forget", None)  # a decoder without a prefix cache has nothing to forget
        if not self.cache and forget is not None:
            forget()  # no cached sequence matches: the whole prompt is evaluated
        generation = self.backend.generate(request)
        stats = dataclasses.asdict(sampler.last_stats) if getattr(sampler, "last_stats", None) else {}
        repair = any("It fails the tests" in m.content for m in request.messages if m.role == "user")
        self.calls.append({"kind": "repair" if repair else "first", "wall_s": generation.wall_s,
                           "tokens": sum(s.n_tokens for s in generation.samples), "n": len(generation.samples),
                           "prompt": [(m.role, m.content) for m in request.messages], "seed": request.params.seed,
                           "texts": [s.text for s in generation.samples],
                           **{k: stats.get(k, 0) for k in STAT_FIELDS}})
        return generation

    def close(self) -> None:
        pass


def sandbox_seconds(db: Path, run_hash: str) -> float:
    with sqlite3.connect(db) as conn:
        return float(conn.execute("SELECT coalesce(sum(wall_s), 0) FROM executions WHERE config_hash=?",
                                  (run_hash,)).fetchone()[0])


def run_arms(arms: dict[str, dict[str, Any]], shape: dict[str, Any], problems, backend, workdir: Path,
             model: str) -> dict[str, Any]:
    """Run every arm on every problem, taking turns; return each arm's figures and its calls."""
    recorders = {name: Recording(backend, arm["cache"]) for name, arm in arms.items()}
    stores = {name: Store.open(workdir / f"{name}.db") for name in arms}
    configs = {name: PipelineConfig(model=model, prompt_style=arm["prompt_style"], lookup=arm["lookup"],
                                    label=f"speed {name}", **shape) for name, arm in arms.items()}
    wall = dict.fromkeys(arms, 0.0)
    summaries: dict[str, Any] = {}
    with open_sandbox("auto", workers=2) as sandbox:
        for index, problem in enumerate(problems):
            order = list(arms) if index % 2 == 0 else list(reversed(arms))
            for name in order:
                backend._sampler.forget()  # an arm reuses only what its own calls cached, never another arm's
                started = time.perf_counter()
                summaries[name] = run_config(configs[name], [problem], store=stores[name],
                                             backend=recorders[name], sandbox=sandbox)
                wall[name] += time.perf_counter() - started
            print(f"{index + 1}/{len(problems)} {problem.task_id}", flush=True)
    figures = {}
    for name in arms:
        store = stores[name]
        summary = _summary(store, configs[name], problems)
        calls = recorders[name].calls
        model_s = sum(c["wall_s"] for c in calls)
        sandbox_s = sandbox_seconds(store.path, configs[name].hash())
        split = {k: sum(c[k] for c in calls) for k in ("prompt_s", "decode_s", "sample_s")}
        tasks = len(problems)
        figures[name] = {
            "arm": arms[name], "run": configs[name].hash(), "honest_pass": summary.honest_pass,
            "oracle_pass": summary.oracle_pass, "passed_honest": round(summary.honest_pass * tasks),
            "pipeline_s_per_task": summary.mean_wall_s, "tokens_per_task": summary.mean_tokens,
            "measured_wall_s_per_task": wall[name] / tasks if calls else None,
            "seconds_per_task": {**{k: v / tasks for k, v in split.items()},
                                 "model_other_s": (model_s - sum(split.values())) / tasks,
                                 "sandbox_s": sandbox_s / tasks,
                                 "rest_s": (wall[name] - model_s - sandbox_s) / tasks if calls else None},
            "by_call_kind": _by_kind(calls), "calls": calls,
        }
        store.close()
    return figures


def _summary(store: Store, config: PipelineConfig, problems):
    from codebudget.pipeline.runner import summarize_run

    return summarize_run(store, config, problems)


def _by_kind(calls: list[dict[str, Any]]) -> dict[str, Any]:
    kinds = {}
    for kind in ("first", "repair"):
        some = [c for c in calls if c["kind"] == kind]
        if not some:
            continue
        drafted, accepted = sum(c["drafted"] for c in some), sum(c["accepted"] for c in some)
        kinds[kind] = {"calls": len(some), "seconds": sum(c["wall_s"] for c in some),
                       "tokens": sum(c["tokens"] for c in some), "drafted": drafted, "accepted": accepted,
                       "acceptance": accepted / drafted if drafted else None,
                       "prompt_reused": sum(c["prompt_reused"] for c in some),
                       "prompt_evaluated": sum(c["prompt_evaluated"] for c in some)}
    return kinds


def same_answers(figures: dict[str, Any], a: str, b: str) -> dict[str, int]:
    """How many calls of arm ``b`` answered a prompt (and seed) of arm ``a`` with the same texts."""
    seen = {(json.dumps(c["prompt"]), c["seed"]): c["texts"] for c in figures[a]["calls"]}
    pairs = [(seen.get((json.dumps(c["prompt"]), c["seed"])), c["texts"]) for c in figures[b]["calls"]]
    matched = [(x, y) for x, y in pairs if x is not None]
    return {"calls_compared": len(matched), "identical": sum(x == y for x, y in matched)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="qwen2.5-coder-0.5b")
    parser.add_argument("--tasks", type=int, default=30)
    parser.add_argument("--repair-tasks", type=int, default=None, help="tasks of the repair part (default --tasks)")
    parser.add_argument("--part", choices=("first", "repair", "both"), default="both")
    parser.add_argument("--arms", default=None, help="only these arms, comma-separated (e.g. to time another "
                        "checkout's decoder on the arms it has)")
    parser.add_argument("--workdir", type=Path, default=Path("runs/speed"))
    parser.add_argument("--out", type=Path, default=Path("results/bench/speed.json"))
    args = parser.parse_args()
    everything = list(load("humaneval"))
    backend = LlamaCppBackend(args.model, allow_fetch=False)
    result: dict[str, Any] = {"model": args.model, "machine": platform.processor() or platform.machine(),
                              "date": time.strftime("%Y-%m-%d %H:%M")}
    parts = ("first", "repair") if args.part == "both" else (args.part,)
    for part in parts:
        count = args.tasks if part == "first" else (args.repair_tasks or args.tasks)
        problems = everything[:count]
        workdir = args.workdir / f"{args.model}-{part}-{count}"
        workdir.mkdir(parents=True, exist_ok=True)
        for old in workdir.glob("*.db*"):
            old.unlink()
        arms, shape = (FIRST, dict(n=1, k=0, temperature=0.0)) if part == "first" else \
            (REPAIR, dict(n=5, k=1, temperature=0.8))
        if args.arms:
            arms = {name: arm for name, arm in arms.items() if name in args.arms.split(",")}
        figures = run_arms(arms, shape, problems, backend, workdir, args.model)
        compare = ("body+cache", "body+cache+lookup")
        result[part] = {"tasks": count, "arms": {name: {k: v for k, v in f.items() if k != "calls"}
                                                 for name, f in figures.items()}}
        if all(name in figures for name in compare):
            result[part]["identical_with_and_without_lookup"] = same_answers(figures, *compare)
        for name, f in figures.items():
            print(json.dumps({"part": part, "arm": name, **{k: v for k, v in f.items()
                                                              if k not in ("calls", "arm")}}), flush=True)
        print(json.dumps(result[part].get("identical_with_and_without_lookup")), flush=True)
    backend.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    run(main)
