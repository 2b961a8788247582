"""The root of codebudget's own errors: each one is shown to users as one line."""

from __future__ import annotations

from typing import Any


class CodebudgetError(Exception):
    """An expected failure with a message fit for the user (bad input, missing file, server down)."""


def json_kind(value: Any) -> str:
    """What a decoded JSON value is, as a message to the file's author says it: 'a list', 'a number', ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    kinds = ((dict, "an object"), (list, "a list"), (str, "a string"), ((int, float), "a number"))
    return next((name for kind, name in kinds if isinstance(value, kind)), type(value).__name__)
