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
import time
from pathlib import Path

from box_transfer import dataset, dump, pack, unpack
from lora_sweep import EXPERIMENTS, SEED_003, SOURCES, setting
from one_line import run

from codebudget.errors import CodebudgetError
from codebudget.train.datasets import load_pairs
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
        unpack(args.unpack)
        return
    if not args.experiment:
        raise SystemExit("give --experiment (or --unpack)")
    spec = EXPERIMENTS[args.experiment]
    values = [type(spec["values"][0])(v) for v in args.values.split(",")] if args.values else spec["values"]
    seeds = [int(s) for s in args.seeds.split(",")]
    cells = [setting(args.experiment, value) for value in values]
    if args.dump:
        held_out = [f"{SOURCES[language]}:heldout" for language in dict.fromkeys(language for language, _, _ in cells)]
        for data in dict.fromkeys([*(data for _, _, data in cells), *held_out]):
            dump(args.dump, data, load_pairs(data))
        return
    for seed in seeds:
        for _, rank, data in cells:
            pairs = dataset(data, args.pairs)
            recipe = dataclasses.replace(Recipe(rank=rank, seed=seed, **SEED_003), device=args.device)
            started = time.time()
            try:
                outcome = train(Job(args.model, tuple(pairs), data, recipe, None),
                                on_phase=lambda phase: print(f"rank {rank} seed {seed} {data}: {phase}", flush=True))
            except CodebudgetError as error:  # a diverged cell stores nothing; the others still train
                print(f"rank {rank} seed {seed} {data}: {error}", flush=True)
                continue
            adapter = outcome.adapter
            print(f"rank {rank} seed {seed} {data}: {adapter.id[:16]} loss {adapter.provenance.get('final_loss'):.3f} "
                  f"in {time.time() - started:.0f} s ({'trained' if outcome.trained else 'found'})", flush=True)
            if args.pack and outcome.trained:  # one found here was packed by the call that trained it
                pack(adapter, args.pack)


if __name__ == "__main__":
    run(main)
