"""``open_sandbox``: probe the isolation this machine offers and start the workers."""

from __future__ import annotations

import functools
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from typing import Any

from codebudget.records import ExecStatus
from codebudget.sandbox.base import Job, Limits
from codebudget.sandbox.interpreter import Interpreter, resolve_interpreter
from codebudget.sandbox.launch import LaunchSpec, host_spec, namespace_spec
from codebudget.sandbox.pool import ForkServerSandbox
from codebudget.sandbox.settings import AUTO, ENV_VAR, FALLBACK, NAMESPACES, SandboxSettings, SandboxUnavailable
from codebudget.sandbox.worker import WorkerProcess, WorkerStartError

PROBE_JOB = Job(  # imports a module no worker preloads: the stdlib must be readable
    code="import colorsys\nx = 6 * 7",
    tests=("assert x == 42", "assert colorsys.rgb_to_hsv(1, 0, 0) == (0.0, 1.0, 1)"),
    limits=Limits(timeout_s=10.0),
)
UNSAFE_HINT = (
    f"pass --unsafe-no-sandbox (isolation='unsafe', or {ENV_VAR}=unsafe) to run generated code "
    "without isolation, at your own risk"
)


def _spec_for(
    level: str, settings: SandboxSettings, interpreter: Interpreter
) -> Callable[[], LaunchSpec]:
    tail_bytes = settings.tail_chars * 4
    if level == NAMESPACES:
        bwrap = shutil.which(settings.bwrap)
        if sys.platform != "linux" or bwrap is None:
            raise SandboxUnavailable(
                f"namespaces need Linux and bubblewrap ({settings.bwrap!r} not found)"
            )
        spec = namespace_spec(bwrap, interpreter, settings.tmpfs_mb, tail_bytes)
        return lambda: spec
    work_root = tempfile.mkdtemp(prefix="codebudget-sandbox-")
    os.chmod(work_root, 0o711)  # children run as uid 65534 and must reach their own directory
    spec = host_spec(interpreter, work_root, confine=level == FALLBACK, tail_bytes=tail_bytes)
    return lambda: spec


def _start(level: str, settings: SandboxSettings) -> ForkServerSandbox:
    interpreter = resolve_interpreter(settings.python)
    make_spec = _spec_for(level, settings, interpreter)
    factory = functools.partial(_new_worker, make_spec, settings)
    sandbox = ForkServerSandbox(
        factory, level, settings.workers, settings.recycle_after, settings.tail_chars
    )
    try:
        sandbox.start()
        _check(level, sandbox)
    except (WorkerStartError, SandboxUnavailable) as exc:
        sandbox.close()
        _remove_work_root(make_spec())
        raise SandboxUnavailable(f"{level} isolation is unavailable: {exc}") from exc
    sandbox.features.update(level=level, interpreter=interpreter.executable)
    sandbox.add_cleanup(functools.partial(_remove_work_root, make_spec()))
    return sandbox


def _new_worker(make_spec: Callable[[], LaunchSpec], settings: SandboxSettings) -> WorkerProcess:
    return WorkerProcess(make_spec(), settings.cgroups, settings.startup_timeout_s)


def _remove_work_root(spec: LaunchSpec) -> None:
    root = spec.config["work_root"]
    if spec.config["pid_namespace"] is False and os.path.basename(root).startswith(
        "codebudget-sandbox-"
    ):
        shutil.rmtree(root, ignore_errors=True)


def _check(level: str, sandbox: ForkServerSandbox) -> None:
    features = sandbox.features
    if level == FALLBACK and not features.get("landlock") and not features.get("seccomp"):
        raise SandboxUnavailable("this kernel has neither Landlock nor seccomp")
    result = sandbox.run(PROBE_JOB)
    if result.status is not ExecStatus.PASSED:
        raise SandboxUnavailable(
            f"the probe program did not pass: {result.status.value}: {result.error}"
        )


def open_sandbox(isolation: str = AUTO, workers: int = 2, **options: Any) -> ForkServerSandbox:
    """Start a sandbox with ``workers`` workers at the best (or the requested) isolation.

    ``isolation``: ``"auto"`` (the ``CODEBUDGET_SANDBOX`` variable if set, else
    namespaces, else fallback, else refuse), ``"namespaces"``, ``"fallback"`` or
    ``"unsafe"``. Other keyword arguments are :class:`SandboxSettings` fields.
    Raises :class:`SandboxUnavailable` when the level cannot be had.
    """
    settings = SandboxSettings(isolation=isolation, workers=workers, **options)
    level = settings.requested_level()
    if level != AUTO:
        return _start(level, settings)
    reasons = []
    for candidate in (NAMESPACES, FALLBACK):
        try:
            return _start(candidate, settings)
        except SandboxUnavailable as exc:
            reasons.append(str(exc))
    raise SandboxUnavailable(
        "no sandbox is available here (" + "; ".join(reasons) + "); " + UNSAFE_HINT
    )
