"""Benchmark: does a freshly loaded model give a stored greedy answer again, byte for byte?

Usage: python bench/greedy_determinism.py --db runs/greedy.db --run c7258a894ae0091e [--calls 5]

Greedy reuse (`codebudget.pipeline.reuse`) lends a temperature-0 answer recorded by one run to
later runs of the same decoder (weights sha256, llama-cpp-python version, token limit), in other
processes and sessions. This re-sends the first ``--calls`` single-sample greedy prompts of a stored
run (first attempts and repairs, in task order) to the model, loaded in this process, and prints how
many answers are identical, with the stored and the new decode times.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from one_line import run

from codebudget.backends.base import GenerationRequest, Message, SamplingParams
from codebudget.backends.llamacpp import LlamaCppBackend
from codebudget.store import GenerationRow, Store


def greedy_rows(store: Store, run_hash: str, calls: int) -> list[GenerationRow]:
    """The run's first ``calls`` single-sample greedy generations that made a model call."""
    rows = (g for g in store.iter_generations(run_hash)
            if g.temperature == 0 and g.call_samples == 1 and not g.call_id.startswith("reused:"))
    return [row for _, row in zip(range(calls), rows)]


def again(backend: LlamaCppBackend, row: GenerationRow, max_tokens: int) -> tuple[str, float]:
    """The model's greedy answer to the row's prompt now, and its wall time."""
    messages = tuple(Message(m["role"], m["content"]) for m in json.loads(row.prompt))
    params = SamplingParams(1, 0.0, 0.95, max_tokens, (), row.sample.seed or 0)
    generation = backend.generate(GenerationRequest(messages=messages, params=params))
    return generation.samples[0].text, generation.wall_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--run", required=True, help="the stored run's hash")
    parser.add_argument("--calls", type=int, default=5)
    args = parser.parse_args()
    with Store.open(args.db) as store:
        run = store.get_run(args.run)
        if run is None:
            raise SystemExit(f"error: no run {args.run} in {args.db}")
        rows = greedy_rows(store, args.run, args.calls)
    backend = LlamaCppBackend(run.config["model"], allow_fetch=False)
    checked = []
    for row in rows:
        text, wall_s = again(backend, row, int(run.config["max_tokens"]))
        checked.append({"task": row.key.task_id, "round": row.key.round, "identical": text == row.sample.text,
                        "stored_s": round(row.call_wall_s, 2), "now_s": round(wall_s, 2)})
        print(json.dumps(checked[-1]), flush=True)
    backend.close()
    same = sum(c["identical"] for c in checked)
    print(json.dumps({"run": args.run, "model": run.config["model"], "calls": len(checked), "identical": same}))


if __name__ == "__main__":
    run(main)
