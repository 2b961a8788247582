"""Which machines a run's times were measured on, and the refusal to put several on one time axis.

Every finished task records where it was done (store table ``task_workers``:
the worker's CPU model and the threads its model used). A task stored before
that (or imported from an older export) counts as done on the machine of its
run's provenance, where that names a CPU (its threads: the cores, the local
backend's default), and on an unknown machine otherwise; unknown machines are
not told apart. A time axis (an N×K grid's seconds, a budget answer, a Pareto
plot, a selection table's seconds) is only honest when all its times come from
one machine: :func:`check_one_machine` raises :class:`MixedMachinesError` when
they do not, unless the caller asks for them mixed (``--mixed-machines``).

One CPU name is not one speed (another virtual machine of the same name, a busy
neighbour, a host that drifts between sessions). A task done with a local model also
records its worker's speed probe (:mod:`codebudget.speed`); times whose probes differ by
more than :data:`~codebudget.speed.SPEED_TOLERANCE` are refused on one axis like two CPUs are, and a run is
not resumed on a machine whose probe differs that much from the run's tasks so far
(:func:`codebudget.speed.check_resume_speed`). Tasks without a probe (stored before it, or done through a
server) are not compared by speed.
"""

from __future__ import annotations

import collections
from typing import Any, Iterable, Mapping

from codebudget.hardware import MixedMachinesError
from codebudget.speed import SPEED_TOLERANCE, run_speeds, speeds_words, spread

__all__ = ["MixedMachinesError", "check_one_machine", "machine_words", "run_machines"]


def machine_words(machine: Mapping[str, Any]) -> str | None:
    """A machine as the time axis tells them apart: CPU model and threads (None: not known)."""
    cpu = machine.get("cpu")
    if not cpu:
        return None
    threads = machine.get("threads")
    return f"{cpu}, {threads if threads is not None else '?'} threads"


def run_machines(store: Any, run_hash: str) -> collections.Counter[str]:
    """How many of the run's finished tasks were done on each known machine."""
    run = store.get_run(run_hash)
    provenance = dict(run.provenance) if run is not None else {}
    legacy = machine_words({"cpu": provenance.get("cpu"), "threads": provenance.get("cpu_count")})
    recorded = {(row.benchmark, row.task_id): machine_words(row.machine) for row in store.iter_task_workers(run_hash)}
    found: collections.Counter[str] = collections.Counter()
    for result in store.iter_task_results(run_hash):
        words = recorded.get((result.benchmark, result.task_id), legacy)
        if words is not None:
            found[words] += 1
    return found


def _tasks_on(found: collections.Counter[str]) -> str:
    """``found`` (:func:`run_machines`) in words: each machine with its count of tasks."""
    return "; ".join(f"{words}: {count} task{'s' if count != 1 else ''}" for words, count in sorted(found.items()))


def check_resume_machine(found: collections.Counter[str], run_hash: str, here: Mapping[str, Any], *,
                         flag: str = "--mixed-machines") -> None:
    """Refuse (:class:`MixedMachinesError`, one line) to add tasks done on ``here`` (a worker's machine record)
    to run ``run_hash`` whose finished tasks were all done on other machines (``found``, :func:`run_machines`):
    a resume on another host would otherwise mix CPUs silently, and only ``replay`` would find out."""
    words = machine_words(here)
    if words is None or not found or words in found:
        return
    raise MixedMachinesError(f"this machine is {words}; run {run_hash}'s finished tasks were timed on "
                             f"{_tasks_on(found)}, so their seconds would not be comparable. Resume there, give "
                             f"{flag} to mix them anyway, or forget the run's tasks (codebudget forget) and start "
                             "it again here")


def check_one_machine(store: Any, run_hashes: Iterable[str], *, mixed: bool = False,
                      flag: str = "--mixed-machines") -> collections.Counter[str]:
    """The machines behind ``run_hashes``' times; :class:`MixedMachinesError` (one line) when there are
    several and ``mixed`` is not set."""
    found: collections.Counter[str] = collections.Counter()
    per_run: dict[str, collections.Counter[str]] = {}
    for run_hash in dict.fromkeys(run_hashes):
        per_run[run_hash] = run_machines(store, run_hash)
        found.update(per_run[run_hash])
    if len(found) > 1 and not mixed:
        runs = ", ".join(h for h, machines in per_run.items() if machines)
        raise MixedMachinesError(f"the times of {runs} were measured on {len(found)} machines "
                                 f"({_tasks_on(found)}); they do not belong on one time axis. Give {flag} to put "
                                 "them on one anyway, or forget and redo one machine's tasks (codebudget forget)")
    if mixed:
        return found  # asked for mixed times: the probes need not be read
    by_model: dict[tuple[str, ...], dict[str, list[float]]] = collections.defaultdict(dict)
    for run_hash in per_run:  # one model (and adapter) runs at one speed: only its own probes are compared
        by_model[_computation(store, run_hash)][run_hash] = run_speeds(store, run_hash)
    for runs_speeds in by_model.values():
        speeds = [speed for values in runs_speeds.values() for speed in values]
        if spread(speeds) > SPEED_TOLERANCE:
            runs = ", ".join(h for h, values in runs_speeds.items() if values)
            raise MixedMachinesError(f"the times of {runs} were measured at {speeds_words(speeds)}: the machine ran "
                                     f"at different speeds, and its times do not belong on one time axis. Give {flag} "
                                     "to put them on one anyway, or forget and redo the tasks of one speed "
                                     "(codebudget forget)")
    return found


def _computation(store: Any, run_hash: str) -> tuple[str, ...]:
    """What a run's speed probe measured: its model (file) and adapter."""
    run = store.get_run(run_hash)
    if run is None:
        return (run_hash,)
    return (run.model, run.model_sha256 or "", str(dict(run.config).get("adapter") or ""))

