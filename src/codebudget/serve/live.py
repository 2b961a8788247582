"""A passed-through answer streamed as it is written: the samples' texts so far, and the chunks of what is new.

The decoder tells :class:`LiveTexts` each sample's text after every step (``SamplingParams.progress``, from its
own thread); the server reads the new part every :data:`TICK_S` and sends it as the API's chunks. A text that
ends in the start of a stop string (``"``"`` of ``"```"``) keeps that end back until the next step says whether
the stop came (then the answer ends before it) or not: what is sent is always a prefix of the final answer. The
finished samples are the answer: whatever of them was not sent yet goes last, with each choice's finish reason.
"""

from __future__ import annotations

import threading
from typing import Iterable


def held_back(text: str, stops: Iterable[str]) -> int:
    """How many characters at the end of ``text`` could be the start of a stop string (and so must wait)."""
    longest = 0
    for stop in stops:
        for size in range(min(len(stop) - 1, len(text)), longest, -1):
            if text.endswith(stop[:size]):
                longest = size
                break
    return longest


class LiveTexts:
    """Each sample's text so far, written by the decoding thread and read by the server's loop."""

    def __init__(self, stops: Iterable[str]) -> None:
        self.stops = tuple(stops)
        self._lock = threading.Lock()
        self._texts: dict[int, str] = {}
        self._sent: dict[int, int] = {}

    def update(self, index: int, text: str) -> None:
        with self._lock:
            self._texts[index] = text

    def new_parts(self) -> dict[int, str]:
        """Per sample, the text written since the last call that is sure to stay (see :func:`held_back`)."""
        with self._lock:
            texts = dict(self._texts)
        parts = {}
        for index, text in texts.items():
            safe = len(text) - held_back(text, self.stops)
            sent = self._sent.get(index, 0)
            if safe > sent:
                parts[index] = text[sent:safe]
                self._sent[index] = safe
        return parts

    def rest(self, index: int, final: str) -> str:
        """What of sample ``index``'s final text was not sent yet."""
        sent = self._sent.get(index, 0)
        self._sent[index] = len(final)
        return final[sent:]
