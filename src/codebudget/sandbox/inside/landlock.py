"""Landlock (Linux 5.13+) through raw system calls: an allowlist of paths.

A ruleset names the kinds of access it handles; anything handled and not
granted by a rule is denied. From ABI 4 TCP bind/connect are handled with no
rule (so denied); from ABI 6 signals and abstract unix sockets are scoped to
the process's own domain, so a program cannot signal the worker or the host.
"""

from __future__ import annotations

import ctypes
import os
import stat
import struct

_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_FS_ABI1 = (1 << 13) - 1
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
_FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV
READ = EXECUTE | READ_FILE | READ_DIR
_NET_TCP = 0b11  # bind and connect
_SCOPES = 0b11  # abstract unix sockets and signals

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long
_long = ctypes.c_long


class LandlockError(OSError):
    """Landlock refused a ruleset, a rule or the restriction."""


def abi_version() -> int:
    """The kernel's Landlock ABI version, or 0 where Landlock is unavailable."""
    version = _libc.syscall(
        _long(_SYS_CREATE_RULESET), None, _long(0), _long(_CREATE_RULESET_VERSION)
    )
    return max(int(version), 0)


def handled_fs(abi: int) -> int:
    """Every file-system access right this ABI knows."""
    rights = _FS_ABI1
    if abi >= 2:
        rights |= REFER
    if abi >= 3:
        rights |= TRUNCATE
    if abi >= 5:
        rights |= IOCTL_DEV
    return rights


def _check(result: int, what: str) -> int:
    if result < 0:
        errno = ctypes.get_errno()
        raise LandlockError(errno, f"landlock {what}: {os.strerror(errno)}")
    return result


def _ruleset_attr(abi: int) -> bytes:
    attr = struct.pack(
        "<QQQ", handled_fs(abi), _NET_TCP if abi >= 4 else 0, _SCOPES if abi >= 6 else 0
    )
    return attr[: 8 if abi < 4 else 16 if abi < 6 else 24]


def _add_path(ruleset: int, path: str, rights: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a path that does not exist needs no rule
    try:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            rights &= _FILE_RIGHTS
        rule = struct.pack("<Qi", rights, fd)
        result = _libc.syscall(
            _long(_SYS_ADD_RULE), _long(ruleset), _long(_RULE_PATH_BENEATH), rule, _long(0)
        )
        _check(result, f"rule {path}")
    finally:
        os.close(fd)


def build_ruleset(abi: int, read: list[str], write: list[str]) -> int:
    """A ruleset fd granting read access under ``read`` and all access under ``write``."""
    attr = _ruleset_attr(abi)
    result = _libc.syscall(_long(_SYS_CREATE_RULESET), attr, _long(len(attr)), _long(0))
    ruleset = _check(result, "create_ruleset")
    everything = handled_fs(abi)
    try:
        for path in read:
            _add_path(ruleset, path, READ & everything)
        for path in write:
            _add_path(ruleset, path, everything)
    except BaseException:
        os.close(ruleset)
        raise
    return ruleset


def restrict_self(ruleset: int) -> None:
    """Enforce ``ruleset`` on this thread and its future children (stacks on earlier ones)."""
    _check(
        _libc.prctl(_PR_SET_NO_NEW_PRIVS, _long(1), _long(0), _long(0), _long(0)), "no_new_privs"
    )
    _check(_libc.syscall(_long(_SYS_RESTRICT_SELF), _long(ruleset), _long(0)), "restrict_self")
