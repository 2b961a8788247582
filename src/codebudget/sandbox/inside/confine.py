"""What the worker prepares once and the child applies to itself before running a job."""

from __future__ import annotations

import dataclasses
import fcntl
import math
import os
import resource
from typing import Any

from . import caps, landlock, seccomp

NOBODY = 65534
_MB = 1024 * 1024


@dataclasses.dataclass
class Confinement:
    """The confinement of every child of one worker.

    ``static_ruleset`` is a Landlock ruleset built once in the worker (reads
    under the interpreter's paths, writes under the work root); each child adds
    a second layer that narrows writes to its own job directory.
    """

    landlock_abi: int = 0
    static_ruleset: int | None = None
    write_paths: tuple[str, ...] = ()
    seccomp_program: bytes | None = None
    drop_to_nobody: bool = False
    keep_read_search: bool = False
    rlimits: bool = True
    tasks_before: int = 0

    def features(self) -> dict[str, Any]:
        """What this confinement uses, for the isolation report."""
        return {
            "landlock": self.landlock_abi if self.static_ruleset is not None else 0,
            "seccomp": self.seccomp_program is not None,
            "uid": NOBODY if self.drop_to_nobody else os.geteuid(),
        }


def prepare(config: dict[str, Any]) -> Confinement:
    """Build the confinement the parent asked for, with whatever this kernel supports."""
    conf = Confinement(write_paths=tuple(config["write_paths"]))
    conf.drop_to_nobody = config["drop_privileges"] and os.geteuid() == 0
    if config["confine"]:
        _add_kernel_layers(conf, config)
    conf.keep_read_search = _keep_read_search(conf, config["confine"])
    conf.tasks_before = _tasks_of(NOBODY if conf.drop_to_nobody else os.getuid())
    return conf


def _tasks_of(uid: int) -> int:
    """Threads that ``uid`` already runs: RLIMIT_NPROC counts them all, not just a run's."""
    total = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
            if int(fields["Uid"].split()[0]) == uid:
                total += int(fields["Threads"])
        except (OSError, KeyError, ValueError):
            continue
    return total


def _add_kernel_layers(conf: Confinement, config: dict[str, Any]) -> None:
    abi = landlock.abi_version()
    if abi:
        ruleset = landlock.build_ruleset(
            abi, list(config["read_paths"]), [*config["write_paths"], config["work_root"]]
        )
        conf.landlock_abi = abi
        conf.static_ruleset = fcntl.fcntl(ruleset, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(ruleset)
    if seccomp.supported():
        on_host = not config["pid_namespace"]  # the host's sockets and System V IPC in reach
        conf.seccomp_program = seccomp.build([os.getpid(), *config["protect_pids"]], on_host)


def _keep_read_search(conf: Confinement, confine: bool) -> bool:
    """Keep CAP_DAC_READ_SEARCH only where Landlock and seccomp bound it, or in unsafe mode.

    Unsafe mode has no read restriction anyway; there the capability lets the
    child read the interpreter while it still cannot write root's files or
    signal root's processes.
    """
    bounded = conf.static_ruleset is not None and conf.seccomp_program is not None
    return conf.drop_to_nobody and (bounded or not confine)


def set_rlimits(limits: dict[str, Any], tasks_before: int = 0) -> None:
    """Address space, CPU seconds, file size, open files, processes, no core dumps.

    RLIMIT_NPROC counts every thread of the real uid, so the cap is the run's
    allowance on top of what that uid ran when the worker started.
    """
    cpu = math.ceil(limits["timeout_s"]) + 1
    for which, value in (
        (resource.RLIMIT_AS, limits["memory_mb"] * _MB),
        (resource.RLIMIT_CPU, cpu),
        (resource.RLIMIT_FSIZE, limits["file_size_mb"] * _MB),
        (resource.RLIMIT_NOFILE, limits["open_files"]),
        (resource.RLIMIT_NPROC, limits["processes"] + tasks_before),
        (resource.RLIMIT_CORE, 0),
    ):
        hard = value + 1 if which == resource.RLIMIT_CPU else value
        resource.setrlimit(which, (value, hard))


def apply(conf: Confinement, job_dir: str, limits: dict[str, Any]) -> None:
    """Confine the calling (child) process; raises if any requested layer fails."""
    if conf.rlimits:
        set_rlimits(limits, conf.tasks_before)
    if conf.drop_to_nobody:
        keep = caps.CAP_DAC_READ_SEARCH if conf.keep_read_search else None
        caps.become(NOBODY, NOBODY, keep)
    if conf.static_ruleset is not None:
        landlock.restrict_self(conf.static_ruleset)
        job_layer = landlock.build_ruleset(conf.landlock_abi, ["/"], [*conf.write_paths, job_dir])
        landlock.restrict_self(job_layer)
        os.close(job_layer)
    if conf.seccomp_program is not None:
        seccomp.install(conf.seccomp_program)
