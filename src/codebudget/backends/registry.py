"""Find backends by name; import each one only when it is asked for.

Built-in backends are listed here; other packages add theirs through the
``codebudget.backends`` entry-point group, in the same ``module:Class`` form.
"""

from __future__ import annotations

from typing import Any

from codebudget import plugins
from codebudget.backends.base import Backend, BackendError

ENTRY_POINT_GROUP = "codebudget.backends"

BUILTIN: dict[str, str] = {
    "llamacpp": "codebudget.backends.llamacpp:LlamaCppBackend",
    "openai": "codebudget.backends.openai_http:OpenAIBackend",
}


def available() -> dict[str, str]:
    """Every known backend name with its ``module:Class`` target."""
    return plugins.targets(ENTRY_POINT_GROUP, BUILTIN)


def backend_class(name: str) -> type:
    """Import and return the class of backend ``name``."""
    return plugins.load(ENTRY_POINT_GROUP, BUILTIN, name, "backend", BackendError)


def open_backend(name: str, **options: Any) -> Backend:
    """Create backend ``name`` with its own options (model path, URL, ...)."""
    return backend_class(name)(**options)
