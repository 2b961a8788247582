"""Task leases on the real SQLite store: claim, renew, release, expiry and take-over, one winner across processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import store_factories as f

import codebudget
from codebudget.store import Store, StoreError
from codebudget.store.connection import connect
from codebudget.store.leases import (
    DEFAULT_DURATION_S,
    DURATION_ENV,
    Heartbeat,
    Holder,
    Status,
    TaskLeases,
    duration_from_env,
    holder_alive,
)
from codebudget.store.migrations import builtin_migrations, migrate

FINISHED = ("cfg", f.BENCH, "HumanEval/0")  # f.fill stores its result
OPEN = ("cfg", f.BENCH, "HumanEval/1")
OTHER = ("cfg", f.BENCH, "HumanEval/2")


class Clock:
    """A clock the test moves by hand (Unix seconds)."""

    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def live_other(token: str = "other") -> Holder:
    """Another holder whose process runs (this one's pid and start time: it cannot be gone)."""
    me = Holder.current()
    return Holder(me.host, me.pid, token, me.space, me.started)


def far_away(token: str = "far") -> Holder:
    """A holder on another machine: only its lease's expiry can tell that it stopped."""
    return Holder("elsewhere", 4242, token, "another-boot/pid:[4026531836]", "777")


@pytest.fixture()
def store(tmp_path: Path):
    with Store.open(tmp_path / "leases.db") as opened:
        f.fill(opened)
        for task_id in ("HumanEval/1", "HumanEval/2"):
            opened.add_task(f.problem(task_id))
        yield opened


def test_migration_6_adds_the_lease_table_and_a_store_at_5_upgrades_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = connect(path)
    assert migrate(conn, target=5) == [1, 2, 3, 4, 5]
    old = Store(conn, str(path))
    f.fill(old)
    old.close()
    with Store.open(path) as store:
        assert store.schema_version == len(builtin_migrations()) >= 6
        assert [m.name for m in builtin_migrations()][5] == "task_leases"
        assert store.has_task_result(*FINISHED)
        store.add_task(f.problem("HumanEval/1"))
        assert TaskLeases.of(store).claim(*OPEN).status is Status.CLAIMED


def test_a_claim_is_exclusive_repeatable_and_ends_with_its_release(store: Store) -> None:
    clock = Clock()
    mine = TaskLeases.of(store, duration_s=60, clock=clock)
    theirs = TaskLeases.of(store, holder=live_other(), duration_s=60, clock=clock)

    claim = mine.claim(*OPEN)
    assert claim.status is Status.CLAIMED and claim.replaced is None
    assert (claim.lease.holder, claim.lease.claimed_at, claim.lease.expires_at) == (mine.holder, 1000.0, 1060.0)
    held = theirs.claim(*OPEN)
    assert held.status is Status.HELD and held.lease.holder.name == mine.holder.name
    assert theirs.claim(*OTHER).status is Status.CLAIMED  # tasks are leased one by one

    clock.now = 1010.0
    again = mine.claim(*OPEN)  # claiming what one holds renews it
    assert again.status is Status.CLAIMED and (again.lease.claimed_at, again.lease.expires_at) == (1000.0, 1070.0)
    assert store.get_task_result(*OPEN) is None  # a lease is not a result

    assert mine.release(*OPEN) is True
    assert mine.release(*OPEN) is False  # releasing twice does nothing
    assert theirs.claim(*OPEN).status is Status.CLAIMED
    assert [lease.task_id for lease in mine.leases("cfg")] == ["HumanEval/1", "HumanEval/2"]
    assert theirs.release_all() == 2 and mine.leases("cfg") == []


def test_a_finished_task_is_never_claimed_and_a_stale_lease_on_it_is_dropped(store: Store) -> None:
    clock = Clock()
    gone = TaskLeases.of(store, holder=far_away(), duration_s=30, clock=clock)
    mine = TaskLeases.of(store, duration_s=30, clock=clock)
    assert mine.claim(*FINISHED).status is Status.FINISHED and mine.get(*FINISHED) is None
    # a holder that stores the result and stops before it releases the lease
    assert gone.claim(*OPEN).status is Status.CLAIMED
    store.add_generation(f.generation(f.key(task_id="HumanEval/1")))
    store.add_task_result(f.task_result(task_id="HumanEval/1"))
    claim = mine.claim(*OPEN)
    assert claim.status is Status.FINISHED and claim.lease.holder.name == gone.holder.name  # unexpired: kept
    clock.now += 31
    assert mine.claim(*OPEN).status is Status.FINISHED
    assert mine.get(*OPEN) is None  # expired on a finished task: cleaned away
    assert gone.release(*OPEN) is False


def test_renewals_keep_a_lease_and_its_expiry_hands_the_task_over(store: Store) -> None:
    clock = Clock()
    far = TaskLeases.of(store, holder=far_away(), duration_s=10, clock=clock)
    mine = TaskLeases.of(store, duration_s=10, clock=clock)
    assert far.claim(*OPEN).lease.expires_at == 1010.0
    clock.now = 1008.0
    assert far.renew(*OPEN) is True and far.get(*OPEN).expires_at == 1018.0
    clock.now = 1015.0
    assert mine.claim(*OPEN).status is Status.HELD  # expired without the renewal; not with it
    clock.now = 1019.0
    claim = mine.claim(*OPEN)
    assert claim.status is Status.CLAIMED and claim.replaced.holder.name == far.holder.name
    assert claim.reason == "its lease expired 1 s ago"
    assert far.renew(*OPEN) is False and far.release(*OPEN) is False  # the old holder learns it lost the task
    assert mine.get(*OPEN).holder.name == mine.holder.name


def test_a_reused_pid_is_not_the_holder(store: Store) -> None:
    me = Holder.current()
    previous = Holder(me.host, me.pid, "before", me.space, "0")  # this pid, started at another time
    TaskLeases.of(store, holder=previous, duration_s=3600).claim(*OPEN)
    claim = TaskLeases.of(store, duration_s=3600).claim(*OPEN)
    assert (claim.status, claim.reason) == (Status.CLAIMED, "its process is gone")
    assert holder_alive(me) is True and holder_alive(live_other()) is True and holder_alive(far_away()) is None


CLAIMER = textwrap.dedent(
    """
    import sys, time
    from codebudget.store import Store
    from codebudget.store.leases import TaskLeases

    store = Store.open(sys.argv[1])
    start = float(sys.argv[2])
    time.sleep(max(0.0, start - time.time()))
    claim = TaskLeases.of(store, duration_s=3600).claim("cfg", "humaneval", "HumanEval/1")
    print(claim.status.value, flush=True)
    sys.stdin.read()  # stay alive (and holding) until the test closes stdin
    """
)


def claimer(db: Path, start: float) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(codebudget.__file__).parents[1])}
    return subprocess.Popen([sys.executable, "-c", CLAIMER, str(db), str(start)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=env)


def test_a_lease_whose_process_was_killed_is_taken_at_once(store: Store) -> None:
    holder = claimer(Path(store.path), 0.0)
    assert holder.stdout.readline().strip() == "claimed"
    mine = TaskLeases.of(store, duration_s=3600)
    assert mine.claim(*OPEN).status is Status.HELD  # a live process on this machine, an hour left
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=10)
    holder.stdin.close()
    holder.stdout.close()
    started = time.monotonic()
    claim = mine.claim(*OPEN)
    assert claim.status is Status.CLAIMED and claim.replaced.holder.pid == holder.pid
    assert claim.reason == "its process is gone" and time.monotonic() - started < 1.0


