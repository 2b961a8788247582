"""Sandbox settings: isolation levels, the environment override, and the refusal error."""

from __future__ import annotations

import dataclasses
import os

from codebudget.errors import CodebudgetError

ENV_VAR = "CODEBUDGET_SANDBOX"
AUTO = "auto"
NAMESPACES = "namespaces"
FALLBACK = "fallback"
UNSAFE = "unsafe"
LEVELS = (NAMESPACES, FALLBACK, UNSAFE)


class SandboxUnavailable(CodebudgetError):
    """The requested isolation cannot be had here; the message says why and what to do."""


@dataclasses.dataclass(frozen=True)
class SandboxSettings:
    """How to build a sandbox.

    ``isolation`` is ``"auto"`` (probe: namespaces, else fallback, else refuse),
    or one of :data:`LEVELS` to force a level; ``"auto"`` defers to the
    ``CODEBUDGET_SANDBOX`` environment variable when it is set. ``"unsafe"``
    runs without Landlock, seccomp or namespaces and marks every result so.
    """

    isolation: str = AUTO
    workers: int = 2
    recycle_after: int = 300
    python: str | None = None
    bwrap: str = "bwrap"
    tmpfs_mb: int = 256
    cgroups: bool = True
    startup_timeout_s: float = 30.0
    tail_chars: int = 2000

    def __post_init__(self) -> None:
        if self.isolation not in (AUTO, *LEVELS):
            raise ValueError(f"unknown isolation {self.isolation!r}: use auto or one of {LEVELS}")
        if self.workers < 1:
            raise ValueError("a sandbox needs at least one worker")

    def requested_level(self) -> str:
        """The level asked for: the argument, else the environment variable, else auto."""
        if self.isolation != AUTO:
            return self.isolation
        value = os.environ.get(ENV_VAR, "").strip().lower() or AUTO
        if value not in (AUTO, *LEVELS):
            raise SandboxUnavailable(f"{ENV_VAR}={value!r} is not one of auto, {', '.join(LEVELS)}")
        return value
