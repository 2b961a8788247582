"""Which cached prompt a new prompt continues, and which sequence ids a call takes (least recently used first).

After a call, one of its sequences stays in the KV cache as an *entry* for its
prompt. Only prompt tokens are reusable: a generated token's cells were computed
in a small batch, which rounds differently from the prompt chunk the same token
is evaluated in when a later prompt contains it (``llama_native.py``), so
reusing them would make a sample depend on the cache's history.

A new prompt reuses the entry with the longest common token prefix, but leaves
at least ``min_suffix`` tokens to evaluate (the last one for its logits, and a
chunk large enough to be computed like every other prompt chunk). The call's
sequences take free ids first, then ids whose prompts the new prompt contains
whole, then the least recently used. Pure bookkeeping: the sampler moves the
cells.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence


@dataclasses.dataclass(frozen=True)
class Plan:
    """How a call starts: ``targets`` share ``source``'s cells for the first ``reused`` prompt tokens."""

    source: int | None
    reused: int
    targets: tuple[int, ...]
    evicted: tuple[int, ...]
    """Ids among ``targets`` (the source excepted) whose entries are dropped."""


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    """The number of leading tokens ``a`` and ``b`` share."""
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n


@dataclasses.dataclass
class _Entry:
    tokens: tuple[int, ...]
    used: int


class SlotTable:
    """The cached prompts of ``n_slots`` sequence ids, with their last use."""

    def __init__(self, n_slots: int):
        self.n_slots = n_slots
        self._entries: dict[int, _Entry] = {}
        self._clock = 0

    def __len__(self) -> int:
        return len(self._entries)

    def tokens(self, slot: int) -> tuple[int, ...] | None:
        """The prompt whose cells ``slot`` holds, or None if it holds none."""
        entry = self._entries.get(slot)
        return entry.tokens if entry else None

    def plan(self, prompt: Sequence[int], n: int, min_suffix: int = 1) -> Plan:
        """Where ``n`` new sequences continuing ``prompt`` start from, and the ids they take."""
        if n > self.n_slots:
            raise ValueError(f"{n} sequences do not fit in {self.n_slots} slots")
        source, reused = self._best(prompt, len(prompt) - min_suffix)
        covered = {s for s, e in self._entries.items() if common_prefix(e.tokens, prompt) == len(e.tokens)}

        def rank(slot: int) -> tuple[int, int, int]:
            # prompts the new one contains whole, then the least recently used; the source last
            kind = 0 if slot in covered else 2 if slot == source else 1
            return kind, self._entries[slot].used, slot

        free = [s for s in range(self.n_slots) if s not in self._entries]
        targets = tuple((free + sorted(self._entries, key=rank))[:n])
        evicted = tuple(s for s in targets if s in self._entries and s != source)
        return Plan(source, reused, targets, evicted)

    def _best(self, prompt: Sequence[int], most: int) -> tuple[int | None, int]:
        best, length = None, 0
        for slot, entry in sorted(self._entries.items(), key=lambda item: -item[1].used):
            common = min(common_prefix(entry.tokens, prompt), most)
            if common > length:
                best, length = slot, common
        return best, length

    def start(self, plan: Plan) -> None:
        """Record that ``plan``'s targets hold no entry any more and its source was used now."""
        self._clock += 1
        for slot in plan.targets:
            self._entries.pop(slot, None)
        if plan.source is not None and plan.source not in plan.targets:
            self._entries[plan.source].used = self._clock

    def store(self, slot: int, tokens: Sequence[int]) -> None:
        """Record that ``slot`` holds the cells of the prompt ``tokens`` (positions 0 ..), used now."""
        self._entries[slot] = _Entry(tuple(tokens), self._clock)

    def clear(self) -> None:
        """Forget every entry (the cache was reset, or is not to be reused)."""
        self._entries.clear()
