"""Find backends by name; import each one only when it is asked for.

Built-in backends are listed here; other packages add theirs through the
``codebudget.backends`` entry-point group, in the same ``module:Class`` form.
"""

from __future__ import annotations

import importlib
import importlib.metadata as metadata
from typing import Any

from codebudget.backends.base import Backend, BackendError

ENTRY_POINT_GROUP = "codebudget.backends"

BUILTIN: dict[str, str] = {
    "llamacpp": "codebudget.backends.llamacpp:LlamaCppBackend",
    "openai": "codebudget.backends.openai_http:OpenAIBackend",
}


def available() -> dict[str, str]:
    """Every known backend name with its ``module:Class`` target."""
    found = dict(BUILTIN)
    for point in metadata.entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(point.name, point.value)
    return found


def backend_class(name: str) -> type:
    """Import and return the class of backend ``name``."""
    targets = available()
    if name not in targets:
        raise BackendError(f"unknown backend {name!r}; available: {', '.join(sorted(targets))}")
    module_name, _, attr = targets[name].partition(":")
    return getattr(importlib.import_module(module_name), attr)


def open_backend(name: str, **options: Any) -> Backend:
    """Create backend ``name`` with its own options (model path, URL, ...)."""
    return backend_class(name)(**options)
