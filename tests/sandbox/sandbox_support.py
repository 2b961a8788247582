"""Helpers for the sandbox tests: host state a program must not touch, and the canary."""

from __future__ import annotations

import os
import secrets
import socket
import stat
from pathlib import Path

import pytest

from codebudget.records import ExecStatus
from codebudget.sandbox import Job
from codebudget.sandbox.pool import ForkServerSandbox

CANARY_JOB = Job(code="def add(a, b):\n    return a + b\n", tests=("assert add(2, 3) == 5",))


class HostState:
    """Things on the host a program must not touch: a canary file, a secret file, a listener."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.canary = root / "canary.txt"
        self.canary.write_text("alive")
        self.canary.chmod(0o666)
        self.secret_file = root / "secret.key"
        self.secret_file.write_text("host-private-" + secrets.token_hex(8))
        self.secret_file.chmod(stat.S_IRUSR | stat.S_IWUSR)
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.listener.setblocking(False)
        self.port = self.listener.getsockname()[1]
        self.snapshot = self._state()

    def _state(self) -> tuple[object, ...]:
        entries = sorted(p.name for p in self.root.iterdir())
        return (entries, self.canary.read_text(), self.canary.stat().st_mtime_ns)

    def assert_unchanged(self) -> None:
        """The directory, the canary and the listener are as the test left them."""
        assert self._state() == self.snapshot
        with pytest.raises(BlockingIOError):
            connection, _ = self.listener.accept()
            connection.close()

    def close(self) -> None:
        self.listener.close()


def assert_canary_passes(sandbox: ForkServerSandbox) -> None:
    """A benign program still passes, on every worker."""
    for result in sandbox.run_many([CANARY_JOB] * (2 * sandbox.workers)):
        assert result.status is ExecStatus.PASSED, result


def processes_with(token: str) -> list[int]:
    """Host pids whose command line contains ``token``."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{name}/cmdline").read_bytes()
        except OSError:
            continue
        if token.encode() in cmdline:
            found.append(int(name))
    return found


def worker_children(sandbox: ForkServerSandbox) -> list[int]:
    """Children of host-side (fallback) workers: none may outlive a run."""
    children: list[int] = []
    for slot in sandbox._slots:
        worker = slot.worker
        if worker is None or worker.features.get("pid", 0) <= 2:
            continue
        pid = worker.features["pid"]
        for tid in os.listdir(f"/proc/{pid}/task"):
            children += [
                int(c) for c in Path(f"/proc/{pid}/task/{tid}/children").read_text().split()
            ]
    return children


NAMESPACE_PROC_CHECK = Job(
    code="import os\npids = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())\n",
    tests=("assert len(pids) == 3, pids",),  # bubblewrap's init, the worker, this program
)


def assert_no_strays(sandbox: ForkServerSandbox, token: str) -> None:
    """Nothing a run started is still alive, on the host or in a worker's namespace."""
    assert processes_with(token) == []
    assert worker_children(sandbox) == []
    if sandbox.isolation == "namespaces":
        for result in sandbox.run_many([NAMESPACE_PROC_CHECK] * (2 * sandbox.workers)):
            assert result.status is ExecStatus.PASSED, result
