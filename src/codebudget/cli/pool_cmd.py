"""``codebudget pool`` builds candidate pools; ``codebudget replay`` derives configurations from them."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from codebudget.cli.options import (
    BackendFlags,
    BenchmarkOpt,
    SplitOpt,
    DbOpt,
    ExistingDbOpt,
    FeedbackOpt,
    KMaxOpt,
    LimitOpt,
    MOpt,
    SandboxOpt,
    LookupOpt,
    PromptStyleOpt,
    StagesOpt,
    UnsafeOpt,
    AddressOpt,
    ExecutorOpt,
    ResumeMixedOpt,
    MixedMachinesOpt,
    counts_option,
    rounds_option,
    sandbox_level,
    seed_option,
    stages_of,
    with_backend_options,
)
from codebudget.cli.parsing import FeedbackTests, Lookup, Sandbox
from codebudget.cli.session import executor_for, existing_run, load_problems, out, print_summary, run_with_progress
from codebudget.cli.tables import GRID_NOTE, grid_table
from codebudget.errors import CodebudgetError
from codebudget.pipeline import build_config


@with_backend_options
def pool(
    m: int = MOpt,
    k_max: int = KMaxOpt,
    temperature: float = typer.Option(0.8, "--temperature", "-t"),
    benchmark: Optional[str] = BenchmarkOpt,
    split: Optional[str] = SplitOpt,
    limit: Optional[int] = LimitOpt,
    backend: BackendFlags = BackendFlags(),
    max_tokens: int = typer.Option(512),
    seed: int = seed_option(0),
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
    """Generate M candidates per task, each with its repair chain, all tested on public and hidden tests."""
    cfg = build_config(None, label="pool", benchmark=benchmark, split=split, limit=limit, **backend.config_fields(), n=m, k=k_max,
                       temperature=temperature, max_tokens=max_tokens, seed=seed,
                       feedback_tests=getattr(feedback_tests, "value", None), stages=stages_of(stages),
                       prompt_style=prompt_style, lookup=getattr(lookup, "value", None), flag_names={"n": "--m", "k": "--k-max"})
    level = sandbox_level(sandbox, unsafe)
    with executor_for(executor, address, level) as where:
        summary = run_with_progress(cfg, load_problems(cfg), db, level, where, mixed_machines)
    print_summary(summary)
    show_grid(db, summary.run_hash, sorted({1, m}), sorted({0, k_max}), mixed=None)
    out.print(f"[dim]derive other grids with: codebudget replay {summary.run_hash} --db {db} --n 1,2 --k 0,1[/]")


def replay_cmd(
    pool_hash: str = typer.Argument(..., help="the pool's run hash (printed by `codebudget pool`)"),
    n: list = counts_option("1,2,3,5", "candidate counts to derive"),
    k: list = rounds_option("0,1,2", "repair rounds to derive"),
    db: Path = ExistingDbOpt,
    mixed_machines: bool = MixedMachinesOpt,
) -> None:
    """Derive the N×K grid from a pool without calling the model."""
    show_grid(db, pool_hash, n, k, mixed=mixed_machines)


def show_grid(db: Path, pool_hash: str, ns: list[int], ks: list[int], mixed: bool | None = False) -> None:
    """Print the grid of (N, K) configurations replayed from pool ``pool_hash``.

    Times from several machines are refused unless ``mixed``; None (after ``pool``) prints the grid with a note.
    """
    from codebudget.candidates import load_pool
    from codebudget.candidates.machines import MixedMachinesError, check_one_machine
    from codebudget.replay import replay_grid
    from codebudget.selection import DEFAULT_POLICIES

    with existing_run(db, pool_hash, "pool") as (store, run):
        try:
            check_one_machine(store, [pool_hash], mixed=bool(mixed))
        except MixedMachinesError as error:
            if mixed is not None:
                raise
            out.print(f"[yellow]note: {error}[/]", highlight=False)
        loaded = load_pool(store, pool_hash, k_max=int(run.config.get("k", 0)), finished_only=True)
    if max(ns) > loaded.m or max(ks) > loaded.k_max:
        raise CodebudgetError(f"pool {pool_hash} has M={loaded.m}, K_max={loaded.k_max}: cannot derive N={max(ns)}, K={max(ks)}")
    grid = replay_grid(loaded, ns, ks, DEFAULT_POLICIES)
    out.print(grid_table(f"{run.model} · {len(loaded.tasks)} tasks · pool {pool_hash}", grid))
    out.print(f"[dim]{GRID_NOTE}[/]")


def register(app: typer.Typer) -> None:
    """Add these commands to ``app``."""
    app.command("pool")(pool)
    app.command("replay")(replay_cmd)
