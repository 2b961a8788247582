"""Model backends: the interface (:mod:`.base`), the registry, and the one way to open one.

>>> from codebudget.backends import BackendSpec, open_backend
>>> backend = open_backend(BackendSpec("llamacpp", "smollm2-135m"))  # doctest: +SKIP

Importing this package imports no backend: each backend's module (and llama.cpp)
is imported only when it is looked up or opened.
"""

from codebudget.backends.base import Backend, BackendError, BackendUnavailable, Capabilities
from codebudget.backends.registry import (
    BACKENDS,
    DEFAULT_BACKEND,
    BackendSpec,
    ModelIdentity,
    capabilities,
    model_identity,
    open_backend,
)

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "Backend",
    "BackendError",
    "BackendSpec",
    "BackendUnavailable",
    "Capabilities",
    "ModelIdentity",
    "capabilities",
    "model_identity",
    "open_backend",
]
