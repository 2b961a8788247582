"""How steady the speed probe is on one quiet machine: the probe measured R times per model, in one process.

The probe (:mod:`codebudget.speed`) decides whether two sets of task times came from one speed (within
``SPEED_TOLERANCE``); this measures the spread it shows when nothing else runs, the figure that tolerance
must stay above. Time figures need a quiet machine.

    python bench/probe_noise.py --models smollm2-135m,qwen2.5-coder-0.5b --repeats 10 --out results/bench/probe-noise.json
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from one_line import run

from codebudget.backends.llamacpp import LlamaCppBackend
from codebudget.hardware import boot_id, machine
from codebudget.speed import PROBE_NAME, SPEED_TOLERANCE, measure, spread


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default="smollm2-135m,qwen2.5-coder-0.5b")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    results = {"probe": PROBE_NAME, "tolerance": SPEED_TOLERANCE, "machine": machine(), "boot": boot_id(),
               "measured": time.strftime("%Y-%m-%d %H:%M"), "models": {}}
    for name in [m for m in args.models.split(",") if m]:
        backend = LlamaCppBackend(name)
        try:
            started = time.perf_counter()
            speeds = [measure(backend) for _ in range(args.repeats)]
            seconds = (time.perf_counter() - started) / args.repeats
        finally:
            backend.close()
        results["models"][name] = {"tokens_per_s": [round(s, 2) for s in speeds], "spread": round(spread(speeds), 4),
                                   "seconds_per_probe": round(seconds, 2)}
        print(f"{name}: {min(speeds):.1f}–{max(speeds):.1f} tokens/s over {args.repeats} probes "
              f"({100 * spread(speeds):.1f}% apart), {seconds:.1f} s a probe")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    run(main)
