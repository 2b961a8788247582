"""Errors of the model layer; each renders as one clear line."""

from codebudget.errors import CodebudgetError


class ModelError(CodebudgetError):
    """Base class: a model file cannot be found, installed, verified or loaded."""


class ModelVerificationError(ModelError):
    """A model file's size or sha256 is not what its zoo entry says."""


class ModelNotFetchedError(ModelError):
    """A zoo model is not in the cache yet."""
