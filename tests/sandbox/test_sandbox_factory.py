"""Choosing the isolation level, and keeping workers alive: restarts, recycling, backstop."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from typing import Any, ClassVar

import pytest

from codebudget.records import ExecStatus
from codebudget.sandbox import ENV_VAR, Job, Limits, SandboxUnavailable, factory, open_sandbox, worker
from codebudget.sandbox.cgroups import process_tree
from codebudget.sandbox.pool import ForkServerSandbox

QUICK = Job(code="x = 1", tests=("assert x == 1",))


def test_unknown_levels_are_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="unknown isolation"):
        open_sandbox("chroot")
    monkeypatch.setenv(ENV_VAR, "chroot")
    with pytest.raises(SandboxUnavailable, match=ENV_VAR):
        open_sandbox()


def test_environment_variable_forces_a_level(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "fallback")
    try:
        sandbox = open_sandbox(workers=1)
    except SandboxUnavailable as exc:
        pytest.skip(str(exc))
    with sandbox:
        assert sandbox.isolation == "fallback"
        assert sandbox.run(QUICK).isolation == "fallback"


def test_missing_bubblewrap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    with pytest.raises(SandboxUnavailable, match="bubblewrap"):
        open_sandbox("namespaces", workers=1, bwrap="/nonexistent/bwrap")
    try:
        sandbox = open_sandbox(workers=1, bwrap="/nonexistent/bwrap")
    except SandboxUnavailable as exc:
        assert "unsafe-no-sandbox" in str(exc)
        return
    with sandbox:
        assert sandbox.isolation == "fallback"


def test_fallback_refuses_without_landlock_or_seccomp() -> None:
    class Bare:
        features: ClassVar[dict[str, object]] = {"landlock": 0, "seccomp": False}

    with pytest.raises(SandboxUnavailable, match="neither Landlock nor seccomp"):
        factory._check("fallback", Bare())  # type: ignore[arg-type]


def test_unsafe_is_marked_and_still_not_root() -> None:
    with open_sandbox("unsafe", workers=1) as sandbox:
        result = sandbox.run(Job(code="import os\nuid = os.getuid()", tests=("assert uid != 0",)))
    assert result.isolation == "unsafe"
    assert result.status is ExecStatus.PASSED or os.geteuid() != 0


def _worker_pids(sandbox: ForkServerSandbox) -> list[int]:
    pids = []
    for slot in sandbox._slots:
        if slot.worker is not None and slot.worker._proc is not None:
            pids += process_tree(slot.worker._proc.pid)
    return pids


def _kill_workers(sandbox: ForkServerSandbox) -> None:
    """SIGKILL every worker process (one that already exited is skipped)."""
    for pid in _worker_pids(sandbox):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def test_a_killed_worker_is_replaced(sandbox: ForkServerSandbox) -> None:
    sandbox.run_many([QUICK] * 4)
    _kill_workers(sandbox)
    assert all(r.status is ExecStatus.PASSED for r in sandbox.run_many([QUICK] * 4))


def test_a_job_whose_worker_dies_is_retried(sandbox: ForkServerSandbox) -> None:
    job = Job(code="import time\ntime.sleep(0.6)\nx = 1", tests=("assert x == 1",))
    timer = threading.Timer(0.2, _kill_workers, args=(sandbox,))
    timer.start()
    results = sandbox.run_many([job, job])
    timer.join()
    assert all(r.status is ExecStatus.PASSED for r in results), results


def test_workers_are_recycled() -> None:
    with open_sandbox(workers=1, recycle_after=3) as sandbox:
        seen = set()
        for _ in range(7):
            assert sandbox.run(QUICK).passed
            seen.add(id(sandbox._slots[0].worker))
    assert len(seen) >= 3


def test_a_stuck_worker_hits_the_backstop(monkeypatch: pytest.MonkeyPatch, sandbox: Any) -> None:
    monkeypatch.setattr(worker, "BACKSTOP_S", 0.5)
    sandbox.run_many([QUICK] * 2)
    stopped = _worker_pids(sandbox)
    for pid in stopped:
        os.kill(pid, signal.SIGSTOP)
    started = time.monotonic()
    result = sandbox.run(Job(code="x = 1", limits=Limits(timeout_s=0.5)))
    assert result.status is ExecStatus.TIMEOUT
    assert time.monotonic() - started < 4
    for pid in stopped:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGCONT)
    assert all(r.passed for r in sandbox.run_many([QUICK] * 4))


def test_closed_sandbox_refuses_jobs() -> None:
    sandbox = open_sandbox(workers=1)
    sandbox.close()
    with pytest.raises(RuntimeError, match="closed"):
        sandbox.run(QUICK)
