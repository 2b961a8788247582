"""The training loop: LoRA on a GGUF model's dequantised weights with torch and peft, resumable.

The base model is loaded by transformers from the GGUF file itself (dequantised, so the weights learnt
against are the ones llama.cpp will run). One example per forward pass on a CPU (padding is work for
nothing there), the batch padded into one pass on a GPU; gradients summed over ``batch_size`` examples,
the loss the mean over their target tokens; AdamW with the learning rate decaying linearly to zero (transformers' Trainer default, which
seed 003 used). The order of examples is drawn from the seed, epoch by epoch, so a run resumed from a
checkpoint continues with the batches it would have seen. A checkpoint (adapter weights, optimiser, step,
losses, random state) is written every ``checkpoint_s`` seconds and at the end of each epoch, atomically.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import shutil
import time
from pathlib import Path
from typing import Any, Callable, Sequence

from codebudget.errors import CodebudgetError
from codebudget.train.examples import Example
from codebudget.train.recipe import Recipe

INSTALL_HINT = ("training needs the [train] extra: pip install torch==2.13.0 --index-url "
                "https://download.pytorch.org/whl/cpu && pip install 'codebudget[train]'")
CHECKPOINT = "checkpoint"


def import_training() -> tuple[Any, Any, Any]:
    """torch, transformers and peft, or a one-line error saying how to install them."""
    try:
        import peft
        import torch
        import transformers
    except ImportError:
        raise CodebudgetError(INSTALL_HINT) from None
    return torch, transformers, peft


@dataclasses.dataclass(frozen=True)
class Step:
    """One optimiser step: its number (from 1), epoch, loss (mean over the batch's target tokens), learning rate,
    and the seconds since training started (resumed runs carry the earlier seconds on)."""

    step: int
    epoch: int
    loss: float
    learning_rate: float
    seconds: float

    def to_json(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Trained:
    """What a finished run left: the peft folder, the loss curve, and what it cost."""

    peft_dir: Path
    curve: tuple[Step, ...]
    seconds: float
    tokens: int
    resumed_at: int
    target_modules: tuple[str, ...]
    total_steps: int

    @property
    def complete(self) -> bool:
        """Whether every step of the recipe was taken (False: stopped early, checkpointed)."""
        return len(self.curve) >= self.total_steps

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else 0.0


def load_base(path: Path, recipe: Recipe) -> tuple[Any, Any]:
    """The model (dequantised, in the recipe's dtype, on its device) and tokenizer of a GGUF file."""
    torch, transformers, _ = import_training()
    if recipe.device == "cuda" and not torch.cuda.is_available():
        raise CodebudgetError("--device cuda: torch sees no CUDA device here (this torch is "
                              f"{torch.__version__}); use --device cpu")
    dtype = torch.bfloat16 if recipe.dtype == "bf16" else torch.float32
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
        # unpacked into plain dense weights: transformers would otherwise keep them in GGUF blocks and unpack
        # them in every matmul of every step (measured: several times slower to train)
        dense = {"quantization_config": transformers.GgufConfig(dequantize=True)} if hasattr(transformers, "GgufConfig") else {}
        model = transformers.AutoModelForCausalLM.from_pretrained(str(path.parent), gguf_file=path.name, dtype=dtype,
                                                                  **dense)
    except (ValueError, OSError, KeyError) as error:
        raise CodebudgetError(f"transformers cannot load {path.name} for training: {str(error).splitlines()[0]}") from None
    return model.to(recipe.device), tokenizer


def steps_per_epoch(n_examples: int, batch_size: int) -> int:
    return math.ceil(n_examples / batch_size)


def batches(n_examples: int, recipe: Recipe, epoch: int) -> list[list[int]]:
    """The example indices of each batch of ``epoch``, drawn from the seed (the same on every run and resume)."""
    import random

    order = list(range(n_examples))
    random.Random(recipe.seed * 1_000_003 + epoch).shuffle(order)
    return [order[i:i + recipe.batch_size] for i in range(0, n_examples, recipe.batch_size)]


def train_lora(model: Any, examples: Sequence[Example], recipe: Recipe, work: Path,
               on_step: Callable[[Step, int], None] = lambda step, total: None, checkpoint_s: float = 120.0,
               stop_after: int | None = None, per_pass: int | None = None, cudnn_attention: bool = False) -> Trained:
    """Train a LoRA adapter on ``model`` over ``examples``; checkpoints and the finished peft folder go in
    ``work`` (a run found there resumes). ``on_step(step, total_steps)`` is told after each step;
    ``stop_after`` ends the run (checkpointed) after that many steps in all, as if interrupted.

    ``per_pass`` examples share one forward pass, padded to the longest (default: one on a CPU, where
    padding is work for nothing; the whole batch on a GPU, which one example leaves mostly idle). The
    loss is the same sum over target tokens either way, so it is not part of the recipe. On a GPU, attention
    never runs on cuDNN's kernel unless ``cudnn_attention`` asks for it (``attention_kernels``)."""
    torch, _, peft = import_training()
    if not examples:
        raise CodebudgetError("no training examples (every pair too long for --max-length, or the data is empty)")
    torch.manual_seed(recipe.seed)
    config = peft.LoraConfig(r=recipe.rank, lora_alpha=recipe.alpha, lora_dropout=recipe.dropout,
                             target_modules=list(recipe.target_modules) if recipe.target_modules else None,
                             task_type="CAUSAL_LM")
    try:
        tuned = peft.get_peft_model(model, config)
    except ValueError as error:
        raise CodebudgetError(f"LoRA cannot be applied: {str(error).splitlines()[0]}") from None
    targets = tuple(sorted(tuned.peft_config["default"].target_modules))
    per_pass = per_pass or (recipe.batch_size if recipe.device == "cuda" else 1)
    params = [p for p in tuned.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=recipe.learning_rate)
    per_epoch = steps_per_epoch(len(examples), recipe.batch_size)
    total = per_epoch * recipe.epochs
    curve: list[Step] = []
    step, earlier_s, tokens = 0, 0.0, 0
    checkpoint = work / CHECKPOINT
    if (checkpoint / "state.pt").exists():
        step, earlier_s, tokens, curve = _restore(torch, peft, tuned, optimiser, checkpoint)
    resumed_at = step
    started = time.perf_counter()
    last_save = started
    tuned.train()
    autocast = torch.autocast(recipe.device, dtype=torch.bfloat16, enabled=recipe.dtype == "bf16")
    while step < total and (stop_after is None or step < stop_after):
        epoch, index = divmod(step, per_epoch)
        batch = [examples[i] for i in batches(len(examples), recipe, epoch)[index]]
        lr = recipe.learning_rate * (1 - step / total)
        for group in optimiser.param_groups:
            group["lr"] = lr
        target_tokens = sum(len(e.target_ids) for e in batch)
        loss_sum = 0.0
        with attention_kernels(torch, recipe.device, cudnn_attention):
            for group_of in _passes(batch, per_pass):
                loss = _loss(torch, tuned, group_of, recipe.device, autocast, recipe.plan_weight) / target_tokens
                loss.backward()
                loss_sum += float(loss.detach())
                tokens += sum(example.n_tokens for example in group_of)
        _refuse_divergence(torch, params, loss_sum, step + 1, total, epoch + 1, recipe)
        optimiser.step()
        optimiser.zero_grad(set_to_none=True)
        step += 1
        now = time.perf_counter()
        curve.append(Step(step, epoch + 1, loss_sum, lr, earlier_s + now - started))
        on_step(curve[-1], total)
        if now - last_save >= checkpoint_s or step % per_epoch == 0 or step == stop_after:
            _save(torch, peft, tuned, optimiser, checkpoint, step, earlier_s + now - started, tokens, curve)
            last_save = now
    seconds = earlier_s + time.perf_counter() - started
    out = work / "peft"
    if out.exists():
        shutil.rmtree(out)
    tuned.save_pretrained(str(out))
    return Trained(out, tuple(curve), seconds, tokens, resumed_at, targets, total)


def attention_kernels(torch: Any, device: str, cudnn_attention: bool = False) -> Any:
    """Where attention may run while training on ``device``: on a GPU, any of torch's attention kernels but
    cuDNN's. Its backward pass returned NaN gradients for Qwen 0.5B in bf16 on padded batches: the LoRA sweep's
    Java and 1,000-pair cells diverged on an H100 (torch 2.11; the Java cell at step 28 of 63, loss finite),
    while the same cell stayed finite with the same losses under eager attention, one example a pass (no
    mask), fp32, or any kernel but cuDNN's (``bench/lora_divergence.py``, 2026-12-07; huggingface/trl#7181
    reports the same kernel bug on torch 2.13). The other kernels compute the same attention, so the recipe
    does not change."""
    if device != "cuda" or cudnn_attention:
        return contextlib.nullcontext()
    from torch.nn.attention import SDPBackend, sdpa_kernel

    return sdpa_kernel([SDPBackend.FLASH_ATTENTION, SDPBackend.EFFICIENT_ATTENTION, SDPBackend.MATH])


def _refuse_divergence(torch: Any, params: list, loss: float, step: int, total: int, epoch: int, recipe: Recipe) -> None:
    """Stop before a non-finite loss or gradient reaches the weights: one NaN step makes every weight NaN,
    and such an adapter (every one alike, so one content id for all) must never be stored. The checkpoint on
    disk is the last good one; resuming replays the same batches, so the run needs another recipe."""
    grads = [p.grad.detach().float().norm() for p in params if p.grad is not None]
    norm = float(torch.stack(grads).norm()) if grads else 0.0
    if math.isfinite(loss) and math.isfinite(norm):
        return
    what = "loss" if not math.isfinite(loss) else "gradient"
    hint = "--dtype fp32 or a lower --lr" if recipe.dtype == "bf16" else "a lower --lr"
    raise CodebudgetError(f"training diverged at step {step} of {total} (epoch {epoch}): the {what} is not finite "
                          f"(loss {loss}, gradient norm {norm}); no adapter was stored; try {hint}")


def _passes(batch: list[Example], per_pass: int) -> list[list[Example]]:
    """The batch's examples in groups of ``per_pass``: one by one in the batch's order, or longest first (less
    padding) when several share a pass."""
    ordered = batch if per_pass == 1 else sorted(batch, key=lambda e: e.n_tokens, reverse=True)
    return [ordered[i:i + per_pass] for i in range(0, len(ordered), per_pass)]


def _loss(torch: Any, tuned: Any, group: list[Example], device: str, autocast: Any, plan_weight: float = 0.5) -> Any:
    """The summed cross-entropy over the target tokens of ``group``'s examples, in one forward pass (right
    padding, masked out of attention and of the loss); with plans and a ``plan_weight`` λ other than 0.5, a plan
    token's term counts 2λ and a code token's 2(1 − λ)."""
    width = max(e.n_tokens for e in group)
    ids = torch.zeros((len(group), width), dtype=torch.long, device=device)
    mask = torch.zeros((len(group), width), dtype=torch.long, device=device)
    labels = torch.full((len(group), width), -100, dtype=torch.long, device=device)
    for row, example in enumerate(group):
        tokens = list(example.prompt_ids + example.target_ids)
        ids[row, :len(tokens)] = torch.tensor(tokens, device=device)
        mask[row, :len(tokens)] = 1
        labels[row, len(example.prompt_ids):len(tokens)] = torch.tensor(example.target_ids, device=device)
    with autocast:
        logits = tuned(input_ids=ids, attention_mask=mask).logits[:, :-1].float()
    flat_logits, flat_labels = logits.reshape(-1, logits.shape[-1]), labels[:, 1:].reshape(-1)
    if plan_weight == 0.5 or not any(e.plan_tokens for e in group):
        return torch.nn.functional.cross_entropy(flat_logits, flat_labels, ignore_index=-100, reduction="sum")
    weights = torch.full((len(group), width), 2 * (1 - plan_weight), device=device)
    for row, example in enumerate(group):
        start = len(example.prompt_ids)
        weights[row, start:start + example.plan_tokens] = 2 * plan_weight
    terms = torch.nn.functional.cross_entropy(flat_logits, flat_labels, ignore_index=-100, reduction="none")
    return (terms * weights[:, 1:].reshape(-1)).sum()


def _save(torch: Any, peft: Any, tuned: Any, optimiser: Any, checkpoint: Path, step: int, seconds: float,
          tokens: int, curve: list[Step]) -> None:
    """Write the checkpoint beside the old one, then swap it in (a kill leaves one whole checkpoint)."""
    staging = checkpoint.with_name(CHECKPOINT + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    torch.save({"adapter": peft.get_peft_model_state_dict(tuned), "optimiser": optimiser.state_dict(),
                "step": step, "seconds": seconds, "tokens": tokens, "rng": torch.get_rng_state()},
               staging / "state.pt")
    (staging / "curve.json").write_text(json.dumps([s.to_json() for s in curve]))
    old = checkpoint.with_name(CHECKPOINT + ".old")
    if checkpoint.exists():
        checkpoint.rename(old)
    staging.rename(checkpoint)
    shutil.rmtree(old, ignore_errors=True)


def _restore(torch: Any, peft: Any, tuned: Any, optimiser: Any, checkpoint: Path) -> tuple[int, float, int, list[Step]]:
    try:
        state = torch.load(checkpoint / "state.pt", weights_only=False)
        curve = [Step(**row) for row in json.loads((checkpoint / "curve.json").read_text())]
    except (OSError, RuntimeError, ValueError, KeyError) as error:
        raise CodebudgetError(f"the checkpoint in {checkpoint} cannot be read ({error}); delete it to start over") from None
    peft.set_peft_model_state_dict(tuned, state["adapter"])
    optimiser.load_state_dict(state["optimiser"])
    torch.set_rng_state(state["rng"])
    return int(state["step"]), float(state["seconds"]), int(state["tokens"]), curve
