"""Servers on 127.0.0.1 for the HTTP backend's tests: a real ``llama_cpp.server`` and misbehaving sockets."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

import httpx

ALIAS = "smollm2"


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (closed again at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, limit_s: float = 60.0) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/models", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.3)
    raise RuntimeError("llama_cpp.server did not come up")


def llama_server(model: Path, n_ctx: int = 2048) -> Iterator[str]:
    """Run ``python -m llama_cpp.server`` on ``model``; yield its ``/v1`` URL; stop it after."""
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--model_alias", ALIAS,
               "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(n_ctx), "--verbose", "False"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def socket_server(serve: Callable[[socket.socket], None]) -> Iterator[str]:
    """A listening socket on 127.0.0.1 whose connections are each handed to ``serve`` in a thread."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    stop = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            held.append(conn)
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
    finally:
        stop.set()
        listener.close()
        for conn in held:
            conn.close()


def never_answer(conn: socket.socket) -> None:
    """Accept the connection, read what comes, and never answer."""
    try:
        while conn.recv(65536):
            pass
    except OSError:
        pass


def trickle(conn: socket.socket) -> None:
    """Send headers at once, then one byte of a body that never completes every 0.2 s."""
    try:
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n")
        while True:
            conn.sendall(b" ")
            time.sleep(0.2)
    except OSError:
        pass


def answer_with(status: int, body: bytes) -> Callable[[socket.socket], None]:
    """A server that answers every request with ``status`` and ``body`` (JSON)."""
    def serve(conn: socket.socket) -> None:
        head = (f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n")
        try:
            conn.recv(65536)
            conn.sendall(head.encode() + body)
            conn.shutdown(socket.SHUT_WR)
        except OSError:
            pass
    return serve
