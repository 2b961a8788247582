"""``codebudget adapters``: the trained LoRA adapters in the store."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from codebudget.adapters import adapter_store

app = typer.Typer(help="Trained LoRA adapters: list them, show one's provenance, name one.", no_args_is_help=True)
out = Console(soft_wrap=True, emoji=False)


@app.command("list")
def list_adapters() -> None:
    """Every stored adapter, newest first: id, names, base model, data, rank, final loss, when."""
    store = adapter_store()
    adapters = store.list()
    if not adapters:
        out.print(f"no adapters in {store.root}; train one with `codebudget train`")
        return
    table = Table("id", "names", "base model", "data", "rank", "epochs", "final loss", "finished")
    table.columns[0].no_wrap = True
    for a in adapters:
        p, h = a.provenance, a.provenance.get("hyperparameters", {})
        loss = p.get("final_loss")
        table.add_row(a.id, ", ".join(a.names), str(p.get("base_model", "?")), str(p.get("data", p.get("imported_from", ""))),
                      str(h.get("rank", "")), str(h.get("epochs", "")), f"{loss:.3f}" if loss is not None else "",
                      str(p.get("finished", "")))
    out.print(table)


@app.command("show")
def show_adapter(adapter: str = typer.Argument(..., help="a name, id or id prefix")) -> None:
    """The adapter's provenance (JSON; the loss curve shortened)."""
    found = adapter_store().resolve(adapter)
    provenance = dict(found.provenance)
    curve = provenance.get("loss_curve")
    if isinstance(curve, list) and len(curve) > 12:
        provenance["loss_curve"] = [*curve[:6], "…", *curve[-6:]]
    print(json.dumps({"id": found.id, "names": list(found.names), "folder": str(found.folder), **provenance}, indent=1))


@app.command("name")
def name_adapter(adapter: str = typer.Argument(..., help="a name, id or id prefix, or a .gguf adapter file to import"),
                 name: str = typer.Argument(..., help="the new name")) -> None:
    """Give an adapter another name (a .gguf file is copied into the store first)."""
    found = adapter_store().name(adapter, name)
    print(f"{name}: {found.id}")


@app.command("path")
def adapter_path(adapter: str = typer.Argument(..., help="a name, id or id prefix")) -> None:
    """Where the adapter's GGUF file lives."""
    print(adapter_store().resolve(adapter).gguf)
