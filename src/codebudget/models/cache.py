"""Where assembled model files live: a per-user cache directory."""

from __future__ import annotations

import os
from pathlib import Path

MODELS_DIR_ENV = "CODEBUDGET_MODELS_DIR"


def models_dir() -> Path:
    """The model cache: ``$CODEBUDGET_MODELS_DIR`` or the platform's user cache."""
    override = os.environ.get(MODELS_DIR_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("codebudget")) / "models"
