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
"""

from __future__ import annotations

import collections
from typing import Any, Iterable, Mapping

from codebudget.errors import CodebudgetError


class MixedMachinesError(CodebudgetError):
    """Times measured on different machines were to go on one time axis."""


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
        which = "; ".join(f"{words}: {count} task{'s' if count != 1 else ''}" for words, count in sorted(found.items()))
        runs = ", ".join(h for h, machines in per_run.items() if machines)
        raise MixedMachinesError(f"the times of {runs} were measured on {len(found)} machines ({which}); they do "
                                 f"not belong on one time axis. Give {flag} to put them on one anyway, or forget "
                                 "and redo one machine's tasks (codebudget forget)")
    return found
