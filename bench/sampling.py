"""Benchmark: N samples in one batched decode versus N sequential single-sample calls.

Usage: python bench/sampling.py [--model qwen2.5-coder-0.5b] [--n 5] [--max-tokens 256]

Both modes use the same prompt (a HumanEval task in the chat format the
pipeline uses), temperature, top-p and per-sample seeds. Prints tokens/s of
each mode and the time ratio batched/sequential (the goal is <= 0.4).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

from one_line import run

from codebudget.backends.base import GenerationRequest, SamplingParams
from codebudget.backends.llamacpp import LlamaCppBackend
from codebudget.benchmarks import load
from codebudget.prompts import solve_messages


def timed(backend: LlamaCppBackend, request: GenerationRequest, n: int, batched: bool) -> tuple[float, int]:
    """Wall seconds and generated tokens for ``n`` samples in one mode."""
    params = request.params
    started = time.perf_counter()
    if batched:
        samples = backend.generate(request).samples
    else:
        samples = []
        for i in range(n):
            one = SamplingParams(1, params.temperature, params.top_p, params.max_tokens, params.stop, params.sample_seed(i))
            samples += backend.generate(GenerationRequest(messages=request.messages, params=one)).samples
    return time.perf_counter() - started, sum(s.n_tokens for s in samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="qwen2.5-coder-0.5b")
    parser.add_argument("--task", default="HumanEval/0")
    parser.add_argument("--n", type=int, default=5)
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--temperature", type=float, default=0.8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()

    problem = next(p for p in load("humaneval") if p.task_id == args.task)
    backend = LlamaCppBackend(args.model)
    params = SamplingParams(args.n, args.temperature, 0.95, args.max_tokens, (), args.seed)
    request = GenerationRequest(messages=solve_messages(problem), params=params)
    prompt_tokens = len(backend.prompt_tokens(request))
    backend.generate(GenerationRequest(messages=request.messages, params=SamplingParams(max_tokens=8)))  # warm-up

    rows = []
    for repeat in range(args.repeats):
        seq_s, seq_tok = timed(backend, request, args.n, batched=False)
        bat_s, bat_tok = timed(backend, request, args.n, batched=True)
        rows.append({"repeat": repeat, "sequential_s": seq_s, "sequential_tokens": seq_tok,
                     "batched_s": bat_s, "batched_tokens": bat_tok, "ratio": bat_s / seq_s})
        print(f"repeat {repeat}: sequential {seq_s:.1f}s {seq_tok} tok ({seq_tok / seq_s:.1f} tok/s) | "
              f"batched {bat_s:.1f}s {bat_tok} tok ({bat_tok / bat_s:.1f} tok/s) | ratio {bat_s / seq_s:.2f}")
    summary = {
        "model": args.model, "task": args.task, "prompt_tokens": prompt_tokens, "n": args.n,
        "max_tokens": args.max_tokens, "temperature": args.temperature, "threads": os.cpu_count(),
        "machine": platform.machine(), "load_avg_1m": os.getloadavg()[0],
        "best_ratio": min(r["ratio"] for r in rows), "mean_ratio": sum(r["ratio"] for r in rows) / len(rows),
        "runs": rows,
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    run(main)
