"""Host IPC a program must not reach, and IPC objects a run must not leave behind.

Each attack runs through a real sandbox on the ``namespaces`` and the ``fallback``
path: a pathname (and an abstract) UNIX socket the test listens on in a
world-writable directory; a System V shared-memory segment and message queue the
test creates with mode 0666; and System V objects (plus POSIX shared memory) a
run creates and leaves. Afterwards the host's sockets received nothing, its
segment is unchanged, no IPC object of the run's uid is left on the host, a
``namespaces`` worker's next run finds its IPC namespace empty, and a benign
canary passes on every worker.
"""

from __future__ import annotations

import ctypes
import os
import secrets
import socket
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sandbox_support import HostState, assert_canary_passes

from codebudget.records import ExecStatus as S
from codebudget.sandbox import Job, Limits, open_sandbox
from codebudget.sandbox.pool import ForkServerSandbox

NOBODY = 65534
IPC_CREAT, IPC_EXCL, IPC_RMID = 0o1000, 0o2000, 0
LIMITS = Limits(timeout_s=5.0, memory_mb=512)
SHM_CONTENT = b"host-shm-" + secrets.token_hex(8).encode()

_libc = ctypes.CDLL(None, use_errno=True)
_libc.shmat.restype = ctypes.c_void_p
_libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
_libc.shmdt.argtypes = [ctypes.c_void_p]


def _render(code: str, values: dict[str, object]) -> str:
    for key, value in values.items():
        code = code.replace(f"@{key}@", repr(value))
    return code


def _key() -> int:
    return secrets.randbelow(1 << 30) + 1


def ipc_objects(uids: set[int]) -> set[tuple[str, int]]:
    """The host's System V IPC objects created by ``uids``, as (kind, id)."""
    found = set()
    for kind in ("shm", "sem", "msg"):
        lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()
        names = lines[0].split()
        for line in lines[1:]:
            row = dict(zip(names, line.split()))
            if int(row["cuid"]) in uids:
                found.add((kind, int(line.split()[1])))
    return found


def dev_shm_of(uids: set[int]) -> set[str]:
    """POSIX shared memory (files in the host's /dev/shm) owned by ``uids``."""
    found = set()
    for entry in os.scandir("/dev/shm"):
        try:
            if entry.stat(follow_symlinks=False).st_uid in uids:
                found.add(entry.name)
        except OSError:
            continue
    return found


def run_uids(sandbox: ForkServerSandbox) -> set[int]:
    """The uids a program of ``sandbox`` may create host objects as."""
    return {NOBODY, int(sandbox.features.get("uid", NOBODY))}


@pytest.fixture(autouse=True)
def _remove_what_a_failed_test_left() -> Iterator[None]:
    """Should a run reach the host after all, remove what uid 65534 made during the test."""
    before = ipc_objects({NOBODY})
    yield
    for kind, ident in ipc_objects({NOBODY}) - before:
        if kind == "sem":
            _libc.semctl(ident, 0, IPC_RMID)
        else:
            getattr(_libc, f"{kind}ctl")(ident, IPC_RMID, None)


def run_on_every_worker(sandbox: ForkServerSandbox, job: Job) -> None:
    for result in sandbox.run_many([job] * (2 * sandbox.workers)):
        assert result.status is S.PASSED, result


# --- (a) a pathname UNIX socket on the host -------------------------------------------------


@dataclass
class UnixListeners:
    stream_path: str
    dgram_path: str
    abstract: bytes
    sockets: list[socket.socket]

    def assert_nothing_arrived(self) -> None:
        stream, dgram, abstract = self.sockets
        for listener in (stream, abstract):
            with pytest.raises(BlockingIOError):
                connection, _ = listener.accept()
                connection.close()
        with pytest.raises(BlockingIOError):
            dgram.recv(64)


