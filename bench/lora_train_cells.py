"""Train the adapters of ``bench/lora_sweep.py``'s cells without scoring them: for a GPU box that has no llama.cpp.

Training is where a sweep's hours go on a 2-core CPU (5 to 27 minutes a cell for SmolLM2); scoring needs the
llama.cpp model. So the sweep can be split: dump the cells' pairs and their language's held-out pairs here
(``--dump DIR``: a box with another Python would mine another standard library, and the adapter's key names the
data's sha256), train them
there (``--pairs DIR --device cuda``: the same recipe key, since the device is recorded but not part of the key)
and pack each adapter's GGUF and provenance into ``--pack DIR``; here ``--unpack DIR`` adds them to the adapter
store, where ``lora_sweep.py`` finds them trained and only scores them. Provenance keeps the GPU that trained.
``lora_sweep.py --pairs DIR`` scores them on the dumped pairs, on any machine that runs llama.cpp (the device box
too, with the system's libstdc++ preloaded: ``scripts/device_train_cells.sh``, ``SCORE=1``).

    python bench/lora_train_cells.py --experiment rank --values 4,16,64 --seeds 1,2 --dump .devcarry/pairs
    python bench/lora_train_cells.py --experiment rank --values 4,16,64 --seeds 1,2 --pairs .devcarry/pairs \\
        --device cuda --pack /tmp/pack                     # on the GPU box (scripts/device_train_cells.sh)
    python bench/lora_train_cells.py --unpack results/adapters/lora-rank-smollm2-135m
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import time
from pathlib import Path

from lora_sweep import EXPERIMENTS, SEED_003, SOURCES, dataset, pairs_file, setting
from one_line import run

from codebudget.adapters import adapter_store
from codebudget.errors import CodebudgetError
from codebudget.train.datasets import load_pairs
from codebudget.train.pairs import data_sha256
from codebudget.train.recipe import Recipe
from codebudget.train.trainer import Job, train


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--experiment", choices=sorted(EXPERIMENTS))
    parser.add_argument("--model", default="smollm2-135m")
    parser.add_argument("--values", default=None)
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--dump", type=Path, help="write each cell's pairs here and stop")
    parser.add_argument("--pairs", type=Path, help="read each cell's pairs from a --dump folder")
    parser.add_argument("--pack", type=Path, help="copy each trained adapter's GGUF and provenance here")
    parser.add_argument("--unpack", type=Path, help="add the packed adapters of this folder to the adapter store")
    args = parser.parse_args()
    if args.unpack:
        store = adapter_store()
        for folder in sorted(p for p in args.unpack.iterdir() if (p / "adapter.gguf").exists()):
            provenance = json.loads((folder / "provenance.json").read_text())
            adapter = store.add(folder / "adapter.gguf", provenance)
            print(f"{adapter.id[:16]} rank {provenance['hyperparameters'].get('rank')} "
                  f"seed {provenance['hyperparameters'].get('seed')} on {provenance.get('gpu') or provenance.get('cpu')}")
        return
    if not args.experiment:
        raise SystemExit("give --experiment (or --unpack)")
    spec = EXPERIMENTS[args.experiment]
    values = [type(spec["values"][0])(v) for v in args.values.split(",")] if args.values else spec["values"]
    seeds = [int(s) for s in args.seeds.split(",")]
    cells = [setting(args.experiment, value) for value in values]
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        held_out = [f"{SOURCES[language]}:heldout" for language in dict.fromkeys(language for language, _, _ in cells)]
        for data in dict.fromkeys([*(data for _, _, data in cells), *held_out]):
            pairs = load_pairs(data)
            pairs_file(args.dump, data).write_text("".join(json.dumps(p.to_json()) + "\n" for p in pairs))
            print(f"{data}: {len(pairs)} pairs, sha256 {data_sha256(pairs)[:16]}")
        return
    for seed in seeds:
        for _, rank, data in cells:
            pairs = dataset(data, args.pairs)
            recipe = dataclasses.replace(Recipe(rank=rank, seed=seed, **SEED_003), device=args.device)
            started = time.time()
            try:
                outcome = train(Job(args.model, tuple(pairs), data, recipe, None))
            except CodebudgetError as error:  # a diverged cell stores nothing; the others still train
                print(f"rank {rank} seed {seed} {data}: {error}", flush=True)
                continue
            adapter = outcome.adapter
            print(f"rank {rank} seed {seed} {data}: {adapter.id[:16]} loss {adapter.provenance.get('final_loss'):.3f} "
                  f"in {time.time() - started:.0f} s ({'trained' if outcome.trained else 'found'})", flush=True)
            if args.pack and outcome.trained:  # one found here was packed by the call that trained it
                folder = args.pack / adapter.id[:16]
                folder.mkdir(parents=True, exist_ok=True)
                shutil.copy(adapter.gguf, folder / "adapter.gguf")
                (folder / "provenance.json").write_text(json.dumps(dict(adapter.provenance), indent=1) + "\n")


if __name__ == "__main__":
    run(main)
