"""Turn what a user typed after ``--model`` into a verified local GGUF file."""

from __future__ import annotations

from pathlib import Path

from codebudget.models.errors import ModelError
from codebudget.models.fetch import fetch, fetched_path
from codebudget.models.zoo import ZOO

GGUF_MAGIC = b"GGUF"


def check_gguf(path: Path) -> None:
    """Raise a one-line :class:`ModelError` unless ``path`` is a readable GGUF file."""
    if not path.is_file():
        raise ModelError(f"model file not found: {path}")
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head[:4] != GGUF_MAGIC:
        raise ModelError(f"not a GGUF file (bad magic {head[:4]!r}): {path}")
    if len(head) < 8:
        raise ModelError(f"truncated GGUF file: {path}")


def resolve_model(spec: str, *, allow_fetch: bool = True) -> Path:
    """A zoo name (fetched if needed and allowed) or a path to a local GGUF file."""
    entry = ZOO.get(spec)
    if entry is not None:
        return fetch(entry) if allow_fetch else fetched_path(entry)
    path = Path(spec).expanduser()
    if path.suffix.lower() != ".gguf" and not path.exists():
        known = ", ".join(sorted(ZOO))
        raise ModelError(f"unknown model {spec!r}: not a zoo name ({known}) nor an existing file")
    check_gguf(path)
    return path.resolve()
