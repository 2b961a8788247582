"""Benchmark: what ``codebudget serve`` costs per request, and how it holds up under concurrent clients.

Usage: python bench/serve_load.py [--model smollm2-135m] [--requests 32] [--out results/bench/serve-load.json]

1. Overhead: the same greedy chat request (16 and 64 tokens) sent 10 times to the model in-process
   (``LlamaCppBackend.generate``) and 10 times through the server on loopback (HTTP, JSON, the queue,
   the model's thread); the medians and their difference. The two never run at once.
2. Load: ``--requests`` greedy chat requests (32 tokens each, all different prompts) sent by 1, 4 and 16
   concurrent clients (httpx, one thread each); requests per second, median and 95th-percentile
   latency, and whether every answer is its own prompt's: each is compared with the in-process answer
   to the same prompt (mixed-up or lost answers are counted, and must be none).

The server runs in its own process with a queue long enough for 16 clients. Needs a quiet machine.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np

from one_line import run

from codebudget.backends.base import GenerationRequest, Message, SamplingParams
from codebudget.backends.llamacpp import LlamaCppBackend

SUBJECTS = ["a colour", "a fruit", "an animal", "a city", "a river", "a tool", "a flower", "a planet", "a metal",
            "a sport", "a bird", "a tree", "a fish", "an insect", "a vegetable", "a drink"]


def prompts(count: int) -> list[str]:
    return [f"Name {SUBJECTS[i % len(SUBJECTS)]} and say one fact about it (request {i})." for i in range(count)]


def start_server(model: str) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "codebudget", "serve", "--model", model, "--port", "0",
                                "--queue", "64"], stderr=subprocess.PIPE, text=True)
    for line in process.stderr:
        found = re.search(r"at (http://[\d.]+:\d+/v1)", line)
        if found:
            return process, found.group(1)
    raise SystemExit("the server did not start")


def body(model: str, prompt: str, tokens: int) -> dict:
    return {"model": model, "messages": [{"role": "user", "content": prompt}], "max_tokens": tokens, "temperature": 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="smollm2-135m")
    parser.add_argument("--requests", type=int, default=32)
    parser.add_argument("--out", type=Path, default=Path("results/bench/serve-load.json"))
    args = parser.parse_args()
    texts = prompts(args.requests)
    backend = LlamaCppBackend(args.model, allow_fetch=False)

    def local(prompt: str, tokens: int) -> tuple[str, float]:
        params = SamplingParams(1, 0.0, 1.0, tokens)
        started = time.perf_counter()
        generation = backend.generate(GenerationRequest(messages=(Message("user", prompt),), params=params))
        return generation.samples[0].text, time.perf_counter() - started

    expected = {prompt: local(prompt, 32)[0] for prompt in texts}
    direct = {tokens: [local(texts[0], tokens)[1] for _ in range(10)] for tokens in (16, 64)}
    backend.close()
    process, url = start_server(args.model)
    result: dict = {"model": args.model, "machine": platform.processor() or platform.machine(),
                    "cores": os.cpu_count(), "date": time.strftime("%Y-%m-%d %H:%M"), "overhead": {}, "load": []}
    try:
        with httpx.Client(timeout=300) as client:
            client.post(url + "/chat/completions", json=body(args.model, texts[0], 16))  # warm-up
            for tokens in (16, 64):
                served = []
                for _ in range(10):
                    started = time.perf_counter()
                    reply = client.post(url + "/chat/completions", json=body(args.model, texts[0], tokens))
                    served.append(time.perf_counter() - started)
                    reply.raise_for_status()
                d, s = statistics.median(direct[tokens]), statistics.median(served)
                result["overhead"][str(tokens)] = {"direct_median_s": d, "served_median_s": s,
                                                   "overhead_ms": 1000 * (s - d), "direct_s": direct[tokens],
                                                   "served_s": served}
                print(f"{tokens} tokens: direct {d * 1000:.0f} ms, served {s * 1000:.0f} ms, "
                      f"overhead {1000 * (s - d):.1f} ms", flush=True)
        for clients in (1, 4, 16):
            latencies: list[float] = []
            wrong = failed = 0

            def ask(prompt: str) -> tuple[str, float, int]:
                started = time.perf_counter()
                reply = httpx.post(url + "/chat/completions", json=body(args.model, prompt, 32), timeout=300)
                elapsed = time.perf_counter() - started
                text = reply.json()["choices"][0]["message"]["content"] if reply.status_code == 200 else ""
                return text, elapsed, reply.status_code

            started = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(clients) as pool:
                answers = list(pool.map(ask, texts))
            wall = time.perf_counter() - started
            for prompt, (text, elapsed, status) in zip(texts, answers):
                latencies.append(elapsed)
                failed += status != 200
                wrong += status == 200 and text != expected[prompt]
            row = {"clients": clients, "requests": len(texts), "wall_s": wall, "requests_per_s": len(texts) / wall,
                   "median_latency_s": float(np.median(latencies)), "p95_latency_s": float(np.percentile(latencies, 95)),
                   "failed": failed, "mixed_up": wrong}
            result["load"].append(row)
            print(json.dumps(row), flush=True)
    finally:
        process.terminate()
        process.wait(timeout=30)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    run(main)
