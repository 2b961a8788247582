"""Task leases: several processes on one run split its tasks (a claimed-by row with a heartbeat per task).

Two processes that resume the same run (the same configuration and ``--db``)
would otherwise do the same task, and the second to write would stop at a
:class:`~codebudget.store.ConflictError`. With leases a process *claims* a task
before working on it, atomically (one ``BEGIN IMMEDIATE`` transaction), and
skips tasks that are finished or that another live process holds; while it
works, a :class:`Heartbeat` thread renews its leases; when the task is finished
or fails, it *releases* it (table ``task_leases``, migration 0006).

A lease can be taken over when

- its holder's process is gone: on this machine (the same boot and pid
  namespace) its pid no longer runs, or runs a process started at another time
  (a reused pid). This is checked on every claim, so a rerun after ``kill -9``
  waits for nothing;
- its expiry has passed: the holder stopped renewing it (a process on another
  machine that died, or one stopped for longer than the lease).

Finished tasks (their ``task_results`` row) stay the source of truth: a
finished task is never claimed, and a lease never stops a result from being
read or written. Claims, renewals and releases are safe to repeat: claiming a
task one holds renews it; releasing twice does nothing.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import os
import secrets
import socket
import sqlite3
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional

from codebudget.store.connection import connect, transaction
from codebudget.store.errors import StoreError

if TYPE_CHECKING:
    from codebudget.store.store import Store

#: How long a lease lasts without a renewal, unless ``$CODEBUDGET_LEASE_S`` says otherwise.
DEFAULT_DURATION_S = 180.0
DURATION_ENV = "CODEBUDGET_LEASE_S"
#: Renewals per lease duration: a holder must miss this many in a row to lose its lease.
BEATS_PER_LEASE = 6

TaskKey = tuple[str, str, str]  # (config_hash, benchmark, task_id)
Clock = Callable[[], float]


def duration_from_env(default: float = DEFAULT_DURATION_S) -> float:
    """The lease duration in seconds: ``$CODEBUDGET_LEASE_S`` if set, else ``default``."""
    text = os.environ.get(DURATION_ENV, "").strip()
    if not text:
        return default
    try:
        return checked_duration(float(text))
    except ValueError:
        raise StoreError(f"{DURATION_ENV} must be a positive number of seconds, got {text!r}") from None


def checked_duration(seconds: float) -> float:
    """``seconds`` if it is a usable lease duration; ValueError otherwise."""
    if not (math.isfinite(seconds) and seconds > 0):
        raise ValueError(f"a lease duration must be a positive number of seconds, got {seconds!r}")
    return float(seconds)


@dataclasses.dataclass(frozen=True)
class Holder:
    """A process that holds leases: host, pid and a random token (its name is ``host:pid:token``).

    ``space`` names where the pid means something (boot id and pid namespace;
    None where ``/proc`` cannot tell) and ``started`` the process's start time
    there, so that a reused pid is not mistaken for the holder.
    """

    host: str
    pid: int
    token: str
    space: Optional[str] = None
    started: Optional[str] = None

    @property
    def name(self) -> str:
        """The identity stored with each lease."""
        return f"{self.host}:{self.pid}:{self.token}"

    def __str__(self) -> str:
        return f"pid {self.pid} on {self.host}"

    @classmethod
    def current(cls) -> Holder:
        """This process (one holder per process; a forked child gets its own)."""
        global _CURRENT
        pid = os.getpid()
        if _CURRENT is None or _CURRENT.pid != pid:
            _CURRENT = cls(socket.gethostname(), pid, secrets.token_hex(6), _pid_space(), _started(pid))
        return _CURRENT


_CURRENT: Holder | None = None


def _pid_space() -> str | None:
    """Where pids of this process's world are unique: the boot id and the pid namespace (Linux)."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        return None
    return f"{boot}/{namespace}"


def _started(pid: int) -> str | None:
    """Process ``pid``'s start time (clock ticks after boot); None if it is gone, a zombie or unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2:].split()  # after "pid (name) ": state is field 3, starttime field 22
    if len(fields) < 20 or fields[0] in ("Z", "X"):
        return None
    return fields[19]


def holder_alive(holder: Holder) -> bool | None:
    """Whether ``holder``'s process still runs: True or False where this machine can tell, else None."""
    me = Holder.current()
    if holder.space is not None or me.space is not None:
        if holder.space != me.space:
            return None  # another machine, boot or pid namespace: only the lease's expiry tells
        if holder.pid == me.pid and holder.started == me.started:
            return True  # this process
        return holder.started is not None and _started(holder.pid) == holder.started
    if holder.host != me.host:
        return None
    if holder.pid == me.pid:
        return holder.token == me.token
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return None
    return True


