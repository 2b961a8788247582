"""Streaming sha256 with a small sidecar so a file is not re-hashed at every load or listing.

The sidecar remembers the sha256 a file hashed to, whether it matched its zoo
entry or not, keyed by the file's size, mtime and ctime: any write to the file
changes its ctime (which, unlike mtime, cannot be set back), so a damaged file
is hashed again, once, and a verified one never.
"""

from __future__ import annotations

import hashlib
import json
import os
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


def _key(stat: os.stat_result) -> dict[str, int]:
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "ctime_ns": stat.st_ctime_ns}


def record_verified(path: Path, sha256: str) -> None:
    """Remember that ``path`` (as it is now) hashed to ``sha256``; a cache that cannot be written is skipped."""
    try:
        _sidecar(path).write_text(json.dumps({"sha256": sha256, **_key(path.stat())}))
    except OSError:
        pass


def verified_sha256(path: Path) -> str | None:
    """The remembered sha256 if the file is unchanged since it was hashed, else None."""
    try:
        payload = json.loads(_sidecar(path).read_text())
        key = _key(path.stat())
    except (OSError, ValueError):
        return None
    unchanged = isinstance(payload, dict) and all(payload.get(name) == value for name, value in key.items())
    return payload.get("sha256") if unchanged else None
