"""Where does a LoRA cell diverge? Train one cell of ``bench/lora_sweep.py`` in variants, each stopped by the
trainer's divergence guard, and print how far each got.

Seen on the GPU (2026-12-07): Qwen 0.5B's Java cell (rank 16, seed 003's recipe, seed 0) went NaN at step 29 of 63,
as did the 1,000-pair cells; the 200-pair standard-library and JavaScript cells did not. The variants separate
the suspects: ``sdpa`` (as trained: bf16, the batch padded into one pass on a GPU, attention on any kernel but
cuDNN's), ``cudnn`` (as trained before 2026-12-07: cuDNN's kernel allowed), ``eager`` (eager attention),
``onebyone`` (one example per pass, as on a CPU), ``fp32``.

Found (2026-12-07, one H100): only cuDNN's attention kernel in bf16 on a padded batch diverges (the gradient goes
NaN at step 28 while the loss is finite); eager attention, one example a pass and fp32 stay finite, so training
keeps attention off cuDNN's kernel (``codebudget.train.lora.attention_kernels``).

    python bench/lora_divergence.py --model qwen2.5-coder-0.5b --data jdk:limit=200 --device cuda \\
        --pairs .devcarry/pairs --variants sdpa,cudnn,eager,onebyone,fp32      # on the GPU box (scripts/device_train_cells.sh, DIAG=1)
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path

from box_transfer import dataset
from lora_sweep import SEED_003
from one_line import run

from codebudget.backends.chat_template import from_gguf
from codebudget.errors import CodebudgetError
from codebudget.models import resolve_model
from codebudget.train.examples import encode
from codebudget.train.lora import load_base, train_lora
from codebudget.train.recipe import Recipe

VARIANTS = ("sdpa", "cudnn", "eager", "onebyone", "fp32")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="qwen2.5-coder-0.5b")
    parser.add_argument("--data", default="jdk:limit=200")
    parser.add_argument("--rank", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", type=int, default=40, help="stop each variant after this many steps")
    parser.add_argument("--device", default="cuda", choices=["cpu", "cuda"])
    parser.add_argument("--pairs", type=Path, default=None, help="a lora_train_cells.py --dump folder")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    args = parser.parse_args()
    variants = args.variants.split(",")
    unknown = [variant for variant in variants if variant not in VARIANTS]
    if unknown:  # before any variant trains
        raise SystemExit(f"--variants: {', '.join(unknown)} not among {', '.join(VARIANTS)}")
    path = resolve_model(args.model)
    pairs = dataset(args.data, args.pairs)
    for variant in variants:
        started = time.time()
        recipe = dataclasses.replace(Recipe(rank=args.rank, seed=args.seed, **SEED_003), device=args.device,
                                     dtype="fp32" if variant == "fp32" else "bf16")
        model, tokenizer = load_base(path, recipe)
        if variant == "eager":
            if hasattr(model, "set_attn_implementation"):
                model.set_attn_implementation("eager")
            else:
                model.config._attn_implementation = "eager"
        examples = encode(pairs, from_gguf(path), tokenizer, recipe.prompt_style, recipe.max_length)
        with tempfile.TemporaryDirectory() as work:
            try:
                result = train_lora(model, examples, recipe, Path(work), stop_after=args.steps,
                                    per_pass=1 if variant == "onebyone" else None, cudnn_attention=variant == "cudnn")
                what = f"finite for {len(result.curve)} steps, last losses {[round(s.loss, 3) for s in result.curve[-5:]]}"
            except CodebudgetError as error:
                what = str(error)
        print(f"{variant} ({model.config._attn_implementation}): {what} ({time.time() - started:.0f} s)", flush=True)
        del model


if __name__ == "__main__":
    run(main)
