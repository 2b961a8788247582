"""The fork server: one long-lived worker that forks once per job and supervises it.

Protocol (see :mod:`inside.protocol`): the parent sends a config message and the
worker answers ``ready`` with the features it could enable; then each job
message gets one result message. The worker enforces the wall-clock limit and
the output cap, kills the child's process group, sweeps every other process the
run left, wipes the run's files, and reports raw facts (exit status, captured
output, the report lines); the parent decides the verdict.
"""

from __future__ import annotations

import ctypes
import gc
import os
import select
import signal
import sys
import time
from typing import Any

from . import protocol, sweep
from .child import child_main
from .confine import NOBODY, Confinement, prepare

_PR_SET_PDEATHSIG, _PR_SET_DUMPABLE, _PR_SET_CHILD_SUBREAPER = 1, 4, 36
_REPORT_CAP = 1 << 20
_CHUNK = 1 << 16


class _Capture:
    """Bytes read from one pipe: a running total and a bounded tail."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.total = 0
        self.data = bytearray()

    def add(self, chunk: bytes) -> None:
        self.total += len(chunk)
        self.data += chunk
        if len(self.data) > self.keep:
            del self.data[: len(self.data) - self.keep]

    def text(self) -> str:
        return self.data.decode("utf-8", "replace")


class _Watch:
    """Waits on the child's pipes and its exit (a pidfd where the kernel has them).

    The child is not reaped until :meth:`finish`, after its process group was
    killed: until then its pid (and group id) cannot be reused by anyone else.
    """

    def __init__(self, pid: int, fds: list[int]) -> None:
        self.pid = pid
        self.poller = select.poll()
        self.open = set(fds)
        for fd in fds:
            self.poller.register(fd, select.POLLIN)
        try:
            self.pidfd: int | None = os.pidfd_open(pid)
            self.poller.register(self.pidfd, select.POLLIN)
        except (AttributeError, OSError):
            self.pidfd = None
        self.exited = False
        self.status = 0
        self.rusage: Any = None

    def poll(self, timeout_s: float) -> list[int]:
        """Readable pipe fds; sets ``exited`` once the child has exited."""
        wait_ms = max(0, int(timeout_s * 1000) + 1)
        if self.pidfd is None:
            wait_ms = min(wait_ms, 5)
        ready = [fd for fd, _ in self.poller.poll(wait_ms)]
        if self.pidfd is None or self.pidfd in ready:
            flags = os.WEXITED | os.WNOHANG | os.WNOWAIT
            self.exited = os.waitid(os.P_PID, self.pid, flags) is not None
        return [fd for fd in ready if fd in self.open]

    def close_fd(self, fd: int) -> None:
        self.poller.unregister(fd)
        self.open.discard(fd)

    def finish(self) -> None:
        """Reap the (exited or killed) child."""
        _, self.status, self.rusage = os.wait4(self.pid, 0)
        if self.pidfd is not None:
            os.close(self.pidfd)


class Worker:
    """The worker's state: its confinement and where runs get their directories."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.conf: Confinement = prepare(config)
        self.runs = 0
        self.pid_namespace = bool(config["pid_namespace"]) and os.getppid() == 1

    def ready_message(self) -> dict[str, Any]:
        return {"ready": True, "pid": os.getpid(), **self.conf.features()}

    def run(self, job: dict[str, Any]) -> dict[str, Any]:
        """Run one job in a fresh child and return the raw facts about it."""
        self.runs += 1
        job_dir = self._job_dir()
        pipes = [os.pipe() for _ in range(3)]
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            child_main(job, self.conf, job_dir, (pipes[0][1], pipes[1][1], pipes[2][1]))
        for _, write_end in pipes:
            os.close(write_end)
        result = self._supervise(pid, [read_end for read_end, _ in pipes], job["limits"], started)
        for read_end, _ in pipes:
            os.close(read_end)
        self._clean(job_dir)
        return result

    def _job_dir(self) -> str:
        path = os.path.join(self.config["work_root"], f"run-{os.getpid()}-{self.runs}")
        os.mkdir(path, 0o700)
        if self.conf.drop_to_nobody:
            os.chown(path, NOBODY, NOBODY)
        return path

    def _clean(self, job_dir: str) -> None:
        if self.pid_namespace:
            for directory in self.config["wipe_dirs"]:
                sweep.wipe(directory)
        else:
            sweep.wipe(job_dir, keep_root=False)

    def _supervise(
        self, pid: int, fds: list[int], limits: dict[str, Any], started: float
    ) -> dict[str, Any]:
        keep = self.config["tail_bytes"]
        captures = {fds[0]: _Capture(keep), fds[1]: _Capture(keep), fds[2]: _Capture(_REPORT_CAP)}
        watch = _Watch(pid, fds)
        deadline = started + limits["timeout_s"]
        timed_out = exceeded = False
        while not watch.exited:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            exceeded = self._read(watch, captures, watch.poll(left), limits["output_bytes"])
            if exceeded:
                break
        wall = time.monotonic() - started
        if not (timed_out or exceeded):
            exceeded = self._drain(watch, captures, limits["output_bytes"])
        sweep.kill_group(pid)
        watch.finish()
        clean = sweep.sweep(self.pid_namespace)
        return self._facts(watch, captures, fds, timed_out, exceeded, wall, clean)

    def _read(
        self, watch: _Watch, captures: dict[int, _Capture], ready: list[int], cap: int
    ) -> bool:
        for fd in ready:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                watch.close_fd(fd)
                continue
            captures[fd].add(chunk)
        stdout, stderr, report = captures.values()
        return stdout.total + stderr.total > cap or report.total > _REPORT_CAP

    def _drain(self, watch: _Watch, captures: dict[int, _Capture], cap: int) -> bool:
        for fd in list(watch.open):
            os.set_blocking(fd, False)
        exceeded = False
        while watch.open and not exceeded:
            ready = [fd for fd, _ in watch.poller.poll(0) if fd in watch.open]
            if not ready:
                break
            try:
                exceeded = self._read(watch, captures, ready, cap)
            except BlockingIOError:
                break
        return exceeded

    def _facts(
        self,
        watch: _Watch,
        captures: dict[int, _Capture],
        fds: list[int],
        timed_out: bool,
        exceeded: bool,
        wall: float,
        clean: bool,
    ) -> dict[str, Any]:
        status = watch.status
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        cpu = watch.rusage.ru_utime + watch.rusage.ru_stime if watch.rusage else 0.0
        return {
            "exit": code,
            "timed_out": timed_out,
            "output_exceeded": exceeded,
            "stdout": captures[fds[0]].text(),
            "stderr": captures[fds[1]].text(),
            "report": captures[fds[2]].text(),
            "wall": wall,
            "cpu": cpu,
            "clean": clean,
        }


def _prctl(option: int, value: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(option, ctypes.c_long(value), ctypes.c_long(0), ctypes.c_long(0), ctypes.c_long(0))


def _hide_own_modules() -> None:
    for name in [name for name in sys.modules if name == "inside" or name.startswith("inside.")]:
        del sys.modules[name]
    del sys.path[0]


def main() -> None:
    """Serve jobs on stdin/stdout until the parent closes the channel."""
    if sys.platform == "linux":
        _prctl(_PR_SET_CHILD_SUBREAPER, 1)
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        _prctl(_PR_SET_DUMPABLE, 0)
    _hide_own_modules()
    config = protocol.recv(0)
    worker = Worker(config)
    gc.freeze()  # children's collections then leave the worker's (shared) pages alone
    protocol.send(1, worker.ready_message())
    while True:
        try:
            job = protocol.recv(0)
        except protocol.ChannelClosed:
            return
        result = worker.run(job)
        protocol.send(1, result)
        if not result["clean"]:
            return
