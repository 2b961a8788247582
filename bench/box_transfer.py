"""What crosses between this machine and a GPU box that trains adapters (``scripts/device_train_cells.sh``).

The box has torch, transformers and peft but not this machine's data: the training pairs are dumped here
(``dump``: one JSON-lines file a dataset, named after it) and read there (``dataset``), so both sides train on
the same pairs, with the same data sha256 and so the same adapter key. The adapters trained there come back
packed (``pack``: each one's GGUF and provenance in a folder named by its id) and join the adapter store here
(``unpack``), where the benchmarks find them trained and only score them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path


def pairs_file(folder: Path, data: str) -> Path:
    """Where dataset ``data``'s pairs are dumped in ``folder``."""
    return folder / (data.replace(":", "_").replace("=", "-").replace("/", "_").replace(" ", "_") + ".jsonl")


def dump(folder: Path, data: str, pairs) -> Path:
    """Write ``pairs`` (dataset ``data``'s, checked against the evaluation sets here) into ``folder``."""
    from codebudget.train.pairs import data_sha256

    folder.mkdir(parents=True, exist_ok=True)
    path = pairs_file(folder, data)
    path.write_text("".join(json.dumps(p.to_json()) + "\n" for p in pairs))
    print(f"{data}: {len(pairs)} pairs, sha256 {data_sha256(tuple(pairs))[:16]} → {path}")
    return path


def dataset(data: str, folder: Path | None) -> tuple:
    """The pairs of dataset ``data``: loaded here, or read from a dumped ``folder`` (another machine's Python would
    mine another standard library, so other pairs, another data sha256 and so another adapter key)."""
    from codebudget.train.datasets import load_pairs
    from codebudget.train.pairs import read_jsonl

    if folder is None:
        return load_pairs(data)
    path = pairs_file(folder, data)
    if not path.exists():
        raise SystemExit(f"no dumped pairs for {data!r} in {folder} (dump them first with --dump)")
    return tuple(read_jsonl(path))


def pack(adapter, folder: Path) -> Path:
    """Copy a trained adapter's GGUF and provenance into ``folder``/its id."""
    target = folder / adapter.id[:16]
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(adapter.gguf, target / "adapter.gguf")
    (target / "provenance.json").write_text(json.dumps(dict(adapter.provenance), indent=1) + "\n")
    return target


def unpack(folder: Path) -> None:
    """Add every packed adapter in ``folder`` to the adapter store (adding one twice is one), a line each."""
    from codebudget.adapters import adapter_store

    store = adapter_store()
    for packed in sorted(p for p in folder.iterdir() if (p / "adapter.gguf").exists()):
        provenance = json.loads((packed / "provenance.json").read_text())
        adapter = store.add(packed / "adapter.gguf", provenance)
        hyper = provenance.get("hyperparameters", {})
        print(f"{adapter.id[:16]} rank {hyper.get('rank')} seed {hyper.get('seed')} data {provenance.get('data', '')} "
              f"on {provenance.get('gpu') or provenance.get('cpu')}")
