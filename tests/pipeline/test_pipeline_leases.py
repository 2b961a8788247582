"""Processes on one run split its tasks through leases: the runner with the real store and sandbox.

In process (scripted answers): a task another process holds is waited for and taken over when that
process dies; a row that a held-up former holder stored first is kept, whether or not it took the task
back. Across processes (the real command line): three processes on one run with a slow scripted
backend, one killed with SIGKILL mid-task; and two processes on a real SmolLM2 pool.
"""

from __future__ import annotations

import collections
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import codebudget
from codebudget.pipeline import PipelineConfig, run_config
from codebudget.pipeline.runner import LeaseOptions, record_run
from codebudget.pipeline.stages import prompt_text
from codebudget.store import GenerationKey, GenerationRow, Store
from codebudget.store.connection import connect
from codebudget.store.leases import Holder, TaskLeases

from lease_worker import task_lines
from pipeline_scripted import ScriptedBackend
from toys import ABS, ADD

GOOD_ADD = "def add(a, b):\n    return a + b"
GOOD_ABS = "def absolute(x):\n    return abs(x)"
WORKER = Path(__file__).with_name("lease_worker.py")
FAST = LeaseOptions(poll_s=0.05)


def _config(**fields) -> PipelineConfig:
    return PipelineConfig(**{"backend": "scripted", "model": "scripted", "benchmark": "toy",
                             "prompt_style": "whole-function", **fields})


def _live_other(token: str = "other") -> Holder:
    """Another process that looks alive (this process's pid and start time)."""
    me = Holder.current()
    return Holder(me.host, me.pid, token, me.space, me.started)


