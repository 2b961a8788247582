"""Make the table ``codebudget solve`` chooses its N and K from: src/codebudget/solve/table.json.

Usage: .venv/bin/python scripts/solve_table.py [--probe]

For each model, the committed pools and greedy runs of the body prompt style
(results/*.jsonl.gz) are imported into a scratch store and replayed into their honest grid (N in 1, 2, 3, 5, 8, 10, 12, 15 up to M; every K ≤ K_max): pass@1, mean and
90th-percentile seconds per task. ``--probe`` also measures each model's speed with
``codebudget.solve.speed.measure`` on this machine (run it on a quiet machine: the
ratio to a user's probe scales the table's seconds); without it the speeds already in
the table are kept.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "src" / "codebudget" / "solve" / "table.json"
POOLS = {
    "qwen2.5-coder-0.5b": ["results/pool-qwen0.5b-body-humaneval.jsonl.gz", "results/humaneval-greedy-body.jsonl.gz"],
    "qwen2.5-coder-1.5b": ["results/pool-qwen1.5b-body-humaneval.jsonl.gz", "results/pool-qwen1.5b-m15-humaneval.jsonl.gz"],
}
FALLBACK = "qwen2.5-coder-0.5b"
NS = (1, 2, 3, 5, 8, 10, 12, 15)  # the candidate counts replayed from a pool (and its own M)
#: Where the committed pools ran, for those made before runs recorded their CPU (provenance "cpu"): this
#: workplace's machines are 2-vCPU VMs whose CPU changes between sessions (the pages say which).
POOL_MACHINES = {
    "c89d529ee41d16d2": "Intel Xeon (AVX-512), 2 vCPU",  # 0.5B greedy, body prompt, 2026-12-04
    "dc356a811cda2cd3": "Intel Xeon (AVX-512), 2 vCPU",  # 0.5B M=5 body pool, 2026-12-05 00:16
    "35cf3c8a8ae0bcd0": "Intel Xeon (AVX-512), 2 vCPU",  # 1.5B M=5 body pool, 2026-12-05 02:51
    "099e19d075194709": "Intel Xeon (AVX-512), 2 vCPU",  # 1.5B greedy repair pool, 2026-12-05 03:49
    "5a2d7cc4617308ec": "AMD EPYC (AVX-512), 2 vCPU",  # 1.5B M=15 pool, 2026-12-05 05:57
}
PROBE_MACHINE = "AMD EPYC (AVX-512), 2 vCPU"
#: Seconds on a pool's machine × this = seconds on the probe's machine. Intel → AMD measured 2026-12-05 on
#: the same 30 HumanEval prompts with identical greedy answers (1.5B, decoder revision 2): the Intel calls took
#: 1.067× as long (median; quartiles 1.024–1.117): runs/pool-1.5b-body.db 099e19d075194709 against
#: `codebudget eval --model qwen2.5-coder-1.5b --limit 30` on the AMD machine. Taken for the 0.5B model too.
TO_PROBE_MACHINE = {PROBE_MACHINE: 1.0, "Intel Xeon (AVX-512), 2 vCPU": 1 / 1.067}


def options(db: Path, model: str) -> tuple[list[dict], list[str]]:
    from codebudget.analysis.outcomes import SelectionMode
    from codebudget.reports.gather.outcomes import collect
    from codebudget.solve.choice import options_of
    from codebudget.store import Store

    found: dict[tuple, dict] = {}
    pools = []
    with Store.open(db) as store:
        for run in store.iter_runs():
            config = run.config
            if config.get("model") != model or config.get("prompt_style") != "body":
                continue
            pools.append(run.config_hash)  # a pool, or a direct run (one configuration)
            m, k_max = int(config.get("n", 1)), int(config.get("k", 0))
            ns = sorted({n for n in NS if n <= m} | {m})
            table = collect(store, [run.config_hash], ns, list(range(k_max + 1))).table.only(SelectionMode.HONEST)
            temperature = float(config.get("temperature", 0.8))
            rows = [(o.config.n, o.config.k, temperature, o.success, o.wall_s) for o in table.outcomes
                    if o.config.n is not None and o.config.k is not None]
            tasks = len(table.outcomes[0].task_ids)
            where = run.provenance.get("cpu") or POOL_MACHINES.get(run.config_hash, "not recorded")
            for option in options_of(rows):
                key = (option.n, option.k, option.temperature)
                # the same cell in two pools: the one with more tasks, then the one with the fewest candidates per
                # call, whose measured calls are nearest in size to N (its sampling time is the least extrapolated)
                if key not in found or (found[key]["tasks"], -found[key]["pool_m"]) < (tasks, -m):
                    found[key] = {"n": option.n, "k": option.k, "temperature": option.temperature,
                                  "pass_at_1": round(option.pass_at_1, 4), "mean_s": round(option.mean_s, 2),
                                  "p90_s": round(option.p90_s, 2), "tasks": tasks, "pool": run.config_hash,
                                  "pool_m": m, "machine": where,
                                  "to_probe_machine": round(TO_PROBE_MACHINE.get(where, 1.0), 4)}
    return sorted(found.values(), key=lambda o: (o["n"], o["k"], o["temperature"])), pools


def probe(model: str) -> float:
    from codebudget.backends.llamacpp import LlamaCppBackend
    from codebudget.solve.speed import measure

    backend = LlamaCppBackend(model, allow_fetch=False)
    try:
        return measure(backend)
    finally:
        backend.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probe", action="store_true", help="measure each model's speed on this machine")
    args = parser.parse_args()
    old = {entry["model"]: entry for entry in json.loads(TABLE.read_text())["models"]} if TABLE.exists() else {}
    from codebudget.hardware import machine

    entries = []
    for model, exports in POOLS.items():
        present = [e for e in exports if (ROOT / e).exists()]
        with tempfile.TemporaryDirectory() as scratch:
            db = Path(scratch) / "pools.db"
            for export in present:
                subprocess.run([sys.executable, "-m", "codebudget", "import", str(ROOT / export), "--db", str(db)],
                               check=True, stdout=subprocess.DEVNULL)
            configs, pools = options(db, model)
        if args.probe:  # on the probe machine (PROBE_MACHINE): TO_PROBE_MACHINE converts the other pools' seconds
            speed, where, when = probe(model), machine(), time.strftime("%Y-%m-%d")
        else:
            speed, where, when = (old[model]["probe_tokens_per_s"], old[model]["probe_machine"],
                                  old[model]["probe_date"])
        entries.append({"model": model, "source": f"HumanEval pools {', '.join(pools)} ({', '.join(present)})",
                        "probe_tokens_per_s": round(speed, 2), "probe_machine": where, "probe_date": when,
                        "configs": configs})
        print(f"{model}: {len(configs)} configurations from {len(pools)} pools; probe {speed:.1f} tokens/s", flush=True)
    TABLE.write_text(json.dumps({"fallback": FALLBACK, "made_by": "scripts/solve_table.py", "models": entries},
                                indent=1) + "\n")


if __name__ == "__main__":
    main()
