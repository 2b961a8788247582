"""Removing the System V IPC objects a run created: shared memory, semaphores, message queues.

A segment, semaphore set or queue outlives the process that made it. Inside a
``namespaces`` worker the IPC namespace is the worker's alone, so after every
run the worker removes every object in it. On the host (fallback, unsafe) it
removes only what the run could have made: objects that did not exist before
the run, created by the run's uid, and (shared memory, which records its
creator's pid) whose creator is no longer alive; the host's own objects stay.
In the fallback seccomp refuses these calls, so there this is a second line.
"""

from __future__ import annotations

import contextlib
import ctypes
import os

IPC_RMID = 0
_KINDS = ("shm", "sem", "msg")
_libc = ctypes.CDLL(None, use_errno=True)


def _rows(kind: str) -> list[dict[str, int]]:
    """The rows of ``/proc/sysvipc/<kind>`` as dicts (``id`` is the object's id)."""
    try:
        with open(f"/proc/sysvipc/{kind}") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return []
    if not lines:
        return []
    names = lines[0].split()
    names[1] = "id"  # shmid, semid, msqid
    rows = []
    for line in lines[1:]:
        values = line.split()
        if len(values) >= len(names):
            with contextlib.suppress(ValueError):
                rows.append({name: int(value) for name, value in zip(names, values)})
    return rows


_SHM_INFO, _SEM_INFO, _MSG_INFO = 14, 19, 12
_info = ctypes.create_string_buffer(256)  # large enough for shm_info, seminfo and msginfo


def count() -> int:
    """How many System V IPC objects exist (in this IPC namespace), from three cheap calls.

    Reading ``/proc/sysvipc`` costs about a tenth of a millisecond per run; these
    calls cost microseconds, so the files are read only when something exists.
    ``shm_info.used_ids``, ``seminfo.semusz`` (sets in use) and, for ``MSG_INFO``,
    ``msginfo.msgpool`` (queues in use) are the counts; a call that fails counts as
    "maybe some", so the files are read then.
    """
    total = 0
    for call, command, field in (
        (lambda: _libc.shmctl(0, _SHM_INFO, _info), _SHM_INFO, 0),
        (lambda: _libc.semctl(0, 0, _SEM_INFO, _info), _SEM_INFO, 7),
        (lambda: _libc.msgctl(0, _MSG_INFO, _info), _MSG_INFO, 0),
    ):
        ctypes.memset(_info, 0, len(_info))
        if call() < 0:
            return 1
        total += ctypes.c_int.from_buffer(_info, 4 * field).value
    return total


def snapshot() -> frozenset[tuple[str, int]]:
    """Every System V IPC object that exists now, as (kind, id)."""
    if count() == 0:
        return frozenset()
    return frozenset((kind, row["id"]) for kind in _KINDS for row in _rows(kind))


def _alive(pid: int) -> bool:
    return pid > 0 and os.path.exists(f"/proc/{pid}")


def _remove(kind: str, ident: int) -> None:
    if kind == "shm":
        _libc.shmctl(ident, IPC_RMID, None)
    elif kind == "sem":
        _libc.semctl(ident, 0, IPC_RMID)
    else:
        _libc.msgctl(ident, IPC_RMID, None)


def remove(before: frozenset[tuple[str, int]] | None, creator: int | None) -> int:
    """Remove the objects a run left; how many were found.

    ``before`` is :func:`snapshot` taken before the run and ``creator`` the
    run's uid (host); ``None`` for both removes every object (a private IPC
    namespace).
    """
    found = 0
    if count() == 0:
        return 0
    for kind in _KINDS:
        for row in _rows(kind):
            if before is not None and (kind, row["id"]) in before:
                continue
            if creator is not None and row.get("cuid") != creator:
                continue
            if creator is not None and _alive(row.get("cpid", 0)):
                continue
            _remove(kind, row["id"])
            found += 1
    return found
