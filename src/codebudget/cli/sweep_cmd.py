"""``codebudget sweep``: run a grid of configurations directly, each resumable."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from codebudget.cli.options import (
    BackendFlags,
    BenchmarkOpt,
    SplitOpt,
    DbOpt,
    LimitOpt,
    SandboxOpt,
    LookupOpt,
    PromptStyleOpt,
    StagesOpt,
    UnsafeOpt,
    AddressOpt,
    ExecutorOpt,
    ResumeMixedOpt,
    counts_option,
    rounds_option,
    sandbox_level,
    stages_of,
    with_backend_options,
)
from codebudget.cli.parsing import Lookup, Sandbox, numbers
from codebudget.cli.session import executor_for, load_problems, out, run_with_progress
from codebudget.pipeline import build_config


@with_backend_options
def sweep(
    n: list = counts_option("1,2,3,5", "candidate counts"),
    k: list = rounds_option("0,1,2", "repair rounds"),
    temperature: list = typer.Option("0.8", "--temperature", "-t", parser=numbers("--temperature", float),
                                     metavar="T,…", help="sampling temperatures, comma-separated"),
    repeats: int = typer.Option(1, min=1, help="runs of each configuration, with sampling seeds 0..R-1"),
    benchmark: Optional[str] = BenchmarkOpt,
    split: Optional[str] = SplitOpt,
    limit: Optional[int] = LimitOpt,
    backend: BackendFlags = BackendFlags(),
    stages: Optional[str] = StagesOpt,
    prompt_style: Optional[str] = PromptStyleOpt,
    lookup: Optional[Lookup] = LookupOpt,
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="base configuration file"),
    db: Path = DbOpt,
    sandbox: Sandbox = SandboxOpt,
    unsafe: bool = UnsafeOpt,
    executor: str = ExecutorOpt,
    address: Optional[str] = AddressOpt,
    mixed_machines: bool = ResumeMixedOpt,
) -> None:
    """Run every (N, K, T, seed) configuration of a grid; finished runs are not redone."""
    grid = list(itertools.product(n, k, temperature, range(repeats)))
    configs = [build_config(config, benchmark=benchmark, split=split, limit=limit, n=n_, k=k_, temperature=t_, seed=seed,
                            stages=stages_of(stages), prompt_style=prompt_style,
                            lookup=getattr(lookup, "value", None), **backend.config_fields())
               for n_, k_, t_, seed in grid]  # all checked before any run
    table = Table("N", "K", "T", "seed", "pass@1 honest", "pass@1 oracle", "s/task", "run", title="sweep")
    level = sandbox_level(sandbox, unsafe)
    with executor_for(executor, address, level) as where:  # one cluster's workers for every configuration
        summaries = [run_with_progress(cfg, load_problems(cfg), db, level, where, mixed_machines) for cfg in configs]
    for (n_, k_, t_, seed), summary in zip(grid, summaries):
        table.add_row(str(n_), str(k_), f"{t_:g}", str(seed), f"{summary.honest_pass:.3f}", f"{summary.oracle_pass:.3f}",
                      f"{summary.mean_wall_s:.1f}", summary.run_hash)
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command("sweep")(sweep)
