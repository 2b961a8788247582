"""One CPU name is not one speed: every task records its worker's speed probe, and times of two speeds
never share a time axis unless asked (``--mixed-machines``).

Logic with paced fakes (a backend whose calls take a set time, so its probe reads a set speed) on the
real store and sandbox: a worker records the probe of a model computed in its process and none for a
server's; a run is not resumed at another speed, and is when asked; a run whose tasks carry two speeds
is refused on one axis. End to end with the real SmolLM2 through the CLI: ``run`` records the real
probe with each task, and resuming the run after its stored tasks were timed 3× faster is refused in one
line, with nothing added to the store, and goes on with ``--mixed-machines``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from codebudget.backends.base import GenerationRequest
from codebudget.candidates.machines import MixedMachinesError, check_one_machine
from codebudget.pipeline import PipelineConfig, run_config
from codebudget.pipeline.executor import Worker
from codebudget.records import FinishReason, Generation, Sample
from codebudget.speed import (MAX_REPEATS, MIN_PROBE_S, PROBE_NAME, REPEATS, SPEED_TOLERANCE, check_resume_speed, measure,
                              probe_record, run_speeds, spread, task_speeds)

from pipeline_scripted import ScriptedBackend
from toys import ABS, ADD

GOOD_ADD = "def add(a, b):\n    return a + b"
GOOD_ABS = "def absolute(x):\n    return abs(x)"
TOKENS = 10  # every paced answer counts as this many tokens


class Paced:
    """A backend whose every call takes ``pace`` seconds; the probe's call is answered here, tasks by the script.
    ``local`` says whether it computes in this process (it then has ``n_threads``, as llama.cpp's backends do)."""

    name = "scripted"
    model = "scripted"

    def __init__(self, pace: float, local: bool = True):
        self.pace = pace
        self.script = ScriptedBackend({"add": [GOOD_ADD], "absolute": [GOOD_ABS]})
        self.probes = 0
        if local:
            self.n_threads = 2

    def generate(self, request: GenerationRequest) -> Generation:
        time.sleep(self.pace)
        if any("def running_max(" in m.content for m in request.messages):
            self.probes += 1
            return Generation((Sample("    return []\n", TOKENS, -0.1, FinishReason.STOP, 0),), 20, self.pace,
                              self.model, self.name)
        return self.script.generate(request)

    def close(self) -> None:
        pass


def _config() -> PipelineConfig:
    return PipelineConfig(backend="scripted", model="scripted", benchmark="toy", prompt_style="whole-function")


def test_a_worker_records_the_probe_of_a_model_it_computes_and_none_for_a_server() -> None:
    worker = Worker(backend=Paced(0.1))
    speed = worker.machine()["speed"]
    assert speed["probe"] == PROBE_NAME
    assert TOKENS / 0.1 * 0.5 < speed["tokens_per_s"] <= TOKENS / 0.1 * 1.01  # sleep can only add time
    probes = worker._given_backend.probes
    assert worker.machine()["speed"] == speed and worker._given_backend.probes == probes  # measured once
    assert "speed" not in Worker(backend=Paced(0.1, local=False)).machine()
    assert "speed" not in Worker().machine()  # no backend opened yet: nothing to probe


def test_a_long_run_probes_again_so_that_a_host_changing_speed_shows_in_its_records() -> None:
    backend = Paced(0.1)
    worker = Worker(backend=backend, probe_every_s=0.0)  # every probe is "old" at once
    first = worker.machine()["speed"]["tokens_per_s"]
    backend.pace = 0.3  # the host slows down
    again = worker.machine()["speed"]["tokens_per_s"]
    assert backend.probes > 1 + MAX_REPEATS  # measured twice
    assert again < first / 2
    steady = Worker(backend=Paced(0.1))  # the default: again only after half an hour
    steady.machine()
    steady.machine()
    assert steady._given_backend.probes == 1 + MAX_REPEATS


def test_the_probe_repeats_a_quick_model_until_it_has_taken_long_enough() -> None:
    slow, quick = Paced(0.8), Paced(0.01)
    measure(slow)
    measure(quick)
    assert slow.probes == 1 + REPEATS  # three calls already take more than MIN_PROBE_S
    assert quick.probes == 1 + MAX_REPEATS
    assert REPEATS * 0.8 >= MIN_PROBE_S > MAX_REPEATS * 0.01


def test_the_spread_of_probes_and_the_tolerance() -> None:
    assert spread([]) == spread([20.0]) == 0.0
    assert spread([20.0, 25.0]) == pytest.approx(0.25)
    assert spread([21.1, 23.0]) <= SPEED_TOLERANCE < spread([22.0, 26.0])  # a quiet machine's own spread; another


def test_a_run_is_not_resumed_at_another_speed_unless_asked(store, sandbox) -> None:
    first = run_config(_config(), [ADD], store=store, backend=Paced(0.1), sandbox=sandbox)
    [recorded] = run_speeds(store, first.run_hash)
    assert recorded > 0

    slower = Paced(0.3)
    with pytest.raises(MixedMachinesError, match="speed probe at .* tokens/s now") as refused:
        run_config(_config(), [ADD, ABS], store=store, backend=slower, sandbox=sandbox)
    assert "\n" not in str(refused.value) and "--mixed-machines" in str(refused.value)
    assert store.get_task_result(first.run_hash, "toy", "toy/absolute") is None  # refused before any task
    assert not slower.script.calls

    run_config(_config(), [ADD, ABS], store=store, backend=Paced(0.3), sandbox=sandbox, mixed_machines=True)
    assert store.get_task_result(first.run_hash, "toy", "toy/absolute") is not None
    with pytest.raises(MixedMachinesError, match="different speeds"):
        check_one_machine(store, [first.run_hash])  # now the run's times mix two speeds
    assert len(check_one_machine(store, [first.run_hash], mixed=True)) == 1


def test_a_run_resumes_at_its_own_speed_and_a_finished_run_is_not_probed(store, sandbox) -> None:
    first = run_config(_config(), [ADD], store=store, backend=Paced(0.1), sandbox=sandbox)
    run_config(_config(), [ADD, ABS], store=store, backend=Paced(0.1), sandbox=sandbox)
    assert len(run_speeds(store, first.run_hash)) == 2
    check_one_machine(store, [first.run_hash])
    done = Paced(0.3)
    run_config(_config(), [ADD, ABS], store=store, backend=done, sandbox=sandbox)  # nothing left to do
    assert done.probes == 0


def _machine(tokens_per_s: float, probe: str = PROBE_NAME) -> dict:
    return {"cpu": "Test CPU", "cpu_count": 2, "threads": 2, "host": "h",
            "speed": {**probe_record(tokens_per_s), "probe": probe}}


def _set_machine(db: Path, task_id: str, machine: dict) -> None:
    """What a task's worker recorded, rewritten (as if it had been done elsewhere)."""
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE task_workers SET machine_json = ? WHERE task_id = ?", (json.dumps(machine), task_id))


def test_only_probes_of_one_model_and_one_probe_are_compared(store, sandbox) -> None:
    backend = ScriptedBackend({"add": [GOOD_ADD], "absolute": [GOOD_ABS]})
    one = run_config(_config(), [ADD, ABS], store=store, backend=backend, sandbox=sandbox)  # no probe recorded
    assert run_speeds(store, one.run_hash) == []
    _set_machine(store.path, "toy/add", _machine(20.0))
    _set_machine(store.path, "toy/absolute", _machine(30.0, probe="an older probe"))
    assert run_speeds(store, one.run_hash) == [20.0]
    assert task_speeds(store, one.run_hash) == {("toy", "toy/add"): 20.0}  # by task, the older probe left out
    check_one_machine(store, [one.run_hash])
    check_resume_speed(run_speeds(store, one.run_hash), one.run_hash, 21.0)
    with pytest.raises(MixedMachinesError):
        check_resume_speed(run_speeds(store, one.run_hash), one.run_hash, 30.0)
    check_resume_speed(run_speeds(store, one.run_hash), one.run_hash, 30.0, mixed=True)


def test_a_run_is_not_resumed_on_another_machine_unless_asked(store, sandbox) -> None:
    first = run_config(_config(), [ADD], store=store, backend=Paced(0.1), sandbox=sandbox)
    [row] = store.iter_task_workers(first.run_hash)
    elsewhere = {**row.machine, "cpu": "Another CPU"}  # the same speed, timed on another host
    _set_machine(store.path, "toy/add", elsewhere)

    again = Paced(0.1)
    with pytest.raises(MixedMachinesError, match="this machine is .*timed on Another CPU, 2 threads: 1 task") as refused:
        run_config(_config(), [ADD, ABS], store=store, backend=again, sandbox=sandbox)
    assert "\n" not in str(refused.value) and "--mixed-machines" in str(refused.value)
    assert store.get_task_result(first.run_hash, "toy", "toy/absolute") is None and not again.script.calls

    run_config(_config(), [ADD, ABS], store=store, backend=Paced(0.1), sandbox=sandbox, mixed_machines=True)
    assert store.get_task_result(first.run_hash, "toy", "toy/absolute") is not None
    with pytest.raises(MixedMachinesError, match="2 machines"):
        check_one_machine(store, [first.run_hash])
    run_config(_config(), [ADD, ABS], store=store, backend=Paced(0.1), sandbox=sandbox)  # finished: nothing to refuse


# -- end to end: the real model through the CLI -------------------------------------------------------------------

RUN = ["run", "--model", "smollm2-135m", "--benchmark", "humaneval", "--n", "1", "--k", "0", "--temperature", "0",
       "--max-tokens", "48"]


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "codebudget", *RUN, "--db", str(db), *args], capture_output=True,
                          text=True, timeout=600, env={**os.environ, "COLUMNS": "200"})


