"""Benchmark: the roofline of this CPU for llama.cpp decoding — why N sequences cost what they cost.

Usage: python bench/roofline.py [--model qwen2.5-coder-0.5b] [--threads 2] [--out results/bench/roofline.json]

Measures, on this machine:

* memory bandwidth: numpy copies of a 512 MiB buffer on ``--threads`` threads (bytes read + written
  per second), best of 5;
* llama.cpp's cost of one decode step of k tokens, each in its own sequence after a shared 200-token
  prompt (what batched sampling does every step), for k = 1, 2, 3, 5, 8, 16, 32, and of a 512-token
  prompt evaluation (its matrix throughput, in effective GFLOP/s = 2 × parameters × tokens / s);
* the bounds these give: one token needs every weight byte read once (weights / bandwidth), and
  2 × parameters FLOPs (compute / peak throughput). A decode step of k tokens costs at least the larger
  of the two; the measured step times show where the machine is on that line, and so the best ratio
  N batched samples can reach against N sequential ones (decoding only: N sequential single-token
  steps against one N-token step).
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from pathlib import Path

import numpy as np

from one_line import run

from codebudget.backends.llama_native import NativeContext, NativeModel
from codebudget.models import resolve_model

KS = (1, 2, 3, 5, 8, 16, 32)


def bandwidth(threads: int, mib: int = 512, repeats: int = 5) -> float:
    """Bytes per second moved by ``threads`` threads copying their share of a ``mib`` MiB buffer."""
    size = (mib << 20) // 4 // threads
    sources = [np.ones(size, dtype=np.float32) for _ in range(threads)]
    targets = [np.empty_like(s) for s in sources]
    best = float("inf")
    for _ in range(repeats):
        workers = [threading.Thread(target=np.copyto, args=(t, s)) for s, t in zip(sources, targets)]
        started = time.perf_counter()
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        best = min(best, time.perf_counter() - started)
    return 2 * size * 4 * threads / best


def step_seconds(model: NativeModel, threads: int, k: int, steps: int = 20, prompt: int = 200) -> float:
    """Median seconds of one decode of ``k`` tokens in ``k`` sequences after a shared ``prompt``."""
    context = NativeContext(model, 2048, 512, max(k, 1), threads)
    try:
        every = list(range(k))
        tokens = [100 + i % 50 for i in range(prompt)]
        context.decode(tokens, range(prompt), [every] * prompt, {prompt - 1})
        times = []
        for step in range(steps):
            started = time.perf_counter()
            context.decode([200 + step] * k, [prompt + step] * k, [[i] for i in range(k)], set(range(k)))
            times.append(time.perf_counter() - started)
        return float(np.median(times))
    finally:
        context.close()


def prompt_seconds(model: NativeModel, threads: int, tokens: int = 512, repeats: int = 3) -> float:
    """Best seconds to evaluate a ``tokens``-token prompt in one batch."""
    best = float("inf")
    for _ in range(repeats):
        context = NativeContext(model, 1024, 512, 1, threads)
        try:
            started = time.perf_counter()
            context.decode([100 + i % 50 for i in range(tokens)], range(tokens), [[0]] * tokens, {tokens - 1})
            best = min(best, time.perf_counter() - started)
        finally:
            context.close()
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="qwen2.5-coder-0.5b")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("results/bench/roofline.json"))
    args = parser.parse_args()
    path = resolve_model(args.model, allow_fetch=False)
    model = NativeModel(path)
    params = int(model.lc.llama_model_n_params(model.ptr))
    weight_bytes = int(model.lc.llama_model_size(model.ptr))
    bw = bandwidth(args.threads)
    steps = {k: step_seconds(model, args.threads, k) for k in KS}
    prompt_s = prompt_seconds(model, args.threads)
    model.close()
    flops_per_token = 2 * params
    peak = flops_per_token * 512 / prompt_s
    floor_bw, floor_compute = weight_bytes / bw, flops_per_token / peak
    report = {
        "model": args.model, "threads": args.threads, "parameters": params, "weight_bytes": weight_bytes,
        "bandwidth_gb_s": bw / 1e9, "prompt_512_s": prompt_s, "effective_gflop_s": peak / 1e9,
        "floor_one_token_bandwidth_ms": floor_bw * 1e3, "floor_one_token_compute_ms": floor_compute * 1e3,
        "step_ms": {str(k): s * 1e3 for k, s in steps.items()},
        "step_cost_relative_to_one": {str(k): s / steps[1] for k, s in steps.items()},
        "best_batched_over_sequential_decode": {str(k): s / (k * steps[1]) for k, s in steps.items()},
    }
    print(json.dumps(report, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    run(main)
