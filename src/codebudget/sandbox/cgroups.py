"""Per-worker cgroups (v1 or v2) for a process cap and a memory cap, where writable.

RLIMIT_NPROC does not bind root (nor, here, the uid-65534 user of a namespace
created by root), so a fork bomb is stopped by the ``pids`` controller; the
``memory`` controller caps what a whole run (every process of it, and its
tmpfs files) can take. Either controller is optional: what could not be set up
is simply absent from :attr:`Cgroup.controllers`.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import secrets
import signal
import time
from pathlib import Path

_CONTROLLERS = ("pids", "memory")
_counter = itertools.count()


def _mounts() -> tuple[dict[str, Path], Path | None]:
    """v1 controller mount points, and the v2 mount point if it has controllers."""
    v1: dict[str, Path] = {}
    v2: Path | None = None
    with contextlib.suppress(OSError), open("/proc/self/mountinfo") as handle:
        for line in handle:
            left, _, right = line.partition(" - ")
            mount_point = Path(left.split()[4])
            fstype, _, options = [*right.split(), "", "", ""][:3]
            if fstype == "cgroup":
                for controller in set(options.split(",")) & set(_CONTROLLERS):
                    v1[controller] = mount_point
            elif fstype == "cgroup2" and (mount_point / "cgroup.controllers").exists():
                v2 = mount_point
    return v1, v2


def _own_path(controller: str) -> str:
    with open("/proc/self/cgroup") as handle:
        for line in handle:
            _, names, path = line.rstrip("\n").split(":", 2)
            if controller in names.split(","):
                return path.lstrip("/")
    return ""


def _write(path: Path, value: str) -> None:
    path.write_text(value)


class Cgroup:
    """One worker's cgroup: a directory per v1 controller, or one v2 directory."""

    def __init__(self, dirs: dict[str, Path], version: int) -> None:
        self.dirs = dirs
        self.version = version
        self._limits: tuple[int, int] | None = None

    @property
    def controllers(self) -> tuple[str, ...]:
        """The controllers this cgroup has."""
        return tuple(sorted(self.dirs))

    @classmethod
    def create(cls) -> Cgroup | None:
        """A fresh cgroup for one worker, or None where none can be made here."""
        name = f"codebudget-{os.getpid()}-{next(_counter)}-{secrets.token_hex(3)}"
        v1, v2 = _mounts()
        if v1:
            dirs = _make_dirs({c: v1[c] / _own_path(c) / name for c in _CONTROLLERS if c in v1})
            version = 1
        elif v2 is not None and _enable_v2(v2):
            made = _make_dirs({"v2": v2 / name})
            dirs = {c: made["v2"] for c in _CONTROLLERS} if made else {}
            version = 2
        else:
            return None
        return cls(dirs, version) if dirs else None

    def limit(self, processes: int, memory_bytes: int) -> None:
        """Cap tasks (processes and threads) and memory; unchanged limits are not rewritten."""
        if self._limits == (processes, memory_bytes):
            return
        self._limits = (processes, memory_bytes)
        with contextlib.suppress(OSError):
            if "pids" in self.dirs:
                _write(self.dirs["pids"] / "pids.max", str(processes))
            if "memory" in self.dirs:
                self._limit_memory(self.dirs["memory"], memory_bytes)

    def _limit_memory(self, directory: Path, memory_bytes: int) -> None:
        if self.version == 2:
            _write(directory / "memory.max", str(memory_bytes))
            with contextlib.suppress(OSError):
                _write(directory / "memory.swap.max", "0")
            return
        files = [directory / "memory.limit_in_bytes", directory / "memory.memsw.limit_in_bytes"]
        files = [f for f in files if f.exists()]
        try:
            for path in files:
                _write(path, str(memory_bytes))
        except OSError:  # memsw must stay >= the memory limit: raise it first
            for path in reversed(files):
                _write(path, str(memory_bytes))

    def adopt(self, pids: list[int]) -> None:
        """Move processes (and, from now on, their children) into this cgroup."""
        for directory in set(self.dirs.values()):
            for pid in pids:
                _write(directory / "cgroup.procs", str(pid))

    def oom_kills(self) -> int:
        """How many processes the kernel's OOM killer has killed in this cgroup."""
        directory = self.dirs.get("memory")
        name = "memory.events" if self.version == 2 else "memory.oom_control"
        try:
            text = (directory / name).read_text() if directory else ""
        except OSError:
            return 0
        for line in text.splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value)
        return 0

    def kill_all(self) -> None:
        """SIGKILL every process in the cgroup until it is empty (or a second passes)."""
        deadline = time.monotonic() + 1.0
        for directory in set(self.dirs.values()):
            while time.monotonic() < deadline:
                pids = _procs(directory)
                if not pids:
                    break
                for pid in pids:
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
                time.sleep(0.005)

    def remove(self) -> None:
        """Kill what is left and remove the directories."""
        self.kill_all()
        for directory in set(self.dirs.values()):
            for _ in range(50):
                try:
                    directory.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.01)


def _procs(directory: Path) -> list[int]:
    try:
        return [int(pid) for pid in (directory / "cgroup.procs").read_text().split()]
    except OSError:
        return []


def _owner_alive(directory: Path) -> bool:
    try:
        os.kill(int(directory.name.split("-")[1]), 0)
    except (IndexError, ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def _remove_stale(parent: Path) -> None:
    """Remove the cgroups of sandboxes whose parent process died without closing them."""
    with contextlib.suppress(OSError):
        for directory in parent.glob("codebudget-*-*-*"):
            if directory.is_dir() and not _owner_alive(directory):
                Cgroup({"stale": directory}, 0).remove()


def _make_dirs(dirs: dict[str, Path]) -> dict[str, Path]:
    made: dict[str, Path] = {}
    for controller, directory in dirs.items():
        _remove_stale(directory.parent)
        try:
            directory.mkdir()
        except OSError:
            continue
        made[controller] = directory
    return made


def _enable_v2(root: Path) -> bool:
    try:
        enabled = (root / "cgroup.subtree_control").read_text().split()
        missing = [c for c in _CONTROLLERS if c not in enabled]
        if missing:
            _write(root / "cgroup.subtree_control", " ".join(f"+{c}" for c in missing))
    except OSError:
        return False
    return True


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (through /proc)."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        with contextlib.suppress(OSError):
            for tid in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{tid}/children") as handle:
                    stack.extend(int(child) for child in handle.read().split())
    return found
