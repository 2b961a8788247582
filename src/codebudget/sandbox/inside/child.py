"""The forked child: its own session, fresh descriptors and directory, confined, then the job."""

from __future__ import annotations

import fcntl
import os
import traceback
from typing import Any, NoReturn

from .confine import Confinement, apply
from .harness import Reporter, run_job
from .probe import Prober

REPORT_FD, PROBE_FD, ANSWER_FD = 3, 4, 5
SETUP_FAILED = 70


def _set_descriptors(stdout: int, stderr: int, report: int, probe: int, answer: int) -> None:
    devnull = os.open(os.devnull, os.O_RDONLY)
    # Copy every source above the targets first, so no dup2 overwrites a source still needed
    # (the copies are closed with the other descriptors before the job runs).
    above = ANSWER_FD + 1
    sources = [fcntl.fcntl(fd, fcntl.F_DUPFD, above) for fd in (devnull, stdout, stderr, report, probe, answer)]
    for source, target in zip(sources, (0, 1, 2, REPORT_FD, PROBE_FD, ANSWER_FD), strict=True):
        os.dup2(source, target)
    for fd in (REPORT_FD, PROBE_FD, ANSWER_FD):
        os.set_inheritable(fd, False)


def _set_environment(job_dir: str) -> None:
    os.environ.clear()
    os.environ.update({"HOME": job_dir, "TMPDIR": job_dir, "LANG": "C.UTF-8"})
    os.chdir(job_dir)


def child_main(
    job: dict[str, Any], conf: Confinement, job_dir: str, pipes: tuple[int, int, int, int, int]
) -> NoReturn:
    """Become the sandboxed program: never returns."""
    try:
        os.setsid()
        _set_descriptors(*pipes)
        _set_environment(job_dir)
        apply(conf, job_dir, job["limits"])
        os.closerange(ANSWER_FD + 1, 1 << 16)
    except BaseException:  # report any setup failure, then exit
        reason = traceback.format_exc(limit=3)[-600:]
        Reporter(REPORT_FD, job["marker"]).emit({"ev": "setup-failed", "error": reason})
        os._exit(SETUP_FAILED)
    run_job(job, job.pop("marker"), REPORT_FD, Prober(PROBE_FD, ANSWER_FD))