def test_claims_from_many_processes_at_the_same_moment_have_one_winner(store: Store) -> None:
    start = time.time() + 2.0
    processes = [claimer(Path(store.path), start) for _ in range(6)]
    try:
        outcomes = sorted(p.stdout.readline().strip() for p in processes)
    finally:
        for p in processes:
            p.stdin.close()
            p.wait(timeout=30)
            p.stdout.close()
    assert outcomes == ["claimed"] + ["held"] * 5


def test_a_heartbeat_keeps_a_long_task_leased_and_notices_when_it_was_taken(store: Store) -> None:
    mine = TaskLeases.of(store, duration_s=0.6)
    theirs = TaskLeases.of(store, holder=live_other(), duration_s=0.6)
    assert mine.claim(*OPEN).status is Status.CLAIMED
    with Heartbeat(store.path, mine.holder, 0.6) as heartbeat:
        heartbeat.watch(OPEN)
        time.sleep(1.5)  # two and a half lease durations of work
        assert theirs.claim(*OPEN).status is Status.HELD and not heartbeat.lost(OPEN)
    time.sleep(0.8)  # no heartbeat: the lease runs out
    taken = theirs.claim(*OPEN)
    assert taken.status is Status.CLAIMED and taken.reason.startswith("its lease expired")
    with Heartbeat(store.path, mine.holder, 0.6) as heartbeat:
        heartbeat.watch(OPEN)
        deadline = time.monotonic() + 5
        while not heartbeat.lost(OPEN) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert heartbeat.lost(OPEN)
    assert theirs.get(*OPEN).holder.name == theirs.holder.name  # a lost heartbeat takes nothing back


def test_the_lease_duration_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DURATION_ENV, raising=False)
    assert duration_from_env() == DEFAULT_DURATION_S
    monkeypatch.setenv(DURATION_ENV, "7.5")
    assert duration_from_env() == 7.5
    for bad in ("soon", "0", "-3", "nan"):
        monkeypatch.setenv(DURATION_ENV, bad)
        with pytest.raises(StoreError, match=DURATION_ENV):
            duration_from_env()
