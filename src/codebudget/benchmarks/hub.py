"""Records from the Hugging Face hub through ``datasets``, imported only when used.

This is the path taken when no local file is given. It needs the optional
``datasets`` package and a network connection; without either it fails with one
clear line that says how to use a local file instead.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

from codebudget.benchmarks.errors import BenchmarkError
from codebudget.benchmarks.sources import Record, Source, digest


def hub_source(repo: str, config: str | None = None, splits: tuple[str, ...] | None = None) -> Source:
    """Every row of dataset ``repo`` (``config``), from ``splits`` or from all of its splits."""
    datasets = _import_datasets(repo)
    try:
        loaded = datasets.load_dataset(repo, config)
    except Exception as exc:  # datasets raises many types when offline or when the name is wrong
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise BenchmarkError(
            f"cannot load {_label(repo, config)} through datasets ({type(exc).__name__}: {detail}); "
            "offline machines need a local file: pass path=..."
        ) from None
    chosen = splits or tuple(loaded.keys())
    missing = [name for name in chosen if name not in loaded]
    if missing:
        raise BenchmarkError(f"{_label(repo, config)}: no split {missing[0]!r} (splits: {', '.join(loaded)})")
    records = tuple(_rows(loaded, repo, config, chosen))
    if not records:
        raise BenchmarkError(f"{_label(repo, config)}: the dataset has no rows")
    content = json.dumps([dict(r.data) for r in records], sort_keys=True, default=str).encode()
    return Source(records=records, origin=_label(repo, config), version=f"hf:{digest(content)}")


def _import_datasets(repo: str) -> Any:
    try:
        return importlib.import_module("datasets")
    except ImportError:
        raise BenchmarkError(
            f"loading {repo} without a local file needs the 'datasets' package "
            "(pip install 'codebudget[datasets]'), or pass path=... to a local copy"
        ) from None


def _rows(loaded: Any, repo: str, config: str | None, splits: tuple[str, ...]) -> list[Record]:
    label = _label(repo, config)
    return [
        Record(data=dict(row), where=f"{label}[{split}] row {index}")
        for split in splits
        for index, row in enumerate(loaded[split])
    ]


def _label(repo: str, config: str | None) -> str:
    return f"hf:{repo}" + (f"/{config}" if config else "")
