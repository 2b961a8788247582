"""A KV cache whose cells are only ever appended, so each sequence's cells stay in position order.

llama.cpp's attention kernel (the one ``llama_native`` selects) visits a
sequence's cells in cell order. A cell freed in the middle of the cache would be
refilled by the next token decoded, whatever its sequence and position, and the
same tokens would then be summed in another order, with other rounding. So no
cell is freed until the whole cache is reset: a cell a sequence drops (a
rejected draft, an evicted cached sequence) is handed to a reserved *waste*
sequence that nothing attends to, and new tokens always land after every cell in
use. A cell's keys and values then depend only on its sequence's tokens up to
it, however the cache was used before.

The one exception is padding: throwaway tokens that fill a batch up to a size
(``decode``'s ``least``), in a sequence of their own. They are the batch's last
tokens, so they take the last cells, and they are freed at once: the next
tokens take their place, still after every cell in use.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from codebudget.backends.llama_native import NativeContext, NativeModel


class KvArena:
    """A context whose sequence ids ``0 .. n_slots - 1`` are the caller's; cells are counted, never freed."""

    def __init__(self, model: NativeModel, n_ctx: int, n_batch: int, n_slots: int, n_threads: int):
        self.context = NativeContext(model, n_ctx, n_batch, n_slots + 2, n_threads)
        self.n_slots = n_slots
        self.waste = n_slots
        self.padding = n_slots + 1
        self.used = 0

    @property
    def size(self) -> int:
        """Cells in the cache."""
        return self.context.n_ctx

    @property
    def room(self) -> int:
        """Cells not yet taken since the last reset."""
        return self.size - self.used

    def decode(
        self,
        tokens: Sequence[int],
        positions: Sequence[int],
        seqs: Sequence[Sequence[int]],
        logits_at: set[int],
        least: int = 0,
    ) -> None:
        """Evaluate one batch (see :meth:`NativeContext.decode`); each token takes one new cell. A batch of fewer
        than ``least`` tokens is padded to ``least``, with logits at every padding token too."""
        pad = max(0, least - len(tokens))
        if len(tokens) + pad > self.room:
            raise ValueError(f"{len(tokens) + pad} tokens do not fit in the {self.room} cells left")
        if pad:
            n = len(tokens)
            tokens, positions = [*tokens, *[tokens[0]] * pad], [*positions, *range(pad)]
            seqs, logits_at = [*seqs, *[[self.padding]] * pad], logits_at | set(range(n, n + pad))
        self.context.decode(tokens, positions, seqs, logits_at)
        if pad:
            self.context.remove(self.padding)
        self.used += len(tokens) - pad

    def logits(self, index: int) -> np.ndarray:
        """The logits of batch position ``index`` from the last decode (a view, valid until the next)."""
        return self.context.logits(index)

    def share(self, src: int, dst: int, end: int) -> None:
        """Make the empty sequence ``dst`` hold ``src``'s cells at positions [0, end)."""
        if end > 0:
            self.context.copy(src, dst, 0, end)

    def drop(self, seq: int, start: int = 0) -> None:
        """Take ``seq`` off its cells at positions ``start`` and later; the cells stay taken, by the waste sequence."""
        self.context.copy(seq, self.waste, start, -1)
        self.context.remove(seq, start, -1)

    def last_position(self, seq: int) -> int:
        """The largest position ``seq`` holds a cell for (-1: none)."""
        return self.context.last_position(seq)

    def reset(self) -> None:
        """Free every cell: all sequences are empty again."""
        self.context.clear()
        self.used = 0

    def close(self) -> None:
        """Free the context."""
        self.context.close()
