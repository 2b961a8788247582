"""Where assembled model files live: a per-user cache directory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from codebudget.cachedirs import user_cache

if TYPE_CHECKING:
    from codebudget.models.zoo import ModelEntry

MODELS_DIR_ENV = "CODEBUDGET_MODELS_DIR"


def models_dir() -> Path:
    """The model cache: ``$CODEBUDGET_MODELS_DIR`` or the platform's user cache."""
    return user_cache("models", MODELS_DIR_ENV)


def cached_path(entry: ModelEntry) -> Path:
    """Where ``entry``'s assembled file lives in the cache (whether or not it exists)."""
    return models_dir() / entry.filename
