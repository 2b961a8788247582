"""``codebudget run`` and ``codebudget eval``: one configuration over a benchmark."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from codebudget.cli.options import (
    BackendFlags,
    BenchmarkOpt,
    SplitOpt,
    DbOpt,
    FeedbackOpt,
    LimitOpt,
    RunKOpt,
    RunNOpt,
    SandboxOpt,
    SelectionOpt,
    LookupOpt,
    PromptStyleOpt,
    StagesOpt,
    UnsafeOpt,
    AddressOpt,
    ExecutorOpt,
    ResumeMixedOpt,
    sandbox_level,
    seed_option,
    stages_of,
    with_backend_options,
)
from codebudget.cli.parsing import FeedbackTests, Lookup, Sandbox, live_policy
from codebudget.cli.session import executor_for, load_problems, print_summary, run_with_progress
from codebudget.errors import CodebudgetError
from codebudget.pipeline import PipelineConfig, build_config

_level = sandbox_level  # the name other command modules imported


@with_backend_options
def run(
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="a YAML or TOML configuration file"),
    benchmark: Optional[str] = BenchmarkOpt,
    split: Optional[str] = SplitOpt,
    limit: Optional[int] = LimitOpt,
    backend: BackendFlags = BackendFlags(),
    n: Optional[int] = RunNOpt,
    k: Optional[int] = RunKOpt,
    temperature: Optional[float] = typer.Option(None, "--temperature", "-t"),
    max_tokens: Optional[int] = typer.Option(None),
    seed: Optional[int] = seed_option(None),
    selection: Optional[str] = SelectionOpt,
    feedback_tests: Optional[FeedbackTests] = FeedbackOpt,
    stages: Optional[str] = StagesOpt,
    prompt_style: Optional[str] = PromptStyleOpt,
    lookup: Optional[Lookup] = LookupOpt,
    db: Path = DbOpt,
    sandbox: Sandbox = SandboxOpt,
    unsafe: bool = UnsafeOpt,
    executor: str = ExecutorOpt,
    address: Optional[str] = AddressOpt,
    mixed_machines: bool = ResumeMixedOpt,
) -> None:
    """Run one pipeline configuration (one N, one K) over a benchmark; resumes if interrupted."""
    cfg = build_config(config, benchmark=benchmark, split=split, limit=limit, **backend.config_fields(), n=n, k=k,
                       temperature=temperature,
                       max_tokens=max_tokens, seed=seed, selection=selection, feedback_tests=_value(feedback_tests), stages=stages_of(stages),
                       prompt_style=prompt_style, lookup=_value(lookup))
    _live(cfg, config)
    level = sandbox_level(sandbox, unsafe)
    with executor_for(executor, address, level) as where:
        print_summary(run_with_progress(cfg, load_problems(cfg), db, level, where, mixed_machines))


def _value(choice: object) -> object:
    """An enum choice as the plain value a configuration holds (None stays None)."""
    return getattr(choice, "value", choice)


def _live(cfg: PipelineConfig, file: Optional[Path]) -> None:
    """A one-line error, before any work, when a configuration file names a policy a live run cannot apply."""
    try:
        live_policy(cfg.selection)
    except CodebudgetError as error:
        raise CodebudgetError(f"{file}: selection: {error}" if file else f"--selection: {error}") from None


@with_backend_options
def eval_(
    benchmark: Optional[str] = BenchmarkOpt,
    split: Optional[str] = SplitOpt,
    limit: Optional[int] = LimitOpt,
    backend: BackendFlags = BackendFlags(),
    max_tokens: int = typer.Option(512),
    prompt_style: Optional[str] = PromptStyleOpt,
    lookup: Optional[Lookup] = LookupOpt,
    db: Path = DbOpt,
    sandbox: Sandbox = SandboxOpt,
    unsafe: bool = UnsafeOpt,
    executor: str = ExecutorOpt,
    address: Optional[str] = AddressOpt,
    mixed_machines: bool = ResumeMixedOpt,
) -> None:
    """Greedy pass@1: one sample per task at temperature 0, graded on the hidden tests."""
    cfg = build_config(None, benchmark=benchmark, split=split, limit=limit, **backend.config_fields(), n=1, k=0, temperature=0.0,
                       max_tokens=max_tokens, prompt_style=prompt_style, lookup=_value(lookup))
    level = sandbox_level(sandbox, unsafe)
    with executor_for(executor, address, level) as where:
        print_summary(run_with_progress(cfg, load_problems(cfg), db, level, where, mixed_machines))


def register(app: typer.Typer) -> None:
    """Add these commands to ``app``."""
    app.command("run")(run)
    app.command("eval")(eval_)
