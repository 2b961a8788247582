"""``codebudget sweep``: run a grid of configurations directly, each resumable."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from codebudget.cli.options import number_list
from codebudget.cli.run_cmd import DbOpt, SandboxOpt, UnsafeOpt, _level
from codebudget.cli.session import load_problems, out, run_with_progress
from codebudget.pipeline import build_config


def sweep(
    n: str = typer.Option("1,2,3,5", help="candidate counts"),
    k: str = typer.Option("0,1,2", help="repair rounds"),
    temperature: str = typer.Option("0.8", help="sampling temperatures"),
    repeats: int = typer.Option(1, min=1, help="runs of each configuration, with seeds 0..R-1"),
    benchmark: str = typer.Option("humaneval"),
    limit: Optional[int] = typer.Option(None, help="only the first LIMIT tasks"),
    model: Optional[str] = typer.Option(None, "--model", "-m"),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="base configuration file"),
    db: Path = DbOpt,
    sandbox: str = SandboxOpt,
    unsafe: bool = UnsafeOpt,
) -> None:
    """Run every (N, K, T, seed) configuration of a grid; finished runs are not redone."""
    grid = list(itertools.product(number_list(n, flag="--n"), number_list(k, flag="--k"),
                                  number_list(temperature, float, flag="--temperature"), range(repeats)))
    configs = [build_config(config, benchmark=benchmark, limit=limit, model=model, n=n_, k=k_, temperature=t_,
                            seed=seed) for n_, k_, t_, seed in grid]  # every cell checked before any runs
    table = Table("N", "K", "T", "seed", "pass@1 honest", "pass@1 oracle", "s/task", "run", title="sweep")
    for (n_, k_, t_, seed), cfg in zip(grid, configs):
        summary = run_with_progress(cfg, load_problems(cfg), db, _level(sandbox, unsafe))
        table.add_row(str(n_), str(k_), f"{t_:g}", str(seed), f"{summary.honest_pass:.3f}", f"{summary.oracle_pass:.3f}",
                      f"{summary.mean_wall_s:.1f}", summary.run_hash)
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command("sweep")(sweep)
