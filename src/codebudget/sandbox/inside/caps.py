"""Keeping exactly one capability across the switch to uid 65534.

In the fallback the child drops from root to uid 65534. The interpreter's own
files may not be readable by that user (a Python under ``/root``), so the child
keeps ``CAP_DAC_READ_SEARCH``, and only while Landlock (which still allows reads
under the interpreter's paths alone) and seccomp (which refuses
``open_by_handle_at``) are in force. The capability is made ambient so that a
Python subprocess the program starts keeps it too.
"""

from __future__ import annotations

import ctypes
import os
import struct

CAP_DAC_READ_SEARCH = 2
_PR_SET_KEEPCAPS, _PR_CAP_AMBIENT, _PR_CAP_AMBIENT_RAISE = 8, 47, 2
_VERSION_3 = 0x20080522

_libc = ctypes.CDLL(None, use_errno=True)
_long = ctypes.c_long


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def become(uid: int, gid: int, keep: int | None) -> None:
    """Switch to ``uid``/``gid`` with no supplementary groups, keeping capability ``keep``."""
    if keep is not None:
        _check(_libc.prctl(_PR_SET_KEEPCAPS, _long(1), _long(0), _long(0), _long(0)), "keepcaps")
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if keep is None:
        return
    mask = 1 << keep
    header = ctypes.create_string_buffer(struct.pack("<Ii", _VERSION_3, 0))
    data = ctypes.create_string_buffer(struct.pack("<6I", mask, mask, mask, 0, 0, 0))
    _check(_libc.capset(header, data), "capset")
    raise_ambient = _libc.prctl(
        _PR_CAP_AMBIENT, _long(_PR_CAP_AMBIENT_RAISE), _long(keep), _long(0), _long(0)
    )
    _check(raise_ambient, "ambient capability")
