"""Read the values that docstring examples state: Python literals written by people."""

from __future__ import annotations

import ast
from typing import Any

MISSING: Any = object()  # returned when the text holds no literal
_MAX_TEXT = 2000  # longer texts are not examples


def literal(text: str) -> Any:
    """The Python literal ``text`` spells, or :data:`MISSING`.

    ``true``/``false`` (as several HumanEval prompts write them) read as booleans.
    """
    text = text.strip()
    if text in ("true", "false"):
        return text == "true"
    if not text or len(text) > _MAX_TEXT:
        return MISSING
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return MISSING


def expected_value(text: str) -> Any:
    """The value an example says the function returns, from the text after the arrow.

    Tries, in order: the text without a final full stop; the whole text; the part after
    the last ``=`` (``19 - 5 - 6 = 8``); the longest prefix that is a literal
    (``'No' (the name should ...)``, ``24 # sum of 21 + 3``). :data:`MISSING` if none.
    """
    text = text.strip()
    for candidate in _candidates(text):
        value = literal(candidate)
        if value is not MISSING:
            return value
    return literal_prefix(text)


def literal_prefix(text: str) -> Any:
    """The longest prefix of ``text`` that ends at a word boundary and is a literal."""
    for end in sorted(_boundaries(text), reverse=True):
        value = literal(text[:end])
        if value is not MISSING:
            return value
    return MISSING


def is_literal_node(node: ast.expr) -> bool:
    """True when the expression node is a literal (no names, no calls)."""
    try:
        ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False
    return True


def _candidates(text: str) -> list[str]:
    # A final full stop ends the sentence: "should return 16." means 16, not 16.0.
    candidates = [text[:-1], text] if text.endswith(".") else [text]
    if "=" in text:
        tail = text.rsplit("=", 1)[1].strip()
        candidates.extend([tail, tail.rstrip(".")])
    return candidates


def _boundaries(text: str) -> set[int]:
    ends = {len(text)}
    for index in range(1, len(text)):
        if not text[index - 1].isspace() and (text[index].isspace() or text[index] in "#,;("):
            ends.add(index)
    return ends
