"""``codebudget pool`` builds candidate pools; ``codebudget replay`` derives configurations from them."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from codebudget.cli.options import number_list
from codebudget.cli.run_cmd import DbOpt, FeedbackOpt, SandboxOpt, UnsafeOpt, _level
from codebudget.cli.session import existing_run, load_problems, out, print_summary, run_with_progress
from codebudget.cli.tables import GRID_NOTE, grid_table
from codebudget.errors import CodebudgetError
from codebudget.pipeline import build_config


def pool(
    m: int = typer.Option(5, "--m", help="candidates per task (one batched call)"),
    k_max: int = typer.Option(2, "--k-max", help="repair rounds per failing candidate"),
    temperature: float = typer.Option(0.8, "--temperature", "-t"),
    benchmark: str = typer.Option("humaneval"),
    limit: Optional[int] = typer.Option(None, help="only the first LIMIT tasks"),
    model: Optional[str] = typer.Option(None, "--model", "-m"),
    max_tokens: int = typer.Option(512),
    seed: int = typer.Option(0),
    feedback_tests: Optional[str] = FeedbackOpt,
    db: Path = DbOpt,
    sandbox: str = SandboxOpt,
    unsafe: bool = UnsafeOpt,
) -> None:
    """Generate M candidates per task, each with its repair chain, all tested on public and hidden tests."""
    cfg = build_config(None, label="pool", benchmark=benchmark, limit=limit, model=model, n=m, k=k_max,
                       temperature=temperature, max_tokens=max_tokens, seed=seed, feedback_tests=feedback_tests,
                       flag_names={"n": "--m", "k": "--k-max"})
    summary = run_with_progress(cfg, load_problems(cfg), db, _level(sandbox, unsafe))
    print_summary(summary)
    show_grid(db, summary.run_hash, sorted({1, m}), sorted({0, k_max}))
    out.print(f"[dim]derive other grids with: codebudget replay {summary.run_hash} --db {db} --n 1,2 --k 0,1[/]")


def replay_cmd(
    pool_hash: str = typer.Argument(..., help="the pool's run hash (printed by `codebudget pool`)"),
    n: str = typer.Option("1,2,3,5", help="candidate counts to derive, comma-separated"),
    k: str = typer.Option("0,1,2", help="repair rounds to derive, comma-separated"),
    db: Path = DbOpt,
) -> None:
    """Derive the N×K grid from a pool without calling the model."""
    show_grid(db, pool_hash, number_list(n, flag="--n", minimum=1), number_list(k, flag="--k", minimum=0))


def show_grid(db: Path, pool_hash: str, ns: list[int], ks: list[int]) -> None:
    """Print the grid of (N, K) configurations replayed from pool ``pool_hash``."""
    from codebudget.replay import load_pool, replay_grid

    with existing_run(db, pool_hash, "pool") as (store, run):
        loaded = load_pool(store, pool_hash, k_max=int(run.config.get("k", 0)), finished_only=True)
    if max(ns) > loaded.m or max(ks) > loaded.k_max:
        raise CodebudgetError(f"pool {pool_hash} has M={loaded.m}, K_max={loaded.k_max}: cannot derive N={max(ns)}, K={max(ks)}")
    grid = replay_grid(loaded, ns, ks, ("public-tests", "oracle"))
    out.print(grid_table(f"{run.model} · {len(loaded.tasks)} tasks · pool {pool_hash}", grid))
    out.print(f"[dim]{GRID_NOTE}[/]")


def register(app: typer.Typer) -> None:
    """Add these commands to ``app``."""
    app.command("pool")(pool)
    app.command("replay")(replay_cmd)
