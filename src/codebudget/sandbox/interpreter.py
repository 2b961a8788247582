"""The interpreter the workers run, and the paths it needs (and nothing else)."""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import subprocess
import sys

from codebudget.sandbox.settings import SandboxUnavailable

_PROBE = """
import json, os, sys, sysconfig
v = sysconfig.get_config_vars()
libs = []
if v.get("Py_ENABLE_SHARED"):
    for name in {v.get("INSTSONAME") or "", v.get("LDLIBRARY") or ""}:
        path = os.path.join(v.get("LIBDIR") or "", name)
        if name and os.path.exists(path):
            libs.append(path)
print(json.dumps({"path": sys.path, "libs": libs, "version": sys.version.split()[0]}))
"""
_HIDDEN_NAMES = ("site-packages", "dist-packages")


@dataclasses.dataclass(frozen=True)
class Interpreter:
    """A resolved Python: its binary, the directories on its ``-I -S`` path, its libpython."""

    executable: str
    library_dirs: tuple[str, ...]
    shared_libs: tuple[str, ...]
    version: str

    @property
    def read_paths(self) -> tuple[str, ...]:
        """Every path the interpreter reads: binary, stdlib directories, libpython."""
        return (self.executable, *self.library_dirs, *self.shared_libs)

    @property
    def hidden_dirs(self) -> tuple[str, ...]:
        """Third-party package directories inside the stdlib directories, hidden from programs."""
        return tuple(
            os.path.join(directory, name)
            for directory in self.library_dirs
            for name in _HIDDEN_NAMES
            if os.path.isdir(os.path.join(directory, name))
        )


def base_executable() -> str:
    """The real binary behind ``sys.executable``: through symlinks, out of a venv."""
    executable = getattr(sys, "_base_executable", None) or sys.executable
    return os.path.realpath(executable)


def _outermost(paths: list[str]) -> tuple[str, ...]:
    """Existing directories, without those nested in another one of the list."""
    real = sorted({os.path.realpath(p) for p in paths if os.path.isdir(p)})
    kept: list[str] = []
    for path in real:
        if not any(path.startswith(parent.rstrip("/") + "/") for parent in kept):
            kept.append(path)
    return tuple(kept)


@functools.lru_cache(maxsize=8)
def resolve_interpreter(python: str | None = None) -> Interpreter:
    """Ask the interpreter (started as the workers will be) what it needs."""
    executable = os.path.realpath(python) if python else base_executable()
    try:
        probe = subprocess.run(
            [executable, "-I", "-S", "-c", _PROBE],
            capture_output=True,
            text=True,
            timeout=60,
            env={},
            check=True,
        )
        info = json.loads(probe.stdout)
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        raise SandboxUnavailable(f"cannot run the interpreter {executable}: {exc}") from exc
    return Interpreter(
        executable=executable,
        library_dirs=_outermost(info["path"]),
        shared_libs=tuple(sorted(set(info["libs"]))),
        version=info["version"],
    )
