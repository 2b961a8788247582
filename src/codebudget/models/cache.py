"""Where assembled model files live: a per-user cache directory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from codebudget.models.zoo import ModelEntry

MODELS_DIR_ENV = "CODEBUDGET_MODELS_DIR"


def models_dir() -> Path:
    """The model cache: ``$CODEBUDGET_MODELS_DIR`` or the platform's user cache."""
    override = os.environ.get(MODELS_DIR_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("codebudget")) / "models"


def cached_path(entry: ModelEntry) -> Path:
    """Where ``entry``'s assembled file lives in the cache (whether or not it exists)."""
    return models_dir() / entry.filename
