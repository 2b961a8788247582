"""``codebudget train``: a LoRA adapter for a zoo model or GGUF file, stored with its provenance."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from codebudget.cli.options import ModelOpt
from codebudget.errors import CodebudgetError
from codebudget.models import DEFAULT_MODEL

err = Console(stderr=True, soft_wrap=True, emoji=False)


def train(
    data: str = typer.Option(..., "--data", help="the training pairs: a dataset (mbpp:train, mbpp:validation, stdlib, "
                             "jdk, npm), any benchmark spec with reference solutions, jsonl:FILE, or a teacher's plans "
                             "(codeplan:FILE with the plans, codeplan-code:FILE without them); add :limit=N "
                             "to take the first N pairs. Pairs close to an evaluation task are always dropped"),
    model: Optional[str] = ModelOpt,
    name: Optional[str] = typer.Option(None, "--name", help="a name for the adapter (use it as --adapter NAME)"),
    rank: int = typer.Option(16, "--rank", "-r", min=1, help="LoRA rank"),
    alpha: float = typer.Option(32.0, "--alpha", min=0.0, help="LoRA alpha (the update is scaled by alpha/rank)"),
    dropout: float = typer.Option(0.1, "--dropout", min=0.0, max=0.99, help="dropout on the LoRA input"),
    target_modules: Optional[str] = typer.Option(None, "--target-modules", help="comma-separated module names to "
                                                 "adapt (default: peft's for the architecture, q_proj,v_proj)"),
    epochs: int = typer.Option(3, "--epochs", min=1),
    learning_rate: float = typer.Option(1e-4, "--lr", min=0.0, help="peak learning rate (decays linearly to 0)"),
    max_length: int = typer.Option(512, "--max-length", min=32, help="tokens of prompt and answer per example"),
    batch_size: int = typer.Option(8, "--batch-size", min=1, help="examples per optimiser step"),
    seed: int = typer.Option(0, "--training-seed", help="the training seed: LoRA's initial weights, the order of "
                             "examples, dropout (--seed is the model's sampling seed elsewhere)"),
    prompt_style: str = typer.Option("body", "--prompt-style", help="how Python pairs are put to the model: the "
                                     "pipeline's prompt style the adapter will be used with"),
    plan_weight: float = typer.Option(0.5, "--plan-weight", min=0.0, max=1.0, help="CodePLAN's mixing weight: the "
                                      "plan objective's share of the loss for pairs with plans (0.5: every token alike)"),
    dtype: str = typer.Option("auto", "--dtype", help="bf16, fp32, or auto: bf16 where it is native (a GPU, a CPU "
                              "with AVX-512 bf16 or AMX), else fp32 (bf16 emulated is many times slower)"),
    device: str = typer.Option("cpu", "--device", help="cpu or cuda"),
    per_pass: Optional[int] = typer.Option(None, "--examples-per-pass", min=1, help="examples padded into one "
                                           "forward pass (default: 1 on cpu, the batch on cuda); the loss is the same"),
    mbpp: Optional[Path] = typer.Option(None, "--mbpp", help="a folder holding MBPP's files (mbpp.jsonl, "
                                        "sanitized-mbpp.json): read for mbpp:* data and for the deduplication "
                                        "against MBPP's test split, instead of the hub"),
) -> None:
    """Train a LoRA adapter and store it (peft folder, GGUF file, provenance); an interrupted run resumes."""
    from codebudget.train.datasets import load_pairs
    from codebudget.train.recipe import Recipe
    from codebudget.train.trainer import Job, train as run_training

    model = model or DEFAULT_MODEL
    modules = tuple(m.strip() for m in target_modules.split(",") if m.strip()) if target_modules else None
    if dtype == "auto":
        from codebudget.hardware import training_dtype

        dtype = training_dtype(device)
    try:
        recipe = Recipe(rank, alpha, dropout, modules, epochs, learning_rate, max_length, batch_size, seed,
                        prompt_style, dtype, device, plan_weight)  # type: ignore[arg-type]
    except ValueError as error:
        raise CodebudgetError(str(error)) from None
    with err.status(f"reading the training data {data}…"):
        pairs = load_pairs(data, mbpp=mbpp)
    if not pairs:
        raise CodebudgetError(f"the training data {data} has no pairs left after deduplication")
    err.print(f"{len(pairs)} pairs from {data}; {recipe.epochs} epochs of batches of {recipe.batch_size}, rank "
              f"{recipe.rank}, lr {recipe.learning_rate:g}, {recipe.dtype} on {recipe.device}")
    columns = (TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("loss {task.fields[loss]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=False) as progress:
        bar = progress.add_task("training", total=None, loss="-")

        def on_step(step, total: int) -> None:
            progress.update(bar, total=total, completed=step.step, loss=f"{step.loss:.3f}")

        outcome = run_training(Job(model, pairs, data, recipe, name), on_step=on_step, per_pass=per_pass,
                               on_phase=lambda phase: progress.console.print(f"[dim]{phase}[/]"))
    adapter = outcome.adapter
    if adapter is None:  # pragma: no cover - only a stop_after run ends here
        raise CodebudgetError("training stopped before its last step; run the same command again to resume")
    p = adapter.provenance
    verb = "trained" if outcome.trained else "already trained (found in the store)"
    err.print(f"{verb}: adapter {adapter.id}{' (' + ', '.join(adapter.names) + ')' if adapter.names else ''}, final "
              f"loss {p.get('final_loss', float('nan')):.3f}, {p.get('seconds', 0):.0f} s at "
              f"{p.get('tokens_per_s', 0):.0f} tokens/s on {p.get('machine', '?')}")
    print(adapter.id)


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command("train")(train)