def _leases(db: str | Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT task_id, holder FROM task_leases").fetchall()


def test_a_task_another_process_holds_is_waited_for_and_taken_over_when_that_process_dies(store, sandbox) -> None:
    config = _config(n=1)
    run_hash = record_run(store, config, sandbox.isolation)
    store.add_task(ADD)
    TaskLeases.of(store, holder=_live_other(), duration_s=3600).claim(run_hash, "toy", "toy/add")

    def other_dies() -> None:  # seen at once on this machine: its pid now runs a process started at another time
        conn = connect(store.path)
        conn.execute("UPDATE task_leases SET started = '0'")
        conn.close()

    timer = threading.Timer(0.5, other_dies)
    timer.start()
    notes: list[str] = []
    backend = ScriptedBackend({"add": [GOOD_ADD], "absolute": [GOOD_ABS]})
    summary = run_config(config, [ADD, ABS], store=store, backend=backend, sandbox=sandbox, leases=FAST,
                         on_note=notes.append)
    timer.join()
    me = Holder.current()
    assert notes == [
        f"waiting for 1 task that other processes hold: toy/add (pid {me.pid} on {me.host}); "
        "a task is taken over if its process stops",
        f"toy/add: taking it over from pid {me.pid} on {me.host} (its process is gone)",
    ]
    assert summary.tasks == 2 and summary.honest_pass == 1.0
    assert ["def absolute(" in call.messages[-1].content for call in backend.calls] == [True, False]
    assert _leases(store.path) == []


class HeldUpFormerHolder(ScriptedBackend):
    """While this process samples a task, the process that held it before (held up, not dead) stores its own
    samples of the task first and, with ``takes_back``, takes the lease back for half a second."""

    def __init__(self, path: str, run_hash: str, takes_back: bool, *args):
        super().__init__(*args)
        self.path, self.run_hash, self.takes_back = path, run_hash, takes_back

    def generate(self, request):
        generation = super().generate(request)
        if len(self.calls) == 1:
            with Store.open(self.path) as other, other.transaction():
                for index, sample in enumerate(generation.samples):
                    key = GenerationKey(self.run_hash, "toy", "toy/add", index, 0)
                    other.add_generation(GenerationRow(key, prompt_text(request.messages), sample, 0.0, "held-up", 9.5,
                                                       len(generation.samples), 20, "scripted", "scripted"))
            if self.takes_back:
                conn = connect(self.path)
                conn.execute("UPDATE task_leases SET holder = 'elsewhere:4242:x', host = 'elsewhere', pid = 4242, "
                             "space = NULL, started = NULL, expires_at = ?", (time.time() + 0.5,))
                conn.close()
        return generation


@pytest.mark.parametrize("takes_back", [False, True], ids=["rows-only", "lease-too"])
def test_rows_a_held_up_former_holder_stored_first_are_kept_and_nobody_dies(store, sandbox, takes_back) -> None:
    config = _config(n=2)
    backend = HeldUpFormerHolder(store.path, config.hash(), takes_back, {"add": [GOOD_ADD, GOOD_ADD]})
    notes: list[str] = []
    summary = run_config(config, [ADD], store=store, backend=backend, sandbox=sandbox, leases=FAST,
                         on_note=notes.append)
    assert summary.tasks == 1 and summary.honest_pass == 1.0
    assert {g.call_id for g in store.iter_generations(config.hash())} == {"held-up"}  # the first stored rows stay
    assert len(backend.calls) == 1  # the rest of the task continued from them
    if takes_back:
        assert notes[0] == ("toy/add: another process took it over while this one was held up; "
                            "leaving it to that process")
        assert notes[1].startswith("waiting for 1 task that other processes hold: toy/add (pid 4242 on elsewhere)")
        assert notes[2].startswith("toy/add: taking it over from pid 4242 on elsewhere (its lease expired")
    else:
        assert notes == ["toy/add: another process stored part of it first; continuing from the stored rows"]
    assert _leases(store.path) == []


# -- several processes: the real command line ---------------------------------------------------------------

TASKS = 9


def _worker(db: Path, tasks: Path, log: Path, **env: str) -> subprocess.Popen[str]:
    environment = {**os.environ, "PYTHONPATH": str(Path(codebudget.__file__).parents[1]),
                   "LEASE_WORKER_LOG": str(log), **env}
    args = ["run", "--backend", "scripted", "--model", "scripted", "--benchmark", str(tasks), "--n", "2", "--k", "1",
            "--prompt-style", "whole-function",
            "--db", str(db)]
    return subprocess.Popen([sys.executable, str(WORKER), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=environment)


def _calls(log: Path) -> list[tuple[int, str, str]]:
    if not log.exists():
        return []
    return [(int(pid), task, kind) for pid, task, kind in (line.split() for line in log.read_text().splitlines())]


def test_three_processes_split_a_run_and_the_task_of_the_one_killed_is_redone(tmp_path: Path) -> None:
    """Each task's model calls happen once, except the killed process's task, redone by a survivor at once.

    Leases last 1.5 s and an odd task takes two 0.8 s calls: the heartbeat keeps them. The killed
    process's lease stays in the store; a survivor sees that its process is gone and takes the task.
    """
    tasks, db, log = tmp_path / "tasks.jsonl", tmp_path / "runs.db", tmp_path / "calls.log"
    tasks.write_text(task_lines(TASKS))
    workers = [_worker(db, tasks, log, LEASE_WORKER_PAUSE_S="0.8", CODEBUDGET_LEASE_S="1.5") for _ in range(3)]
    victim, survivors = workers[1], [workers[0], workers[2]]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # kill it in the first call of its second task
        started = [task for pid, task, kind in _calls(log) if pid == victim.pid and kind == "sample"]
        if len(started) == 2 or victim.poll() is not None:
            break
        time.sleep(0.01)
    os.kill(victim.pid, signal.SIGKILL)
    assert victim.wait(timeout=10) == -signal.SIGKILL and len(started) == 2, "the victim never began a second task"
    killed_task = started[1]
    outputs = [worker.communicate(timeout=120) for worker in survivors]
    victim.stdout.close()
    victim.stderr.close()

    for worker, (out, err) in zip(survivors, outputs):
        assert worker.returncode == 0, err
        assert "conflict" not in (out + err).lower() and "error" not in err.lower(), err
        assert f"tasks {TASKS}" in out  # every process ends with the whole run's summary
    calls = collections.defaultdict(list)  # task: [(pid, kind)] in call order
    for pid, task, kind in _calls(log):
        calls[task].append((pid, kind))
    assert sorted(calls) == [f"lease/f{i}" for i in range(TASKS)]
    expected = {f"lease/f{i}": ["sample"] + ["repair"] * (i % 2) for i in range(TASKS)}  # twin repairs are reused
    for task, made in calls.items():
        if task == killed_task:
            assert made[0] == (victim.pid, "sample")  # killed in this call
            made = made[1:]
        assert [kind for _, kind in made] == expected[task]  # no task done twice
        assert len({pid for pid, _ in made}) == 1  # nor split between processes
    redoer = calls[killed_task][1][0]
    assert redoer in {worker.pid for worker in survivors}
    taker = outputs[[worker.pid for worker in survivors].index(redoer)][0]
    assert f"{killed_task}: taking it over from pid {victim.pid} on" in taker and "(its process is gone)" in taker
    assert {made[0][0] for made in calls.values()} == {worker.pid for worker in workers}  # all three did tasks
    with Store.open(db) as store:
        (run,) = store.iter_runs()
        assert len(list(store.iter_task_results(run.config_hash))) == TASKS
        assert store.integrity_check() == "ok"
    assert _leases(db) == []


@pytest.mark.model
@pytest.mark.slow
def test_two_processes_on_one_real_model_pool_share_it_and_both_end_with_it_done(tmp_path: Path,
                                                                               smollm2_path: Path) -> None:
    """The real command line on SmolLM2: two ``pool`` processes, one task each, on 2 cores (about 20 s).

    Two llama.cpp processes on 2 cores slow each other several times over, so a task takes longer than
    the 2 s lease: the heartbeat must renew it while llama.cpp decodes, and nothing is taken over.
    """
    db = tmp_path / "pool.db"
    args = ["pool", "--model", "smollm2-135m", "--limit", "2", "--m", "1", "--k-max", "1", "--max-tokens", "32",
            "--seed", "3", "--db", str(db)]
    env = {**os.environ, "CODEBUDGET_LEASE_S": "2"}
    workers = [subprocess.Popen([sys.executable, "-m", "codebudget", *args], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    outputs = [worker.communicate(timeout=600) for worker in workers]
    for worker, (out, err) in zip(workers, outputs):
        assert worker.returncode == 0, err
        assert "conflict" not in (out + err).lower() and "taking it over" not in out, out + err
        assert "tasks 2" in out  # both print the whole pool's summary and grid
    # each process reports the task it did first (a task another process did is seen finished after it)
    firsts = {re.search(r"^1/2 (\S+) took", out, re.MULTILINE)[1] for out, _ in outputs}
    assert firsts == {"HumanEval/0", "HumanEval/1"}, f"one process did both tasks: {outputs}"
    with Store.open(db) as store:
        (run,) = store.iter_runs()
        assert len(list(store.iter_task_results(run.config_hash))) == 2
        samples = collections.Counter(g.key.task_id for g in store.iter_generations(run.config_hash)
                                      if g.key.round == 0)
        assert samples == {"HumanEval/0": 1, "HumanEval/1": 1}
        assert store.integrity_check() == "ok"
    assert _leases(db) == []