def _machines(db: Path) -> list[dict]:
    with sqlite3.connect(db) as conn:
        return [json.loads(row[0]) for row in conn.execute("SELECT machine_json FROM task_workers ORDER BY task_id")]


@pytest.mark.model
@pytest.mark.slow
def test_the_cli_records_the_real_probe_and_refuses_to_resume_at_another_speed(tmp_path: Path,
                                                                               smollm2_path: Path) -> None:
    db = tmp_path / "runs.db"
    first = _cli(db, "--limit", "1")
    assert first.returncode == 0, first.stderr
    [machine] = _machines(db)
    speed = machine["speed"]["tokens_per_s"]
    assert machine["speed"]["probe"] == PROBE_NAME and speed > 1 and machine["threads"]

    faster = {**machine, "speed": probe_record(3 * speed)}  # as if the first task had been timed on a faster host
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE task_workers SET machine_json = ?", (json.dumps(faster),))
    refused = _cli(db, "--limit", "2")
    assert refused.returncode == 2, refused.stdout + refused.stderr
    lines = [line for line in refused.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "speed probe" in lines[0] and "--mixed-machines" in lines[0], refused.stderr
    assert len(_machines(db)) == 1  # nothing added

    asked = _cli(db, "--limit", "2", "--mixed-machines")
    assert asked.returncode == 0, asked.stderr
    assert len(_machines(db)) == 2