@pytest.fixture
def unix_listeners() -> Iterator[UnixListeners]:
    """Stream and datagram sockets (mode 0777) in a world-writable directory; an abstract one."""
    root = Path(tempfile.mkdtemp(prefix="codebudget-unix-"))
    root.chmod(0o777)
    stream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dgram = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listeners = UnixListeners(
        str(root / "host.sock"),
        str(root / "host.dgram"),
        b"\0codebudget-test-" + secrets.token_hex(6).encode(),
        [stream, dgram, abstract],
    )
    try:
        stream.bind(listeners.stream_path)
        dgram.bind(listeners.dgram_path)
        abstract.bind(listeners.abstract)
        for path in (listeners.stream_path, listeners.dgram_path):
            os.chmod(path, 0o777)
        for sock in listeners.sockets:
            sock.setblocking(False)
        stream.listen(8)
        abstract.listen(8)
        yield listeners
    finally:
        for sock in listeners.sockets:
            sock.close()
        for path in root.iterdir():
            path.unlink()
        root.rmdir()


UNIX_ATTACK = """
import ctypes, socket, _socket
reached = []

def attempt(name, action):
    try:
        action()
    except OSError:
        return
    reached.append(name)

def stream(address):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(0.5)
    s.connect(address)
    s.sendall(b'exfiltrated')

def raw_socket():
    s = _socket.socket(1, 1)
    s.connect(@STREAM@)
    s.send(b'exfiltrated')

def ctypes_socket():
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.socket(1, 1, 0)
    if fd < 0:
        raise OSError(ctypes.get_errno(), 'socket')
    s = socket.socket(fileno=fd)
    s.connect(@STREAM@)
    s.sendall(b'exfiltrated')

def dgram():
    socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b'exfiltrated', @DGRAM@)

def dgram_pair_sendto():
    a, _ = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    a.sendto(b'exfiltrated', @DGRAM@)

def dgram_pair_connect():
    a, _ = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    a.connect(@DGRAM@)
    a.send(b'exfiltrated')

def stream_pair_sendto():
    a, _ = socket.socketpair()
    a.sendto(b'exfiltrated', @DGRAM@)

def stream_pair_connect():
    a, _ = socket.socketpair()
    a.connect(@STREAM@)
    a.sendall(b'exfiltrated')

attempt('stream', lambda: stream(@STREAM@))
attempt('abstract', lambda: stream(@ABSTRACT@))
for action in (raw_socket, ctypes_socket, dgram, dgram_pair_sendto, dgram_pair_connect,
               stream_pair_sendto, stream_pair_connect):
    attempt(action.__name__, action)

a, b = socket.socketpair()  # a connected stream pair still works (asyncio needs one)
a.sendall(b'ok')
paired = b.recv(2)
"""


def test_unix_socket_on_the_host_is_unreachable(
    sandbox: ForkServerSandbox, host_state: HostState, unix_listeners: UnixListeners
) -> None:
    code = _render(
        UNIX_ATTACK,
        {
            "STREAM": unix_listeners.stream_path,
            "DGRAM": unix_listeners.dgram_path,
            "ABSTRACT": unix_listeners.abstract,
        },
    )
    job = Job(code=code, tests=("assert reached == [], reached", "assert paired == b'ok'"))
    result = sandbox.run(job)
    assert result.status is S.PASSED, result
    unix_listeners.assert_nothing_arrived()
    assert_canary_passes(sandbox)
    host_state.assert_unchanged()
    unix_listeners.assert_nothing_arrived()


# --- (b) System V IPC objects of the host ---------------------------------------------------


@dataclass
class HostIpc:
    shm_key: int
    shm_id: int
    address: int
    msg_key: int
    msg_id: int

    def content(self) -> bytes:
        return ctypes.string_at(self.address, len(SHM_CONTENT))

    def queued(self) -> int:
        for line in Path("/proc/sysvipc/msg").read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1]) == self.msg_id:
                return int(fields[4])  # qnum
        raise AssertionError("the host's message queue is gone")

    def assert_unchanged(self) -> None:
        assert self.content() == SHM_CONTENT
        assert ("shm", self.shm_id) in ipc_objects({os.geteuid()})
        assert self.queued() == 0


