"""The fork server: one long-lived worker that forks once per job and supervises it.

Protocol (see :mod:`inside.protocol`): the parent sends a config message and the
worker answers ``ready`` with the features it could enable; then each job
message gets one result message. The worker enforces the wall-clock limit and
the output cap, kills the child's process group, sweeps every other process the
run left, wipes the run's files, and reports raw facts (exit status, captured
output, the report lines); the parent decides the verdict.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import os
import select
import signal
import sys
import time
from typing import Any

from . import protocol, sweep, sysvipc
from .child import child_main
from .confine import NOBODY, Confinement, prepare

_PR_SET_PDEATHSIG, _PR_SET_DUMPABLE, _PR_SET_CHILD_SUBREAPER = 1, 4, 36
_REPORT_CAP = 1 << 20
_PROBE_LINE_CAP = 16 << 20
_PROBE_TOTAL_CAP = 48 << 20
_ANSWER_CAP = 4096  # an answer fits in one atomic pipe write
_PARENT = 0  # the channel from the parent: jobs, answers to values, stops
_HOLD_S = 0.005  # values the child does not wait for reach the parent within this
_HOLD_LINES = 256
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


class _ProbeRelay:
    """Carries split assertions' values from the child to the parent, and the answers back.

    The child writes one line per value on the probe pipe: ``W`` or ``N`` and a JSON
    object. A ``W`` line (the child waits: a failed value must stop its test before the
    next statement) goes to the parent at once as ``{"value": line}``, and the parent's
    answer goes back on the answer pipe. ``N`` lines (the child goes on) are held for
    at most :data:`_HOLD_S` and sent together as ``{"values": [...]}``, or with the
    run's result when it ends first, so a short run costs the parent no extra message;
    in a job that stops at its first failure, the parent answers a wrong one with
    ``{"stop": marker}`` and the worker ends the run. The worker judges nothing itself
    and holds no expected value. A child that floods the channel or stops reading its
    answers is stopped and recorded as a violation.
    """

    def __init__(self, fd: int, answer_fd: int) -> None:
        self.fd = fd
        self.answer_fd = answer_fd
        self.buffer = bytearray()
        self.total = 0
        self.live = True
        self.violation = ""
        self.held: list[str] = []
        self.flush_at = 0.0
        self.stop: Any = None  # a stop the parent sent while an answer was awaited
        self.quiet = False  # no value of this run is waited for (see after_read)
        self.paused = False

    def add(self, chunk: bytes) -> None:
        self.total += len(chunk)
        if self.total > _PROBE_TOTAL_CAP:
            self.violation = f"the program sent more than {_PROBE_TOTAL_CAP >> 20} MiB of values to check"
            return
        self.buffer += chunk
        while not self.violation:
            end = self.buffer.find(b"\n")
            if end < 0:
                if len(self.buffer) > _PROBE_LINE_CAP:
                    self.violation = f"a value to check is larger than {_PROBE_LINE_CAP >> 20} MiB"
                return
            line = bytes(self.buffer[:end])
            del self.buffer[: end + 1]
            self._take(line)

    def _take(self, line: bytes) -> None:
        text = line[1:].decode("utf-8", "replace")
        if line[:1] != b"W":
            if not self.held:
                self.flush_at = time.monotonic() + _HOLD_S
            self.held.append(text)
            if len(self.held) >= _HOLD_LINES:
                self.flush()
            return
        self.flush()  # the parent judges values in the order they were computed
        protocol.send(1, {"value": text})
        answer, stop = _next_answer()
        self.stop = self.stop or stop
        if not self.live:
            return
        data = json.dumps(answer, separators=(",", ":")).encode()[: _ANSWER_CAP - 1] + b"\n"
        try:
            os.write(self.answer_fd, data)
        except BlockingIOError:
            self.violation = "the program does not read the answers to the values it sends"
        except OSError:
            self.live = False

    def flush(self) -> None:
        """Send the held values to the parent now."""
        if self.held:
            protocol.send(1, {"values": self.held})
            self.held = []

    def wait_s(self, left: float) -> float:
        """How long the supervisor may sleep: not past the moment held values are due."""
        if self.held or self.paused:
            return min(left, max(0.0, self.flush_at - time.monotonic()))
        return left

    def after_read(self, poller: Any) -> None:
        """Stop watching the pipe for :data:`_HOLD_S` after a read, when no value is waited for.

        A program that sends many values then wakes the worker once per period
        instead of once per value; what it wrote waits in the pipe (and is read
        at once when the program ends).
        """
        if self.quiet and not self.paused:
            poller.unregister(self.fd)
            self.paused = True
            if not self.held:
                self.flush_at = time.monotonic() + _HOLD_S

    def resume(self, poller: Any, now: bool = False) -> None:
        """Watch the pipe again once the period is over (or ``now``)."""
        if self.paused and (now or time.monotonic() >= self.flush_at):
            poller.register(self.fd, select.POLLIN)
            self.paused = False

    def take_rest(self) -> list[str]:
        """The values still held, for the run's result message."""
        rest, self.held = self.held, []
        return rest


