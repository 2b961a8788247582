"""``codebudget run`` and ``codebudget eval``: one configuration over a benchmark."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from codebudget.cli.options import (
    ApiKeyOpt, BaseUrlOpt, RetriesOpt, TimeoutOpt, check_backend, check_sandbox, check_selection,
)
from codebudget.cli.session import DEFAULT_DB, load_problems, print_summary, run_with_progress
from codebudget.pipeline import build_config

DbOpt = typer.Option(DEFAULT_DB, "--db", help="the SQLite results store (created if missing)")
SandboxOpt = typer.Option("auto", "--sandbox", callback=check_sandbox,
                          help="auto, namespaces or fallback (or set CODEBUDGET_SANDBOX)")
UnsafeOpt = typer.Option(False, "--unsafe-no-sandbox", help="run generated code without isolation (results are marked)")
FeedbackOpt = typer.Option(None, "--feedback-tests", help="public (the prompt's examples; default) or hidden (the "
                           "grading tests, as the seed paper: repairs see them and honest = oracle)")


def _level(sandbox: str, unsafe: bool) -> str:
    return "unsafe" if unsafe else sandbox


def run(
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="a YAML or TOML configuration file"),
    benchmark: Optional[str] = typer.Option(None, help="benchmark name or task file"),
    limit: Optional[int] = typer.Option(None, help="only the first LIMIT tasks"),
    backend: Optional[str] = typer.Option(None, "--backend", "-b", callback=check_backend),
    model: Optional[str] = typer.Option(None, "--model", "-m"),
    base_url: Optional[str] = BaseUrlOpt,
    api_key: Optional[str] = ApiKeyOpt,
    timeout: Optional[float] = TimeoutOpt,
    retries: Optional[int] = RetriesOpt,
    n: Optional[int] = typer.Option(None, "--n", "-n", help="candidates per task"),
    k: Optional[int] = typer.Option(None, "--k", "-k", help="repair rounds"),
    temperature: Optional[float] = typer.Option(None, "--temperature", "-t"),
    max_tokens: Optional[int] = typer.Option(None),
    seed: Optional[int] = typer.Option(None),
    selection: Optional[str] = typer.Option(None, callback=check_selection,
                                            help="public-tests (honest, default) or another policy"),
    feedback_tests: Optional[str] = FeedbackOpt,
    db: Path = DbOpt,
    sandbox: str = SandboxOpt,
    unsafe: bool = UnsafeOpt,
) -> None:
    """Run one pipeline configuration over a benchmark; resumes if interrupted."""
    cfg = build_config(config, benchmark=benchmark, limit=limit, backend=backend, model=model, base_url=base_url,
                       api_key=api_key, request_timeout_s=timeout, retries=retries, n=n, k=k, temperature=temperature,
                       max_tokens=max_tokens, seed=seed, selection=selection, feedback_tests=feedback_tests)
    print_summary(run_with_progress(cfg, load_problems(cfg), db, _level(sandbox, unsafe)))


def eval_(
    benchmark: str = typer.Option("humaneval", help="benchmark name or task file"),
    limit: Optional[int] = typer.Option(None, help="only the first LIMIT tasks"),
    backend: str = typer.Option("llamacpp", "--backend", "-b", callback=check_backend),
    model: Optional[str] = typer.Option(None, "--model", "-m"),
    base_url: Optional[str] = BaseUrlOpt,
    api_key: Optional[str] = ApiKeyOpt,
    timeout: Optional[float] = TimeoutOpt,
    retries: Optional[int] = RetriesOpt,
    max_tokens: int = typer.Option(512),
    db: Path = DbOpt,
    sandbox: str = SandboxOpt,
    unsafe: bool = UnsafeOpt,
) -> None:
    """Greedy pass@1: one sample per task at temperature 0, graded on the hidden tests."""
    cfg = build_config(None, benchmark=benchmark, limit=limit, backend=backend, model=model, base_url=base_url,
                       api_key=api_key, request_timeout_s=timeout, retries=retries, n=1, k=0, temperature=0.0,
                       max_tokens=max_tokens)
    print_summary(run_with_progress(cfg, load_problems(cfg), db, _level(sandbox, unsafe)))


def register(app: typer.Typer) -> None:
    """Add these commands to ``app``."""
    app.command("run")(run)
    app.command("eval")(eval_)
