"""``codebudget generate``: one solution for one benchmark task, printed."""

from __future__ import annotations

from typing import Optional

import typer
from rich.console import Console
from rich.syntax import Syntax

from codebudget.backends.base import GenerationRequest, SamplingParams
from codebudget.cli.options import (
    BackendFlags,
    BenchmarkOpt,
    SplitOpt,
    PromptStyleOpt,
    backend_for,
    seed_option,
    with_backend_options,
)
from codebudget.errors import CodebudgetError
from codebudget.prompts import get_style

out = Console(emoji=False)


@with_backend_options
def generate(
    task: str = typer.Argument("HumanEval/0", help="the task id"),
    benchmark: Optional[str] = BenchmarkOpt,
    split: Optional[str] = SplitOpt,
    backend: BackendFlags = BackendFlags(),
    temperature: float = typer.Option(0.0, min=0.0, help="0 for greedy decoding"),
    max_tokens: int = typer.Option(512, min=1, help="the most tokens to generate"),
    seed: int = seed_option(0),
    prompt_style: Optional[str] = PromptStyleOpt,
) -> None:
    """Generate and print a solution for one benchmark task."""
    from codebudget.benchmarks import load
    from codebudget.benchmarks.registry import with_split
    from codebudget.extraction import extract
    from codebudget.pipeline import build_config

    config = build_config(None, **backend.config_fields())  # what a run uses when these are not given
    benchmark = benchmark or config.benchmark
    benchmark = with_split(benchmark, split) if split else benchmark
    problem = next((p for p in load(benchmark) if p.task_id == task), None)
    if problem is None:
        raise CodebudgetError(f"no task {task!r} in {benchmark}")
    prompt = get_style(prompt_style or config.prompt_style).solve(problem)
    engine = backend_for(config)
    try:
        params = SamplingParams(1, temperature, 0.95, max_tokens, prompt.stop, seed)
        with out.status(f"generating with {engine.model}…"):
            generation = engine.generate(GenerationRequest(messages=prompt.messages, params=params))
    finally:
        engine.close()
    sample = prompt.answer(generation.samples[0])
    extracted = extract(problem, sample.text, mode="chat")
    out.print(Syntax(extracted.code or sample.text, "python"))
    out.print(
        f"[dim]{problem.task_id} · {engine.model} · {sample.n_tokens} tokens in {generation.wall_s:.1f}s "
        f"· extraction {extracted.method}{'' if extracted.syntax_ok else ' · SYNTAX ERROR'}[/]"
    )


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command("generate")(generate)