def _next_answer() -> tuple[Any, Any]:
    """The parent's answer to the value just relayed, and a ``stop`` read on the way (or None)."""
    stop = None
    while True:
        message = protocol.recv(0)
        if "answer" in message:
            return message["answer"], stop
        stop = message.get("stop", stop)


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
        ipc_before = None if self.pid_namespace else sysvipc.snapshot()
        pipes = [os.pipe() for _ in range(4)]  # stdout, stderr, report, probe (child writes)
        answer_read, answer_write = os.pipe()  # the parent's judgements of probes (worker writes)
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            child_ends = (*(write_end for _, write_end in pipes), answer_read)
            child_main(job, self.conf, job_dir, child_ends)  # type: ignore[arg-type]
        for _, write_end in pipes:
            os.close(write_end)
        os.close(answer_read)
        os.set_blocking(answer_write, False)
        relay = _ProbeRelay(pipes[3][0], answer_write)
        counts = job.get("probe_counts") or [0]
        relay.quiet = bool(job["stop_on_failure"]) or max(counts, default=0) <= 1
        read_ends = [read_end for read_end, _ in pipes[:3]]
        stop_marker = job["marker"] if job["stop_on_failure"] else None
        result = self._supervise(pid, read_ends, relay, job["limits"], started, stop_marker)
        for read_end, _ in pipes:
            os.close(read_end)
        os.close(answer_write)
        self._clean(job_dir, ipc_before)
        return result

    def _job_dir(self) -> str:
        path = os.path.join(self.config["work_root"], f"run-{os.getpid()}-{self.runs}")
        os.mkdir(path, 0o700)
        if self.conf.drop_to_nobody:
            os.chown(path, NOBODY, NOBODY)
        return path

    def _clean(self, job_dir: str, ipc_before: frozenset[tuple[str, int]] | None) -> None:
        if self.pid_namespace:
            for directory in self.config["wipe_dirs"]:
                sweep.wipe(directory)
            sysvipc.remove(None, None)  # the worker's own IPC namespace: everything in it
        else:
            sweep.wipe(job_dir, keep_root=False)
            sysvipc.remove(ipc_before, NOBODY if self.conf.drop_to_nobody else os.geteuid())

    def _supervise(
        self,
        pid: int,
        fds: list[int],
        relay: _ProbeRelay,
        limits: dict[str, Any],
        started: float,
        stop_marker: str | None,
    ) -> dict[str, Any]:
        """Wait for the child, capturing its output and relaying its values.

        With ``stop_marker`` (a job that ends at its first failure) the parent's
        channel is watched too: ``{"stop": stop_marker}`` ends the run at once.
        """
        keep = self.config["tail_bytes"]
        captures = {fds[0]: _Capture(keep), fds[1]: _Capture(keep), fds[2]: _Capture(_REPORT_CAP)}
        watch = _Watch(pid, [*fds, relay.fd] + ([_PARENT] if stop_marker else []))
        deadline = started + limits["timeout_s"]
        timed_out = exceeded = stopped = False
        while not watch.exited:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready = watch.poll(relay.wait_s(left))
            relay.resume(watch.poller)
            if relay.held and time.monotonic() >= relay.flush_at:
                relay.flush()
            if _PARENT in ready:
                ready.remove(_PARENT)
                stopped = protocol.recv(0).get("stop") == stop_marker
                if stopped:
                    break
            exceeded = self._read(watch, captures, relay, ready, limits["output_bytes"])
            if exceeded:
                break
            if stop_marker is not None and relay.stop == stop_marker:
                stopped = True
                break
            if relay.fd in ready and relay.fd in watch.open:
                relay.after_read(watch.poller)
        wall = time.monotonic() - started
        relay.resume(watch.poller, now=True)
        relay.live = False  # the child is gone or stopped: nobody reads answers any more
        if _PARENT in watch.open:
            watch.close_fd(_PARENT)
        if not (timed_out or exceeded or stopped):
            exceeded = self._drain(watch, captures, relay, limits["output_bytes"])
        sweep.kill_group(pid)
        watch.finish()
        if not relay.violation:  # values the child wrote before it ended still count
            with contextlib.suppress(BlockingIOError, OSError):
                os.set_blocking(relay.fd, False)
                while chunk := os.read(relay.fd, _CHUNK):
                    relay.add(chunk)
                    if relay.violation:
                        break
        clean = sweep.sweep(self.pid_namespace)
        facts = self._facts(watch, captures, fds, timed_out, exceeded, wall, clean)
        facts["probe_violation"] = relay.violation
        facts["stopped"] = stopped
        facts["values"] = relay.take_rest()
        return facts

    def _read(
        self,
        watch: _Watch,
        captures: dict[int, _Capture],
        relay: _ProbeRelay,
        ready: list[int],
        cap: int,
    ) -> bool:
        for fd in ready:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                watch.close_fd(fd)
                continue
            if fd == relay.fd:
                relay.add(chunk)
            else:
                captures[fd].add(chunk)
        stdout, stderr, report = captures.values()
        over = stdout.total + stderr.total > cap or report.total > _REPORT_CAP
        return over or bool(relay.violation)

    def _drain(
        self, watch: _Watch, captures: dict[int, _Capture], relay: _ProbeRelay, cap: int
    ) -> bool:
        for fd in list(watch.open):
            os.set_blocking(fd, False)
        exceeded = False
        while watch.open and not exceeded:
            ready = [fd for fd, _ in watch.poller.poll(0) if fd in watch.open]
            if not ready:
                break
            try:
                exceeded = self._read(watch, captures, relay, ready, cap)
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
        if "code" not in job:  # a stop that came after its run had ended
            continue
        result = worker.run(job)
        protocol.send(1, result)
        if not result["clean"]:
            return
