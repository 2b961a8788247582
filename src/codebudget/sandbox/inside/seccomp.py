"""A seccomp-BPF filter (x86-64), assembled by hand: stdlib only, no libseccomp.

Denied with EPERM: signals to -1, to pid 1, to the worker or to the host
parent, ptrace and cross-process memory access, namespace creation (unshare,
setns, clone with namespace flags), mounts, kernel keyrings, BPF, module
loading, reboot, clock setting and POSIX message queues. Network sockets
(anything but AF_UNIX) answer EACCES. ``clone3`` and io_uring answer ENOSYS
(their arguments cannot be inspected; libc falls back to ``clone``).
Foreign-architecture and x32 system calls are refused.

On the host (``host=True``: the fallback, which shares the host's file system
and IPC namespace) the filter also refuses, with EACCES, every ``socket``
(AF_UNIX too: Landlock does not cover ``connect`` to a pathname socket) and
every ``socketpair`` but an AF_UNIX stream or seqpacket pair (a datagram pair
could ``sendto`` a pathname socket; stream and seqpacket pairs are connected
and ignore or refuse an address, and asyncio needs them); and, with EPERM, the
System V IPC calls, so a program can neither reach the host's shared memory,
semaphores and message queues nor leave any behind.

Everything else is allowed: the filter narrows the kernel surface, the rest of
the sandbox (namespaces or Landlock, rlimits, cgroups) does the confining.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import struct
import sys

_AUDIT_ARCH_X86_64 = 0xC000003E
_X32_BIT = 0x40000000
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_RET_KILL_PROCESS = 0x80000000
_LD_W_ABS, _AND_K, _JEQ, _JGE, _JSET, _RET = 0x20, 0x54, 0x15, 0x35, 0x45, 0x06
_OFF_NR, _OFF_ARCH, _OFF_ARG0, _OFF_ARG1 = 0, 4, 16, 24
_AF_UNIX = 1
_SOCK_TYPE_MASK, _SOCK_STREAM, _SOCK_SEQPACKET = 0xF, 1, 5
_NS_FLAGS = 0x7E020000  # CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _PR_GET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 21, 2

_SOCKET, _SOCKETPAIR, _KILL, _TKILL, _TGKILL, _CLONE = 41, 53, 62, 200, 234, 56
_DENY = (
    101,
    310,
    311,  # ptrace, process_vm_readv, process_vm_writev
    272,
    308,
    165,
    166,
    155,
    161,  # unshare, setns, mount, umount2, pivot_root, chroot
    428,
    429,
    430,
    431,
    432,
    433,
    442,  # open_tree, move_mount, fsopen..fspick, mount_setattr
    434,
    424,
    438,
    129,
    297,  # pidfd_open, pidfd_send_signal, pidfd_getfd, rt_(tg)sigqueueinfo
    321,
    298,
    323,
    312,
    440,  # bpf, perf_event_open, userfaultfd, kcmp, process_madvise
    248,
    249,
    250,  # add_key, request_key, keyctl
    246,
    320,
    175,
    313,
    176,
    169,  # kexec_*, init/finit/delete_module, reboot
    167,
    168,
    163,
    179,
    103,  # swapon, swapoff, acct, quotactl, syslog
    164,
    227,
    159,
    305,
    135,  # settimeofday, clock_settime, adjtimex, clock_adjtime, personality
    303,
    304,
    172,
    173,
    153,  # name_to_handle_at, open_by_handle_at, iopl, ioperm, vhangup
)
_MQUEUE = (240, 241, 242, 243, 244, 245)  # mq_open .. mq_getsetattr
_SYSV_IPC = (
    29,
    30,
    31,
    67,  # shmget, shmat, shmctl, shmdt
    64,
    65,
    66,
    220,  # semget, semop, semctl, semtimedop
    68,
    69,
    70,
    71,  # msgget, msgsnd, msgrcv, msgctl
)
_NOSYS = (435, 425, 426, 427)  # clone3, io_uring_setup, io_uring_enter, io_uring_register

_libc = ctypes.CDLL(None, use_errno=True)
_long = ctypes.c_long


class _Program:
    """A tiny BPF assembler with forward jumps to labels."""

    def __init__(self) -> None:
        self.code: list[tuple[int, int | str, int | str, int]] = []
        self.labels: dict[str, int] = {}

    def load(self, offset: int) -> None:
        self.code.append((_LD_W_ABS, 0, 0, offset))

    def jump(self, op: int, value: int, if_true: int | str, if_false: int | str = 0) -> None:
        self.code.append((op, if_true, if_false, value & 0xFFFFFFFF))

    def and_(self, mask: int) -> None:
        self.code.append((_AND_K, 0, 0, mask))

    def ret(self, value: int) -> None:
        self.code.append((_RET, 0, 0, value))

    def label(self, name: str) -> None:
        self.labels[name] = len(self.code)

    def assemble(self) -> bytes:
        out = bytearray()
        for index, (op, true, false, k) in enumerate(self.code):
            jt = self._offset(index, true)
            jf = self._offset(index, false)
            out += struct.pack("<HBBI", op, jt, jf, k)
        return bytes(out)

    def _offset(self, index: int, target: int | str) -> int:
        if isinstance(target, int):
            return target
        offset = self.labels[target] - index - 1
        if not 0 <= offset <= 255:
            raise ValueError(f"jump to {target} out of range")
        return offset


def supported() -> bool:
    """True on x86-64 Linux kernels with seccomp filtering."""
    if sys.platform != "linux" or platform.machine() not in ("x86_64", "AMD64"):
        return False
    return int(_libc.prctl(_PR_GET_SECCOMP, _long(0), _long(0), _long(0), _long(0))) >= 0


def build(protected_pids: list[int], host: bool = False) -> bytes:
    """The filter program; ``protected_pids`` may not be signalled (pid 1 always is).

    ``host``: the program runs in the host's namespaces (the fallback), so
    AF_UNIX sockets, datagram socket pairs and System V IPC are refused too.
    """
    pids = sorted({1, *(pid for pid in protected_pids if pid > 0)})
    groups = sorted({*pids, *(os.getpgid(pid) for pid in pids if _alive(pid))})
    p = _Program()
    p.load(_OFF_ARCH)
    p.jump(_JEQ, _AUDIT_ARCH_X86_64, 1)
    p.ret(_RET_KILL_PROCESS)
    p.load(_OFF_NR)
    p.jump(_JGE, _X32_BIT, "nosys")
    for nr in (*_DENY, *_MQUEUE, *(_SYSV_IPC if host else ())):
        p.jump(_JEQ, nr, "eperm")
    for nr in _NOSYS:
        p.jump(_JEQ, nr, "nosys")
    p.jump(_JEQ, _SOCKET, "eacces" if host else "socket")
    if host:
        p.jump(_JEQ, _SOCKETPAIR, "socketpair")
    p.jump(_JEQ, _KILL, "kill")
    p.jump(_JEQ, _TKILL, "tkill")
    p.jump(_JEQ, _TGKILL, "tkill")
    p.jump(_JEQ, _CLONE, "clone")
    p.ret(_RET_ALLOW)
    if host:
        p.label("socketpair")
        p.load(_OFF_ARG0)
        p.jump(_JEQ, _AF_UNIX, 0, "eacces")
        p.load(_OFF_ARG1)
        p.and_(_SOCK_TYPE_MASK)
        p.jump(_JEQ, _SOCK_STREAM, "allow")
        p.jump(_JEQ, _SOCK_SEQPACKET, "allow", "eacces")
    else:
        p.label("socket")
        p.load(_OFF_ARG0)
        p.jump(_JEQ, _AF_UNIX, "allow", "eacces")
    p.label("kill")
    p.load(_OFF_ARG0)
    for value in (-1, *pids, *(-group for group in groups)):
        p.jump(_JEQ, value, "eperm")
    p.ret(_RET_ALLOW)
    p.label("tkill")
    p.load(_OFF_ARG0)
    for pid in pids:
        p.jump(_JEQ, pid, "eperm")
    p.ret(_RET_ALLOW)
    p.label("clone")
    p.load(_OFF_ARG0)
    p.jump(_JSET, _NS_FLAGS, "eperm", "allow")
    p.label("allow")
    p.ret(_RET_ALLOW)
    p.label("eacces")
    p.ret(_RET_ERRNO | errno.EACCES)
    p.label("eperm")
    p.ret(_RET_ERRNO | errno.EPERM)
    p.label("nosys")
    p.ret(_RET_ERRNO | errno.ENOSYS)
    return p.assemble()


def _alive(pid: int) -> bool:
    try:
        os.getpgid(pid)
    except OSError:
        return False
    return True


class _Fprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install(program: bytes) -> None:
    """Load ``program`` for this process (and its future children); raises ``OSError``."""
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _Fprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    for option, arg in ((_PR_SET_NO_NEW_PRIVS, 1), (_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER)):
        pointer = ctypes.addressof(fprog) if option == _PR_SET_SECCOMP else 0
        if _libc.prctl(option, _long(arg), _long(pointer), _long(0), _long(0)) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"seccomp: {os.strerror(err)}")
