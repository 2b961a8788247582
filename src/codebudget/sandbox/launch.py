"""How a worker is started at each isolation level: its command line and its config.

``namespaces``: one bubblewrap sandbox per worker (new user, pid, net, ipc, uts,
mount and cgroup namespaces; uid 65534; no capabilities), with the interpreter's
own paths and the system libraries bound read-only, a size-limited private
``/tmp``, and nothing else of the host. ``fallback`` and ``unsafe``: the same
worker straight on the host, with (fallback) or without (unsafe) Landlock,
seccomp and the switch to uid 65534 in every child.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from codebudget.sandbox.interpreter import Interpreter

INSIDE_DIR = Path(__file__).resolve().parent / "inside"
SANDBOX_ROOT = "/opt/codebudget"
NOBODY = "65534"
SYSTEM_LIB_DIRS = (
    "/usr/lib",
    "/usr/lib64",
    "/usr/lib32",
    "/usr/libx32",
    "/lib",
    "/lib64",
    "/lib32",
    "/libx32",
)
SYSTEM_FILES = ("/etc/ld.so.cache",)
DEVICES_READ = ("/dev/urandom", "/dev/random", "/dev/zero")
_BOOT = "import sys; sys.path.insert(0, {root!r}); from inside.server import main; main()"


@dataclasses.dataclass(frozen=True)
class LaunchSpec:
    """A worker's command line, environment and first (config) message."""

    argv: tuple[str, ...]
    config: dict[str, Any]
    env: dict[str, str]
    cwd: str | None = None


def python_argv(interpreter: Interpreter, root: str) -> list[str]:
    """The interpreter, isolated (-I), without site (-S), importing the worker from ``root``."""
    boot = _BOOT.format(root=root)
    return [interpreter.executable, "-I", "-S", "-B", "-X", "utf8", "-c", boot]


def _existing(paths: tuple[str, ...]) -> list[str]:
    return [path for path in paths if os.path.lexists(path)]


def _read_paths(interpreter: Interpreter) -> list[str]:
    return [*interpreter.read_paths, *_existing(SYSTEM_LIB_DIRS + SYSTEM_FILES + DEVICES_READ)]


def _base_config(interpreter: Interpreter, tail_bytes: int) -> dict[str, Any]:
    return {"read_paths": _read_paths(interpreter), "tail_bytes": tail_bytes}


def _system_binds() -> list[str]:
    args: list[str] = []
    for path in _existing(SYSTEM_LIB_DIRS):
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    for path in _existing(SYSTEM_FILES):
        args += ["--ro-bind", path, path]
    return args


def bwrap_argv(bwrap: str, interpreter: Interpreter, tmpfs_mb: int) -> list[str]:
    """The bubblewrap command line for one namespace worker."""
    args = [
        bwrap,
        "--unshare-all",
        "--unshare-user",
        "--uid",
        NOBODY,
        "--gid",
        NOBODY,
        "--cap-drop",
        "ALL",
        "--die-with-parent",
        "--new-session",
        "--clearenv",
        "--hostname",
        "sandbox",
    ]
    args += _system_binds()
    for path in interpreter.read_paths:
        args += ["--ro-bind", path, path]
    for path in interpreter.hidden_dirs:
        args += ["--tmpfs", path, "--remount-ro", path]
    args += ["--ro-bind", str(INSIDE_DIR), f"{SANDBOX_ROOT}/inside"]
    args += ["--proc", "/proc", "--dev", "/dev"]
    args += ["--size", str(tmpfs_mb * 1024 * 1024), "--tmpfs", "/tmp"]
    args += ["--remount-ro", "/", "--chdir", "/tmp", "--"]
    return args + python_argv(interpreter, SANDBOX_ROOT)


def namespace_spec(
    bwrap: str, interpreter: Interpreter, tmpfs_mb: int, tail_bytes: int
) -> LaunchSpec:
    """A worker inside its own bubblewrap sandbox."""
    config = _base_config(interpreter, tail_bytes)
    config["read_paths"] += ["/proc", SANDBOX_ROOT]
    config.update(
        confine=True,
        write_paths=["/dev/null", "/dev/shm"],
        work_root="/tmp",
        wipe_dirs=["/tmp", "/dev/shm"],
        protect_pids=[],
        drop_privileges=False,
        pid_namespace=True,
    )
    return LaunchSpec(tuple(bwrap_argv(bwrap, interpreter, tmpfs_mb)), config, env={})


def host_spec(
    interpreter: Interpreter, work_root: str, confine: bool, tail_bytes: int
) -> LaunchSpec:
    """A worker on the host: ``confine`` adds Landlock and seccomp to each child.

    Either way a child started as root switches to uid 65534 before the program runs.
    """
    config = _base_config(interpreter, tail_bytes)
    config.update(
        confine=confine,
        write_paths=["/dev/null"],
        work_root=work_root,
        wipe_dirs=[],
        protect_pids=[os.getpid()],
        drop_privileges=True,
        pid_namespace=False,
    )
    argv = python_argv(interpreter, str(INSIDE_DIR.parent))
    return LaunchSpec(tuple(argv), config, env={}, cwd=work_root)
