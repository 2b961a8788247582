"""The forked child: its own session, fresh descriptors and directory, confined, then the job."""

from __future__ import annotations

import os
import traceback
from typing import Any, NoReturn

from .confine import Confinement, apply
from .harness import Reporter, run_job

REPORT_FD = 3
SETUP_FAILED = 70


def _set_descriptors(stdout: int, stderr: int, report: int) -> None:
    devnull = os.open(os.devnull, os.O_RDONLY)
    for source, target in ((devnull, 0), (stdout, 1), (stderr, 2), (report, REPORT_FD)):
        if source != target:
            os.dup2(source, target)
    os.set_inheritable(REPORT_FD, False)


def _set_environment(job_dir: str) -> None:
    os.environ.clear()
    os.environ.update({"HOME": job_dir, "TMPDIR": job_dir, "LANG": "C.UTF-8"})
    os.chdir(job_dir)


def child_main(
    job: dict[str, Any], conf: Confinement, job_dir: str, pipes: tuple[int, int, int]
) -> NoReturn:
    """Become the sandboxed program: never returns."""
    try:
        os.setsid()
        _set_descriptors(*pipes)
        _set_environment(job_dir)
        apply(conf, job_dir, job["limits"])
        os.closerange(REPORT_FD + 1, 1 << 16)
    except BaseException:  # report any setup failure, then exit
        reason = traceback.format_exc(limit=3)[-600:]
        Reporter(REPORT_FD, job["marker"]).emit({"ev": "setup-failed", "error": reason})
        os._exit(SETUP_FAILED)
    run_job(job, job.pop("marker"), REPORT_FD)
