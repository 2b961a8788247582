"""Killing every process a run left behind, and wiping the files it wrote.

The worker is a child subreaper, so every orphaned descendant of a run (a
``setsid`` grandchild included) is re-parented to it. Inside a private pid
namespace one ``kill(-1, SIGKILL)`` reaches every process but the namespace's
init and the worker; on the host (fallback) that call would reach far too much,
so the worker kills its descendants one generation at a time instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import time

_SWEEP_SECONDS = 3.0


def _children() -> list[int]:
    pids: list[int] = []
    try:
        for tid in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{tid}/children") as handle:
                pids.extend(int(pid) for pid in handle.read().split())
    except OSError:
        return _children_by_scan()
    return pids


def _children_by_scan() -> list[int]:
    me, pids = os.getpid(), []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me:
            pids.append(int(name))
    return pids


def _kill(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)


def kill_group(pgid: int) -> None:
    """SIGKILL a process group, if it still exists."""
    with contextlib.suppress(OSError):
        os.killpg(pgid, signal.SIGKILL)


def sweep(in_pid_namespace: bool) -> bool:
    """Kill and reap every process but this one (and the namespace init); False if some survive."""
    deadline = time.monotonic() + _SWEEP_SECONDS
    while time.monotonic() < deadline:
        if in_pid_namespace:
            _kill(-1)
        else:
            for pid in _children():
                _kill(pid)
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return True
        if pid == 0:
            time.sleep(0.0002)
    return False


def _make_writable(function: object, path: str, _exc: object) -> None:
    try:
        parent = os.path.dirname(path)
        os.chmod(parent, stat.S_IRWXU)
        if os.path.isdir(path) and not os.path.islink(path):
            os.chmod(path, stat.S_IRWXU)
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)
    except OSError:
        pass


def wipe(directory: str, keep_root: bool = True) -> None:
    """Remove everything in ``directory`` (and the directory itself unless ``keep_root``)."""
    try:
        entries = os.listdir(directory) if keep_root else [""]
    except OSError:
        return
    for name in entries:
        path = os.path.join(directory, name) if name else directory
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, onerror=_make_writable)
        else:
            with contextlib.suppress(OSError):
                os.unlink(path)
