"""Streaming sha256 with a small sidecar so a verified file is not re-hashed at every load."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import BinaryIO, Iterable

BLOCK = 1 << 20


def copy_hashing(sources: Iterable[Path], out: BinaryIO) -> tuple[int, str]:
    """Concatenate ``sources`` into ``out``; return the byte count and sha256."""
    digest = hashlib.sha256()
    total = 0
    for source in sources:
        with open(source, "rb") as handle:
            while block := handle.read(BLOCK):
                digest.update(block)
                out.write(block)
                total += len(block)
    return total, digest.hexdigest()


def file_sha256(path: Path) -> str:
    """The sha256 of a whole file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def record_verified(path: Path, sha256: str) -> None:
    """Remember that ``path`` (at its current size and mtime) hashed to ``sha256``."""
    stat = path.stat()
    payload = {"sha256": sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    _sidecar(path).write_text(json.dumps(payload))


def verified_sha256(path: Path) -> str | None:
    """The remembered sha256 if the file is unchanged since it was verified, else None."""
    try:
        payload = json.loads(_sidecar(path).read_text())
        stat = path.stat()
    except (OSError, ValueError):
        return None
    unchanged = payload.get("size") == stat.st_size and payload.get("mtime_ns") == stat.st_mtime_ns
    return payload.get("sha256") if unchanged else None
