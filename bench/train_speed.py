"""Benchmark: LoRA training throughput on this machine, bf16 against fp32, for the zoo's small models.

Usage: python bench/train_speed.py [--models smollm2-135m,qwen2.5-coder-0.5b] [--steps 6] [--length 256]
                                   [--out results/bench/train-speed.json]

For each model and dtype: the model as ``codebudget train`` loads it (dense weights dequantised from the GGUF
file), LoRA rank 16 on peft's default modules, one sequence of ``--length`` random tokens per step (forward,
backward, AdamW step, as the training loop does it), ``--steps`` timed steps after one warm-up. Reports tokens
per second (median over steps, with the range) and the CPU's bf16 features. Run it on a quiet machine: the
training loop's threads and any other process's fight for the same cores.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from one_line import run

from codebudget.hardware import cpu_flags, machine
from codebudget.models import resolve_model
from codebudget.train.lora import import_training, load_base
from codebudget.train.recipe import Recipe


def measure(model_name: str, dtype: str, steps: int, length: int) -> dict:
    torch, _, peft = import_training()
    recipe = Recipe(dtype=dtype)  # type: ignore[arg-type]
    model, _ = load_base(resolve_model(model_name), recipe)
    tuned = peft.get_peft_model(model, peft.LoraConfig(r=16, lora_alpha=32, lora_dropout=0.1, task_type="CAUSAL_LM"))
    optimiser = torch.optim.AdamW([p for p in tuned.parameters() if p.requires_grad], lr=1e-4)
    generator = torch.Generator().manual_seed(0)
    ids = torch.randint(0, 1000, (1, length), generator=generator)
    times = []
    for step in range(steps + 1):
        started = time.perf_counter()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=dtype == "bf16"):
            logits = tuned(input_ids=ids).logits.float()
        loss = torch.nn.functional.cross_entropy(logits[0, :-1], ids[0, 1:])
        loss.backward()
        optimiser.step()
        optimiser.zero_grad(set_to_none=True)
        if step:  # the first step warms up
            times.append(time.perf_counter() - started)
    rates = sorted(length / t for t in times)
    return {"model": model_name, "dtype": dtype, "tokens_per_s": round(statistics.median(rates), 1),
            "range": [round(rates[0], 1), round(rates[-1], 1)], "steps": steps, "length": length,
            "threads": torch.get_num_threads()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default="smollm2-135m,qwen2.5-coder-0.5b")
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--length", type=int, default=256)
    parser.add_argument("--out", type=Path, default=Path("results/bench/train-speed.json"))
    args = parser.parse_args()
    rows = []
    for name in args.models.split(","):
        for dtype in ("bf16", "fp32"):
            rows.append(measure(name, dtype, args.steps, args.length))
            print(json.dumps(rows[-1]), flush=True)
    bf16_features = sorted(f for f in cpu_flags() if "bf16" in f or f.startswith("amx"))
    payload = {"machine": machine(), "cpu_bf16_features": bf16_features, "rows": rows,
               "bf16_over_fp32": {name: round(next(r["tokens_per_s"] for r in rows if r["model"] == name and r["dtype"] == "bf16")
                                            / next(r["tokens_per_s"] for r in rows if r["model"] == name and r["dtype"] == "fp32"), 2)
                                  for name in args.models.split(",")}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=1) + "\n")
    print(json.dumps(payload["bf16_over_fp32"]))


if __name__ == "__main__":
    run(main)