def _checked(value: int, what: str) -> int:
    if value < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")
    return value


@pytest.fixture
def host_ipc() -> Iterator[HostIpc]:
    """A shared-memory segment with known content and a message queue, both mode 0666."""
    shm_key, msg_key = _key(), _key()
    flags = IPC_CREAT | IPC_EXCL | 0o666
    shm_id = _checked(_libc.shmget(shm_key, 4096, flags), "shmget")
    address = msg_id = -1
    try:
        address = _libc.shmat(shm_id, None, 0)
        if address in (None, ctypes.c_void_p(-1).value):
            raise OSError(ctypes.get_errno(), "shmat")
        ctypes.memmove(address, SHM_CONTENT, len(SHM_CONTENT))
        msg_id = _checked(_libc.msgget(msg_key, flags), "msgget")
        yield HostIpc(shm_key, shm_id, address, msg_key, msg_id)
    finally:
        if address not in (-1, None, ctypes.c_void_p(-1).value):
            _libc.shmdt(address)
        _libc.shmctl(shm_id, IPC_RMID, None)
        if msg_id >= 0:
            _libc.msgctl(msg_id, IPC_RMID, None)


SYSV_ATTACK = """
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
reached = []

def overwrite(shmid):
    address = libc.shmat(shmid, None, 0)
    if address in (None, ctypes.c_void_p(-1).value):
        return
    reached.append(('read', shmid, ctypes.string_at(address, 16)))
    ctypes.memmove(address, b'PWNED', 5)

by_key = libc.shmget(@SHM_KEY@, 0, 0o666)
if by_key >= 0:
    reached.append(('shmget by key', by_key))
    overwrite(by_key)
overwrite(@SHM_ID@)
queue = libc.msgget(@MSG_KEY@, 0o666)
if queue >= 0:
    reached.append(('msgget by key', queue))
message = ctypes.create_string_buffer(b'\\x01' + b'\\x00' * 7 + b'exfiltrated')
for target in {queue, @MSG_ID@}:
    if target >= 0 and libc.msgsnd(target, message, 11, 0o4000) == 0:
        reached.append(('msgsnd', target))
if libc.shmctl(@SHM_ID@, 0, None) == 0:
    reached.append('removed the host segment')

created, errors = {}, set()
for name, call in (
    ('msg', lambda: libc.msgget(0, 0o1000 | 0o600)),
    ('msg by key', lambda: libc.msgget(@NEW_KEY@, 0o1000 | 0o666)),
    ('sem', lambda: libc.semget(0, 1, 0o1000 | 0o600)),
    ('sem by key', lambda: libc.semget(@NEW_KEY@, 1, 0o1000 | 0o666)),
    ('shm', lambda: libc.shmget(0, 1 << 20, 0o1000 | 0o600)),
    ('mq_open', lambda: libc.syscall(240, b'codebudget', 0o100 | 2, 0o600, None)),
):
    created[name] = call()
    if created[name] < 0:
        errors.add(ctypes.get_errno())
"""


def test_host_sysv_ipc_is_out_of_reach(
    sandbox: ForkServerSandbox, host_state: HostState, host_ipc: HostIpc
) -> None:
    before = ipc_objects(run_uids(sandbox))
    code = _render(
        SYSV_ATTACK,
        {
            "SHM_KEY": host_ipc.shm_key,
            "SHM_ID": host_ipc.shm_id,
            "MSG_KEY": host_ipc.msg_key,
            "MSG_ID": host_ipc.msg_id,
            "NEW_KEY": _key(),
        },
    )
    tests = ["assert reached == [], reached"]
    if sandbox.isolation == "fallback":  # seccomp: every System V and mqueue call is EPERM
        tests += ["assert set(created.values()) == {-1}, created", "assert errors == {1}, errors"]
    else:  # a private IPC namespace: System V works there; POSIX message queues are EPERM
        tests += ["assert created.pop('mq_open') == -1 and errors == {1}, (created, errors)"]
        tests += ["assert min(created.values()) >= 0, created"]
    result = sandbox.run(Job(code=code, tests=tuple(tests), limits=LIMITS))
    assert result.status is S.PASSED, result
    host_ipc.assert_unchanged()
    assert ipc_objects(run_uids(sandbox)) == before
    assert_canary_passes(sandbox)
    host_state.assert_unchanged()
    host_ipc.assert_unchanged()


