"""Length-prefixed JSON messages over pipes, shared by the parent and the worker."""

from __future__ import annotations

import json
import os
import select
import struct
import time
from typing import Any

MAX_MESSAGE = 64 * 1024 * 1024
_HEADER = struct.Struct(">I")


class ChannelClosed(EOFError):
    """The other end closed the pipe (or sent something that is not a message)."""


class ChannelTimeout(TimeoutError):
    """No complete message arrived before the deadline."""


def send(fd: int, message: dict[str, Any]) -> None:
    """Write one message to ``fd`` (blocking until it is all written)."""
    body = json.dumps(message, separators=(",", ":")).encode()
    view = memoryview(_HEADER.pack(len(body)) + body)
    while view:
        view = view[os.write(fd, view) :]


def recv(fd: int, deadline: float | None = None) -> dict[str, Any]:
    """Read one message from ``fd``; ``deadline`` is a :func:`time.monotonic` time."""
    (size,) = _HEADER.unpack(_read_exact(fd, _HEADER.size, deadline))
    if size > MAX_MESSAGE:
        raise ChannelClosed(f"message of {size} bytes is too large")
    try:
        message = json.loads(_read_exact(fd, size, deadline))
    except ValueError as exc:
        raise ChannelClosed(f"malformed message: {exc}") from None
    if not isinstance(message, dict):
        raise ChannelClosed("malformed message: not an object")
    return message


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes:
    chunks: list[bytes] = []
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    while size:
        if deadline is not None:
            left_ms = int((deadline - time.monotonic()) * 1000)
            if left_ms <= 0 or not poller.poll(left_ms):
                raise ChannelTimeout("no message before the deadline")
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise ChannelClosed("the other end closed the channel")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)
