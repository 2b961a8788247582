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


def user_data(name: str, env: str) -> Path:
    """``$env`` when it is set, else the folder ``name`` in the platform's user data folder for codebudget: for
    what costs hours to make again (trained adapters), which a cache cleaner must not take."""
    override = os.environ.get(env)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("codebudget")) / name
