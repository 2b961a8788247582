"""A guard against runaway repetition: a small model looping on the same output.

Two patterns stop a sample: the same non-empty line repeated ``max_same_lines``
times in a row, or the last tokens forming an exact cycle (period up to
``max_period``) that covers at least ``min_cycle_tokens`` tokens.
"""

from __future__ import annotations


class RepetitionGuard:
    """Feed tokens and text as they are generated; ``tripped`` says when to stop."""

    def __init__(self, max_same_lines: int = 8, max_period: int = 32, min_cycle_tokens: int = 96):
        self.max_same_lines = max_same_lines
        self.max_period = max_period
        self.min_cycle_tokens = min_cycle_tokens
        self._tokens: list[int] = []

    def tripped(self, tokens: list[int], text: str) -> bool:
        """True when ``tokens`` (all so far) or ``text`` (all so far) show a runaway loop."""
        return self._same_lines(text) or self._token_cycle(tokens)

    def _same_lines(self, text: str) -> bool:
        lines = [line.strip() for line in text.split("\n")[:-1] if line.strip()]
        tail = lines[-self.max_same_lines :]
        return len(tail) == self.max_same_lines and len(set(tail)) == 1

    def _token_cycle(self, tokens: list[int]) -> bool:
        if len(tokens) < self.min_cycle_tokens:
            return False
        window = tokens[-self.min_cycle_tokens :]
        for period in range(1, self.max_period + 1):
            if all(window[i] == window[i - period] for i in range(period, len(window))):
                return True
        return False