# --- (c) what a run creates is gone when it ends --------------------------------------------

LEAVE_IPC = """
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
segments = []
for _ in range(3):
    shmid = libc.shmget(0, 8 << 20, 0o1000 | 0o600)
    if shmid >= 0:
        address = libc.shmat(shmid, None, 0)
        ctypes.memset(address, 1, 8 << 20)  # real pages, not just a reservation
        segments.append(shmid)
keyed = [libc.shmget(@KEY@, 1 << 20, 0o1000 | 0o666), libc.semget(@KEY@, 1, 0o1000 | 0o666),
         libc.msgget(@KEY@, 0o1000 | 0o666)]
posix = False
if @POSIX@:
    try:
        import _posixshmem
        fd = _posixshmem.shm_open('/codebudget-left-behind', os.O_CREAT | os.O_RDWR, 0o600)
        os.ftruncate(fd, 1 << 20)
        posix = True
    except OSError:
        pass
"""

FIND_LEFTOVERS = """
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
rows = {k: open(f'/proc/sysvipc/{k}').read().splitlines()[1:] for k in ('shm', 'sem', 'msg')}
by_key = [libc.shmget(@KEY@, 0, 0), libc.semget(@KEY@, 0, 0), libc.msgget(@KEY@, 0)]
dev_shm = os.listdir('/dev/shm')
"""


def test_ipc_a_run_leaves_is_removed(sandbox: ForkServerSandbox, host_state: HostState) -> None:
    uids = run_uids(sandbox)
    before, before_dev_shm = ipc_objects(uids), dev_shm_of(uids)
    key = _key()
    if sandbox.isolation == "fallback":
        tests = ("assert segments == [] and keyed == [-1, -1, -1], (segments, keyed)",)
        tests += ("assert not posix",)  # Landlock: no /dev/shm
    else:
        tests = ("assert len(segments) == 3 and min(keyed) >= 0, (segments, keyed)",)
        tests += ("assert posix",)
    leave = Job(code=_render(LEAVE_IPC, {"KEY": key, "POSIX": True}), tests=tests, limits=LIMITS)
    run_on_every_worker(sandbox, leave)
    assert ipc_objects(uids) == before
    assert dev_shm_of(uids) == before_dev_shm
    if sandbox.isolation == "namespaces":  # the same workers' next runs find nothing
        check = (
            "assert rows == {'shm': [], 'sem': [], 'msg': []}, rows",
            "assert by_key == [-1, -1, -1], by_key",
            "assert dev_shm == [], dev_shm",
        )
        run_on_every_worker(sandbox, Job(code=_render(FIND_LEFTOVERS, {"KEY": key}), tests=check))
    assert_canary_passes(sandbox)
    host_state.assert_unchanged()
    assert ipc_objects(uids) == before


def test_host_worker_removes_ipc_without_seccomp(host_ipc: HostIpc) -> None:
    """Where seccomp does not refuse System V IPC (``unsafe``), the host worker still
    removes what a run made, and nothing else."""
    key = _key()
    with open_sandbox("unsafe", workers=1) as sandbox:
        uids = run_uids(sandbox)
        before = ipc_objects(uids)
        tests = ("assert len(segments) == 3 and min(keyed) >= 0, (segments, keyed)",)
        code = _render(LEAVE_IPC, {"KEY": key, "POSIX": False})  # it would land in /dev/shm
        leave = Job(code=code, tests=tests, limits=LIMITS)
        for _ in range(2):
            result = sandbox.run(leave)
            assert result.status is S.PASSED, result
            assert ipc_objects(uids) == before
        host_ipc.assert_unchanged()
        assert_canary_passes(sandbox)