@dataclasses.dataclass(frozen=True)
class Lease:
    """One task's lease: who holds it, since when, its last renewal and when it expires (Unix seconds)."""

    config_hash: str
    benchmark: str
    task_id: str
    holder: Holder
    claimed_at: float
    heartbeat_at: float
    expires_at: float

    @property
    def key(self) -> TaskKey:
        """``(config_hash, benchmark, task_id)``."""
        return (self.config_hash, self.benchmark, self.task_id)


class Status(enum.Enum):
    """What a claim found."""

    CLAIMED = "claimed"  # the task is this holder's now
    FINISHED = "finished"  # the task has its result: nothing to do
    HELD = "held"  # another live holder works on it


@dataclasses.dataclass(frozen=True)
class Claim:
    """The outcome of :meth:`TaskLeases.claim`.

    ``lease`` is this holder's new lease (claimed) or the other holder's (held);
    ``replaced`` is the lease that was taken over, and ``reason`` says why.
    """

    status: Status
    lease: Lease | None = None
    replaced: Lease | None = None
    reason: str = ""


_WHERE = "config_hash = ? AND benchmark = ? AND task_id = ?"


class TaskLeases:
    """Claim, renew and release task leases for one holder, on one connection.

    ``duration_s`` (default: :func:`duration_from_env`) is how long a lease
    lasts without renewal; ``clock`` gives Unix seconds; ``alive`` tells
    whether a holder's process runs (True/False, or None when it cannot tell).
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        holder: Holder | None = None,
        duration_s: float | None = None,
        clock: Clock = time.time,
        alive: Callable[[Holder], bool | None] = holder_alive,
    ) -> None:
        self._conn = conn
        self.holder = holder or Holder.current()
        self.duration_s = duration_from_env() if duration_s is None else checked_duration(duration_s)
        self._clock = clock
        self._alive = alive

    @classmethod
    def of(cls, store: Store, **options: Any) -> TaskLeases:
        """Leases on ``store``'s own connection (use it from the thread that uses the store)."""
        return cls(store._conn, **options)  # the store package's own connection

    # -- the three writes ------------------------------------------------------

    def claim(self, config_hash: str, benchmark: str, task_id: str) -> Claim:
        """Take the task unless it is finished or another live holder has it; atomic.

        Claiming a task this holder already holds renews the lease. A lease
        whose process is gone (on this machine) or whose expiry has passed is
        taken over; the claim says whose it was and why.
        """
        key = (config_hash, benchmark, task_id)
        status, lease, reason = self._look(key)  # a read first: finished or held tasks take no write lock
        if status is Status.HELD or (status is Status.FINISHED and not (lease and reason)):
            return Claim(status, lease)
        with transaction(self._conn):
            status, lease, reason = self._look(key)
            if status is Status.FINISHED:
                if lease is not None and reason:
                    self._conn.execute(f"DELETE FROM task_leases WHERE {_WHERE}", key)
                return Claim(status, lease)
            if status is Status.HELD:
                return Claim(status, lease)
            now = self._clock()
            mine = self._lease(key, now, now)
            if lease is None:
                self._conn.execute(
                    "INSERT INTO task_leases (config_hash, benchmark, task_id, holder, host, pid, space, started, "
                    "claimed_at, heartbeat_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*key, *self._holder_columns(), now, now, mine.expires_at),
                )
                return Claim(Status.CLAIMED, mine)
            if lease.holder.name == self.holder.name:
                self._conn.execute(f"UPDATE task_leases SET heartbeat_at = ?, expires_at = ? WHERE {_WHERE}",
                                   (now, mine.expires_at, *key))
                return Claim(Status.CLAIMED, dataclasses.replace(mine, claimed_at=lease.claimed_at))
            self._conn.execute(
                "UPDATE task_leases SET holder = ?, host = ?, pid = ?, space = ?, started = ?, claimed_at = ?, "
                f"heartbeat_at = ?, expires_at = ? WHERE {_WHERE}",
                (*self._holder_columns(), now, now, mine.expires_at, *key),
            )
            return Claim(Status.CLAIMED, mine, replaced=lease, reason=reason)

    def renew(self, config_hash: str, benchmark: str, task_id: str) -> bool:
        """Extend this holder's lease by its duration from now; False if the lease is no longer its own."""
        now = self._clock()
        cursor = self._conn.execute(
            f"UPDATE task_leases SET heartbeat_at = ?, expires_at = ? WHERE {_WHERE} AND holder = ?",
            (now, now + self.duration_s, config_hash, benchmark, task_id, self.holder.name),
        )
        return cursor.rowcount == 1

    def release(self, config_hash: str, benchmark: str, task_id: str) -> bool:
        """Give the task's lease up; False if this holder did not hold it (released already, or taken over)."""
        cursor = self._conn.execute(f"DELETE FROM task_leases WHERE {_WHERE} AND holder = ?",
                                    (config_hash, benchmark, task_id, self.holder.name))
        return cursor.rowcount == 1

    def release_all(self) -> int:
        """Give up every lease of this holder; return how many there were."""
        return self._conn.execute("DELETE FROM task_leases WHERE holder = ?", (self.holder.name,)).rowcount

    # -- reads -----------------------------------------------------------------

    def get(self, config_hash: str, benchmark: str, task_id: str) -> Lease | None:
        """The task's lease, whoever holds it (expired or not), or None."""
        row = self._conn.execute(f"SELECT * FROM task_leases WHERE {_WHERE}", (config_hash, benchmark, task_id))
        found = row.fetchone()
        return None if found is None else _lease_from(row.description, found)

    def leases(self, config_hash: str) -> list[Lease]:
        """Every lease of a run, by benchmark and task id."""
        rows = self._conn.execute("SELECT * FROM task_leases WHERE config_hash = ? ORDER BY benchmark, task_id",
                                  (config_hash,))
        return [_lease_from(rows.description, found) for found in rows.fetchall()]

    def vacancy(self, lease: Lease) -> str:
        """Why ``lease`` may be taken over ("" if it may not): its process is gone, or it expired."""
        if lease.holder.name == self.holder.name:
            return "this holder's own lease"
        if self._alive(lease.holder) is False:
            return "its process is gone"
        now = self._clock()
        if lease.expires_at <= now:
            return f"its lease expired {now - lease.expires_at:.0f} s ago"
        return ""

    # -- helpers ---------------------------------------------------------------

    def _look(self, key: TaskKey) -> tuple[Status, Lease | None, str]:
        finished = self._conn.execute(f"SELECT 1 FROM task_results WHERE {_WHERE}", key).fetchone() is not None
        lease = self.get(*key)
        reason = "" if lease is None else self.vacancy(lease)
        if finished:
            return Status.FINISHED, lease, reason
        if lease is not None and not reason:
            return Status.HELD, lease, ""
        return Status.CLAIMED, lease, "" if lease is None or lease.holder.name == self.holder.name else reason

    def _lease(self, key: TaskKey, claimed_at: float, now: float) -> Lease:
        return Lease(*key, self.holder, claimed_at, now, now + self.duration_s)

    def _holder_columns(self) -> tuple[Any, ...]:
        h = self.holder
        return (h.name, h.host, h.pid, h.space, h.started)


