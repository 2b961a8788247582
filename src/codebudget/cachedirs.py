"""Per-user cache folders: one place decides where each kind of cached file lives."""

from __future__ import annotations

import os
from pathlib import Path


def user_cache(name: str, env: str) -> Path:
    """``$env`` when it is set, else the folder ``name`` in the platform's user cache for codebudget."""
    override = os.environ.get(env)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("codebudget")) / name
