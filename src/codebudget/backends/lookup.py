"""Prompt-lookup drafting: guess a sequence's next tokens from an earlier place in its own context.

When its last n tokens (n from ``MAX_N`` down to ``MIN_N``) occurred before, the
tokens that followed their most recent earlier occurrence are the draft: a model
rewriting code it was shown, or repeating its own lines, often goes on the same
way. How many tokens to draft adapts to how many were accepted lately.
"""

from __future__ import annotations

from typing import Iterable

MAX_N = 3
MIN_N = 1


class NgramIndex:
    """A sequence's tokens, with where the continuation of each short n-gram's most recent occurrence starts."""

    def __init__(self, tokens: Iterable[int] = (), max_n: int = MAX_N, min_n: int = MIN_N):
        self.max_n = max_n
        self.min_n = min_n
        self.tokens: list[int] = []
        self._after: dict[tuple[int, ...], int] = {}
        for token in tokens:
            self.append(token)

    def append(self, token: int) -> None:
        """Add the next token of the sequence."""
        tokens, end = self.tokens, len(self.tokens)
        tokens.append(token)
        for n in range(self.min_n, min(self.max_n, end) + 1):  # the n-grams ending just before ``token``
            self._after[tuple(tokens[end - n : end])] = end

    def draft(self, limit: int) -> list[int]:
        """Up to ``limit`` tokens that followed the latest earlier occurrence of the longest matching tail."""
        if limit <= 0:
            return []
        tokens = self.tokens
        for n in range(min(self.max_n, len(tokens)), self.min_n - 1, -1):
            start = self._after.get(tuple(tokens[-n:]))
            if start is not None:
                return tokens[start : start + limit]
        return []

    def copy(self) -> NgramIndex:
        """An independent index of the same tokens (for sequences that share a prompt)."""
        other = NgramIndex((), self.max_n, self.min_n)
        other.tokens = list(self.tokens)
        other._after = dict(self._after)
        return other


class DraftLength:
    """How many tokens one sequence drafts next: halved after a draft rejected whole, doubled after one taken whole."""

    def __init__(self, most: int):
        self.most = most
        self.current = most

    def update(self, drafted: int, accepted: int) -> None:
        """Adapt to the outcome of a draft of ``drafted`` tokens of which the first ``accepted`` were taken."""
        if drafted <= 0:
            return
        if accepted >= drafted:
            self.current = min(self.most, self.current * 2)
        elif accepted == 0:
            self.current = max(1, self.current // 2)