def _lease_from(description: Any, found: tuple[Any, ...]) -> Lease:
    row = dict(zip((d[0] for d in description), found))
    token = str(row["holder"]).rsplit(":", 1)[-1]
    holder = Holder(row["host"], int(row["pid"]), token, row["space"], row["started"])
    return Lease(row["config_hash"], row["benchmark"], row["task_id"], holder,
                 float(row["claimed_at"]), float(row["heartbeat_at"]), float(row["expires_at"]))


class Heartbeat:
    """Renews a holder's leases every ``interval_s`` from a background thread with its own connection.

    The thread keeps a lease alive while the task's work runs (a model call
    can take minutes). ``watch`` a task when it is claimed and ``unwatch`` it
    before releasing; :meth:`lost` says whether a renewal found the lease
    taken over (this process was stopped for longer than the lease). A store
    in ``:memory:`` needs no heartbeat: no other process can see it.
    """

    def __init__(self, path: str | Path, holder: Holder, duration_s: float, *, interval_s: float | None = None,
                 clock: Clock = time.time) -> None:
        self.path = str(path)
        self.holder = holder
        self.duration_s = checked_duration(duration_s)
        self.interval_s = interval_s if interval_s is not None else duration_s / BEATS_PER_LEASE
        self._clock = clock
        self._keys: set[TaskKey] = set()
        self._lost: set[TaskKey] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Heartbeat:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Start renewing (once)."""
        if self._thread is None and self.path != ":memory:":
            self._thread = threading.Thread(target=self._beat, name="codebudget-lease-heartbeat", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop renewing; the leases stay until they are released or expire."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5.0)

    def watch(self, key: TaskKey) -> None:
        """Renew this task's lease from now on."""
        with self._lock:
            self._keys.add(key)
            self._lost.discard(key)

    def unwatch(self, key: TaskKey) -> None:
        """Stop renewing this task's lease (before releasing it)."""
        with self._lock:
            self._keys.discard(key)

    def lost(self, key: TaskKey) -> bool:
        """Whether a renewal found this task's lease held by someone else (or gone)."""
        with self._lock:
            return key in self._lost

    def _beat(self) -> None:
        try:
            conn = connect(self.path)
        except Exception:  # noqa: BLE001 - a thread must not die loudly: the leases then expire, others take over
            return
        try:
            leases = TaskLeases(conn, holder=self.holder, duration_s=self.duration_s, clock=self._clock)
            while not self._stop.wait(self.interval_s):
                with self._lock:
                    keys = list(self._keys)
                for key in keys:
                    try:
                        kept = leases.renew(*key)
                    except sqlite3.Error:
                        continue  # the database was busy: try again at the next beat
                    if not kept:
                        with self._lock:
                            if key in self._keys:
                                self._lost.add(key)
        finally:
            conn.close()
