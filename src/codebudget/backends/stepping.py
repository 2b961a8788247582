"""Decode steps for all unfinished samples together, each with the tokens prompt lookup drafts for it.

A step decodes, for every unfinished sample, its last sampled token at position
p and its draft at p+1 .. p+d, with logits at every token. Its decodes have a
fixed shape for the whole call (``DecodeShape``): all at most ``SMALL_BATCH``
rows, or all more (padded when fewer are left), so each row is computed the
same way whatever else is in its batch (``llama_native.py``).

Then each sample is verified in order: its own sampler draws the token at p+1
from the logits at p, exactly as plain decoding would; if that token is the
draft's first, the logits at p+1 are already there for the next draw, and so
on. The first draw that differs from the draft is kept, the draft's remaining
cells are dropped, and the stopping rules see every token as they would
without drafts. So the samples are the same, token for token, with or without
drafts (each sampler's random generator makes the same draws); only the number
of decodes differs.
"""

from __future__ import annotations

import time
from typing import Callable, Sequence

import numpy as np

from codebudget.backends.base import Deadline
from codebudget.backends.decode_stats import Tally
from codebudget.backends.draft_gate import Acceptance, DecodeShape, StepCosts, choose
from codebudget.backends.kv_arena import KvArena
from codebudget.backends.llama_native import NativeModel
from codebudget.backends.lookup import DraftLength, NgramIndex
from codebudget.backends.sequence import SequenceState


class Lane:
    """One sample being decoded: its state, its sequence id, where its next token goes, what it drafts."""

    def __init__(self, state: SequenceState, seq: int, position: int, index: NgramIndex | None, most_draft: int):
        self.state = state
        self.seq = seq
        self.position = position
        """The position of the last sampled token, not yet decoded: the sequence holds cells [0, position)."""
        self.index = index
        self.length = DraftLength(most_draft)
        self.acceptance = Acceptance()

    def need(self, max_tokens: int) -> int:
        """The most cells the sample may still take without drafts (its last sampled token is never decoded)."""
        return max_tokens - len(self.state.tokens)


def take(model: NativeModel, lane: Lane, logits: np.ndarray) -> None:
    """Draw ``lane``'s next token from ``logits`` and apply the stopping rules."""
    token, logprob = lane.state.sampler(logits)
    eog = model.is_eog(token)
    lane.state.accept(token, logprob, b"" if eog else model.piece(token), eog)
    if lane.index is not None and not eog:
        lane.index.append(token)


def drafts(lanes: Sequence[Lane], most: int, max_tokens: int, spare: int) -> list[list[int]]:
    """Each lane's draft: at most its adapted length and ``most``, never past ``max_tokens``, ``spare`` in all."""
    found = []
    for lane in lanes:
        limit = min(lane.length.current, most, max_tokens - len(lane.state.tokens) - 1, spare)
        draft = lane.index.draft(limit) if lane.index is not None and limit > 0 else []
        spare -= len(draft)
        found.append(draft)
    return found


class Stepper:
    """Runs the steps of one call in decodes of ``shape``; ``costs`` (shared between calls) learns what decodes cost."""

    def __init__(self, arena: KvArena, model: NativeModel, shape: DecodeShape, costs: StepCosts, tally: Tally):
        self.arena = arena
        self.model = model
        self.shape = shape
        self.costs = costs
        self.tally = tally

    def run(self, lanes: Sequence[Lane], most_draft: int, max_tokens: int, deadline: Deadline | None = None,
            progress: Callable[[int, str], None] | None = None) -> None:
        """Step until every lane has finished (each has drawn its first token already), or until ``deadline``
        passes, where every unfinished lane is cut; ``progress`` is told each lane's text after every step."""
        tally = self.tally
        while True:
            if progress is not None:
                for lane in lanes:
                    progress(lane.state.index, lane.state.text)
            with tally.timing("sample_s"):
                active = [lane for lane in lanes if not lane.state.done]
                if not active:
                    return
                if deadline is not None and deadline.passed():
                    for lane in active:
                        lane.state.cut()
                    return
                plan = self._plan(active, most_draft, max_tokens)
            logits = self._decode(active, plan)
            with tally.timing("sample_s"):
                offset = 0
                for lane, draft in zip(active, plan):
                    accepted = verify(self.arena, self.model, lane, draft, logits[offset : offset + 1 + len(draft)])
                    tally.add(drafted=len(draft), accepted=accepted)
                    offset += 1 + len(draft)
            tally.add(steps=1)

    def _plan(self, active: list[Lane], most_draft: int, max_tokens: int) -> list[list[int]]:
        if most_draft <= 0:
            return [[] for _ in active]
        spare = self.arena.room - sum(lane.need(max_tokens) for lane in active) - self.shape.least
        proposed = drafts(active, most_draft, max_tokens, spare)
        return choose(proposed, [lane.acceptance for lane in active], self.costs, self.shape)

    def _decode(self, active: list[Lane], plan: list[list[int]]) -> list[np.ndarray]:
        """Decode every lane's last token and draft in decodes of the call's shape; the logits of each row."""
        rows: list[tuple[int, int, int]] = []
        for lane, draft in zip(active, plan):
            run = [lane.state.tokens[-1], *draft]
            rows += [(token, lane.position + i, lane.seq) for i, token in enumerate(run)]
        logits: list[np.ndarray] = []
        start, sizes = 0, self.shape.sizes(len(rows))
        with self.tally.timing("decode_s"):
            for number, size in enumerate(sizes):
                part = rows[start : start + size]
                started = time.perf_counter()
                tokens, positions, seqs = [r[0] for r in part], [r[1] for r in part], [[r[2]] for r in part]
                self.arena.decode(tokens, positions, seqs, set(range(size)), self.shape.least)
                self.costs.record(max(size, self.shape.least), time.perf_counter() - started)
                last = number == len(sizes) - 1  # views of the last decode stay valid until the next step
                logits += [self.arena.logits(i) if last else self.arena.logits(i).copy() for i in range(size)]
                start += size
        return logits


def verify(arena: KvArena, model: NativeModel, lane: Lane, draft: list[int], logits: list[np.ndarray]) -> int:
    """Draw ``lane``'s tokens from ``logits`` (of its last token, then of its draft) while they match ``draft``;
    drop the cells of the draft tokens not taken; return how many were taken."""
    accepted = 0
    while True:
        take(model, lane, logits[accepted])
        if lane.state.done or accepted == len(draft) or lane.state.tokens[-1] != draft[accepted]:
            break
        accepted += 1
    if accepted < len(draft):
        arena.drop(lane.seq, lane.position + accepted + 1)
    lane.position += accepted + 1
    lane.length.update(len(draft), accepted)
    lane.acceptance.update(len(draft), accepted)
    return accepted
