"""The parent's handle on one fork-server worker: start it, send jobs, stop it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from typing import Any

from codebudget.sandbox.base import Limits
from codebudget.sandbox.cgroups import Cgroup, process_tree
from codebudget.sandbox.inside import protocol
from codebudget.sandbox.launch import LaunchSpec

BACKSTOP_S = 5.0  # beyond the job's own timeout: sweeping, transport, a loaded machine
CGROUP_TASK_SLACK = 8  # the worker and bubblewrap's processes count as tasks too
CGROUP_MEMORY_SLACK = 256 * 1024 * 1024  # the worker itself and the run's tmpfs files


class WorkerStartError(RuntimeError):
    """A worker did not start (the message has its stderr)."""


class WorkerLost(RuntimeError):
    """A worker died, or stopped answering, in the middle of a job."""

    def __init__(self, message: str, timed_out: bool) -> None:
        super().__init__(message)
        self.timed_out = timed_out


class WorkerProcess:
    """One worker process and, where available, its cgroup."""

    def __init__(self, spec: LaunchSpec, use_cgroup: bool, startup_timeout_s: float) -> None:
        self.spec = spec
        self.use_cgroup = use_cgroup
        self.startup_timeout_s = startup_timeout_s
        self.features: dict[str, Any] = {}
        self.runs = 0
        self.cgroup: Cgroup | None = None
        self._oom_kills: int | None = None  # the cgroup's count after the last job
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the worker
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> dict[str, Any]:
        """Start the worker and wait for its ``ready``; returns its features."""
        try:
            self._proc = subprocess.Popen(
                self.spec.argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                env=self.spec.env,
                cwd=self.spec.cwd,
                start_new_session=True,
                close_fds=True,
            )
            protocol.send(self._stdin, self.spec.config)
            ready = protocol.recv(self._stdout, time.monotonic() + self.startup_timeout_s)
        except (OSError, protocol.ChannelClosed, protocol.ChannelTimeout) as exc:
            self.stop()
            raise WorkerStartError(f"{exc}; worker stderr: {self.stderr_tail()}") from exc
        ready.pop("ready", None)
        self.features = {**ready, "cgroup": self._join_cgroup()}
        return self.features

    @property
    def _stdin(self) -> int:
        assert self._proc is not None and self._proc.stdin is not None
        return self._proc.stdin.fileno()

    @property
    def _stdout(self) -> int:
        assert self._proc is not None and self._proc.stdout is not None
        return self._proc.stdout.fileno()

    def _join_cgroup(self) -> str | None:
        if not self.use_cgroup or self._proc is None:
            return None
        self.cgroup = Cgroup.create()
        if self.cgroup is None:
            return None
        try:
            self.cgroup.adopt(process_tree(self._proc.pid))
        except OSError:
            self.cgroup.remove()
            self.cgroup = None
            return None
        return f"v{self.cgroup.version}:{','.join(self.cgroup.controllers)}"

    def execute(
        self,
        message: dict[str, Any],
        limits: Limits,
        answer: Callable[[Any], dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """Send one job and wait for its raw result; raises :class:`WorkerLost`.

        Meanwhile the worker relays the values of split assertions; ``answer(line)``
        judges each one (see :mod:`codebudget.sandbox.ledger`); without it every value fails.
        """
        if self.cgroup is not None:
            memory = limits.memory_mb * 1024 * 1024 + CGROUP_MEMORY_SLACK
            self.cgroup.limit(limits.processes + CGROUP_TASK_SLACK, memory)
            if self._oom_kills is None:
                self._oom_kills = self.cgroup.oom_kills()
        deadline = time.monotonic() + limits.timeout_s + BACKSTOP_S
        try:
            protocol.send(self._stdin, message)
            facts = self._answer_values(message, deadline, answer)
        except protocol.ChannelTimeout:
            self.stop()
            raise WorkerLost("the sandbox worker stopped answering", timed_out=True) from None
        except (OSError, protocol.ChannelClosed) as exc:
            self.stop()
            raise WorkerLost(f"the sandbox worker died ({exc})", timed_out=False) from None
        self.runs += 1
        facts["oom"] = False
        if self.cgroup is not None:  # nothing runs in the cgroup between jobs: one read a job
            before, self._oom_kills = self._oom_kills or 0, self.cgroup.oom_kills()
            facts["oom"] = self._oom_kills > before
        return facts

    def _answer_values(
        self,
        message: dict[str, Any],
        deadline: float,
        answer: Callable[[Any], dict[str, Any]] | None,
    ) -> dict[str, Any]:
        """Answer the values the worker relays until its result arrives; returns the result.

        ``{"value": line}`` is a value the child waits for: it gets its answer.
        ``{"values": [...]}`` (and the result's own ``values``) are values it did not
        wait for; in a job that stops at its first failure, the first one judged wrong
        gets a ``stop`` (once).
        """
        stopping = bool(message.get("stop_on_failure"))
        stopped = False
        reply: Callable[[Any], dict[str, Any]] = answer or (lambda line: {"ok": False})

        def judge(lines: Any) -> bool:
            """Judge values nobody waits for; True when one of them is wrong."""
            verdicts = [reply(line).get("ok") for line in (lines if isinstance(lines, list) else [])]
            return not all(verdicts)

        while True:
            facts = protocol.recv(self._stdout, deadline)
            if "value" in facts:
                protocol.send(self._stdin, {"answer": reply(facts["value"])})
            elif "values" in facts and "exit" not in facts:
                if judge(facts["values"]) and stopping and not stopped:
                    protocol.send(self._stdin, {"stop": message["marker"]})
                    stopped = True
            else:
                judge(facts.pop("values", []))
                return facts

    def stderr_tail(self, limit: int = 2000) -> str:
        """The end of what the worker wrote to its stderr."""
        with contextlib.suppress(OSError, ValueError):
            self._stderr.seek(0, os.SEEK_END)
            size = self._stderr.tell()
            self._stderr.seek(max(0, size - limit))
            return self._stderr.read().decode("utf-8", "replace")
        return ""

    def stop(self) -> None:
        """Close the channel, kill whatever is left of the worker, remove its cgroup."""
        proc, self._proc = self._proc, None
        if proc is not None:
            with contextlib.suppress(OSError):
                if proc.stdin:
                    proc.stdin.close()
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
            if proc.stdout:
                proc.stdout.close()
        if self.cgroup is not None:
            self.cgroup.remove()
            self.cgroup = None
