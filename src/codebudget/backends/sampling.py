"""Token sampling from logits with temperature and nucleus (top-p), in numpy.

Each sample owns a seeded generator, so a sample's tokens depend only on its
seed and its logits, whether it is decoded alone or in a batch. The nucleus is
exact: candidates are first narrowed by a probability threshold that is
lowered until the tokens above it hold at least ``top_p`` of the mass, and only
those are sorted.
"""

from __future__ import annotations

import math

import numpy as np

THRESHOLDS = (1e-3, 1e-6, 1e-9)  # relative to the most probable token


def normalised(logits: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """``logits`` shifted so their largest is 0, their exponentials, and the log of those exponentials' sum:
    a token's log-probability is ``shifted[token] - log_z``."""
    shifted = logits - logits.max()
    unscaled = np.exp(shifted)
    return shifted, unscaled, math.log(float(unscaled.sum(dtype=np.float64)))


class TokenSampler:
    """Chooses the next token (greedy at temperature 0) and reports its log-probability."""

    def __init__(self, temperature: float, top_p: float, seed: int):
        self.temperature = temperature
        self.top_p = top_p
        self.rng = np.random.default_rng(seed)

    def __call__(self, logits: np.ndarray) -> tuple[int, float]:
        """The chosen token and its log-probability under the model (temperature 1)."""
        shifted, unscaled, log_z = normalised(logits)
        if self.temperature <= 0:
            token = int(np.argmax(logits))
        else:
            probs = unscaled if self.temperature == 1 else np.exp(shifted * (1.0 / self.temperature))
            token = self._nucleus_draw(probs)
        return token, float(shifted[token]) - log_z

    def _nucleus_draw(self, probs: np.ndarray) -> int:
        """Draw from the smallest most-probable set holding ``top_p`` of the mass."""
        total = float(probs.sum(dtype=np.float64))
        ids = self._candidates(probs, total)
        ordered = ids[np.argsort(-probs[ids], kind="stable")]
        cumulative = np.cumsum(probs[ordered], dtype=np.float64)
        cut = min(int(np.searchsorted(cumulative, self.top_p * total)) + 1, len(ordered))
        draw = self.rng.random() * cumulative[cut - 1]
        return int(ordered[min(int(np.searchsorted(cumulative, draw, side="right")), cut - 1)])

    def _candidates(self, probs: np.ndarray, total: float) -> np.ndarray:
        if self.top_p >= 1.0:
            return np.arange(len(probs))
        peak = float(probs.max())
        for relative in THRESHOLDS:
            ids = np.flatnonzero(probs >= peak * relative)
            if float(probs[ids].sum(dtype=np.float64)) >= self.top_p * total:
                return ids
        return np.arange(len(probs))
