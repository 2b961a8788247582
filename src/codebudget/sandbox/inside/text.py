"""Trimming texts for feedback: short, with the head and the tail kept."""

from __future__ import annotations

ELLIPSIS = " ... "


def trim(text: str, limit: int) -> str:
    """Shorten ``text`` to at most ``limit`` characters, keeping its head and tail."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS) + 2:
        return text[:limit]
    tail = (limit - len(ELLIPSIS)) // 3
    head = limit - len(ELLIPSIS) - tail
    return text[:head] + ELLIPSIS + text[len(text) - tail :]


def tail(text: str, limit: int) -> str:
    """The last ``limit`` characters of ``text`` (a whole text if it is short)."""
    return text if len(text) <= limit else text[len(text) - limit :]
