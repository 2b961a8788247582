"""The candidate's side of a split assertion: send the computed value, learn pass or fail.

A split test (see ``codebudget.sandbox.split``) calls :meth:`Prober.send` with the value
of the expression the assertion was about. The value goes out as plain data on the
probe pipe; the worker relays it to the parent, which judges it against a literal that
never entered this process, and the one-line answer comes back on the answer pipe. A
failed answer raises :class:`CheckFailed` in the test, which stops it as a failed
``assert`` would. Nothing here decides a verdict: the parent keeps its own record.
"""

from __future__ import annotations

import json
import os
from typing import Any

from .values import Unencodable, encode

_write = os.write
_read = os.read
_dumps = json.dumps
_loads = json.loads
_ANSWER_CAP = 1 << 16


class CheckFailed(AssertionError):
    """The parent judged a split assertion's value wrong (the message says how)."""


class Prober:
    """Sends values on ``out_fd`` and reads the parent's answers from ``in_fd``."""

    def __init__(self, out_fd: int, in_fd: int) -> None:
        self._out = out_fd
        self._in = in_fd

    def for_test(self, test: int, count: int, stop_on_failure: bool) -> Any:
        """The function test ``test``'s probes call: ``probe(k, value)``.

        A probe waits for the judgement only where a failure changes what runs next:
        in a job that goes on after a failed test, for every value but the test's
        last (``count`` values in all). In a job that stops at the first failure the
        worker ends the run when the parent judges a value wrong, so no probe waits.
        """

        def probe(index: int, value: Any) -> None:
            self.send(test, index, value, wait=not stop_on_failure and index < count - 1)

        return probe

    def send(self, test: int, index: int, value: Any, wait: bool = True) -> None:
        """Send one value; with ``wait``, raise :class:`CheckFailed` when it is judged wrong."""
        message: dict[str, Any] = {"t": test, "k": index}
        try:
            message["v"] = encode(value)
        except Unencodable as exc:
            message["refused"] = str(exc)
        except RecursionError:
            message["refused"] = "the value is nested too deeply"
        data = memoryview((b"W" if wait else b"N") + _dumps(message, separators=(",", ":")).encode() + b"\n")
        while data:
            data = data[_write(self._out, data) :]
        if not wait:
            return
        answer = self._answer()
        if answer.get("ok") is not True:
            raise CheckFailed(str(answer.get("error", "the value was judged wrong")))

    def _answer(self) -> dict[str, Any]:
        buffer = b""
        while not buffer.endswith(b"\n") and len(buffer) < _ANSWER_CAP:
            chunk = _read(self._in, _ANSWER_CAP)
            if not chunk:
                break
            buffer += chunk
        try:
            answer = _loads(buffer)
        except ValueError:
            return {"ok": False, "error": "no answer from the judge"}
        return answer if isinstance(answer, dict) else {"ok": False}
