"""The speed probe: how fast a model runs on this machine now, in one number.

The probe asks the model for a fixed short function (greedy, 64 tokens at most, the
body prompt style) at least three times (and for two seconds) after one warm-up call and
takes the median of tokens generated per second of the whole call (prompt included):
what a task's first sample costs. Two uses:

- ``codebudget solve`` scales the shipped budget table to this machine
  (:mod:`codebudget.solve.speed` caches the probe per model, machine and boot);
- every task a pool, run or sweep does with a local model is recorded with its worker's
  probe (:meth:`codebudget.pipeline.executor.Worker.machine`), so that times measured on
  one CPU name at different speeds (another virtual machine, a busy neighbour) are never
  read as one time axis (:mod:`codebudget.candidates.machines`).

A CPU model name does not say how fast a machine is: one name has been seen here at 21
and 37 ms per decoding step, and one boot drifting by 15% between sessions.
"""

from __future__ import annotations

import statistics
import time
from typing import Any, Iterable, Mapping

from codebudget.backends.base import Backend, GenerationRequest, SamplingParams
from codebudget.hardware import MixedMachinesError
from codebudget.prompts import get_style
from codebudget.records import Problem

PROBE_NAME = "running_max/body/64/median-of-3"
"""Names the probe: speeds are compared only between measurements of the same probe."""
SPEED_TOLERANCE = 0.15
"""Largest relative difference between two probes that still counts as one speed. Ten probes of Qwen 0.5B in one
process on a quiet 2-vCPU virtual machine spread over 9% (SmolLM2: 7%; ``results/bench/probe-noise.json``), so
less would refuse a machine its own noise; hosts of one CPU name have differed by 70% here. A drift of one host
by about 11% between two sessions (seen here) is within it: such times stay on one axis."""
PROBE_EVERY_S = 1800.0
"""A worker probes again when its last probe is this old (after a task): a host that changes speed during a long
run then shows it in its tasks' records. It happened here: a pool of 70 tasks whose probe read 22.2 tokens/s at its
start found 25.8 when resumed 75 minutes later (one decoding step 42 ms at the start of the session, 36 ms then)."""
REPEATS = 3
MIN_PROBE_S = 2.0
MAX_REPEATS = 15
PROBE = Problem(
    "probe/0", 'def running_max(values: list[int]) -> list[int]:\n    """The largest value seen so far at each '
    'position.\n    >>> running_max([1, 3, 2, 5])\n    [1, 3, 3, 5]\n    """\n', "running_max")


def measure(backend: Backend) -> float:
    """Tokens per second of the probe call on ``backend``: the median of at least :data:`REPEATS` calls after one
    warm-up, and of as many more (up to :data:`MAX_REPEATS`) as fit in :data:`MIN_PROBE_S` (a small model's call
    takes a fraction of a second, too short for three to be steady)."""
    prompt = get_style("body").solve(PROBE)
    params = SamplingParams(1, 0.0, 1.0, 64, prompt.stop, 0)
    request = GenerationRequest(messages=prompt.messages, params=params)
    backend.generate(request)  # warm-up: loading, first allocations
    speeds: list[float] = []
    spent = 0.0
    while len(speeds) < REPEATS or (spent < MIN_PROBE_S and len(speeds) < MAX_REPEATS):
        started = time.perf_counter()
        generation = backend.generate(request)
        wall = time.perf_counter() - started
        spent += wall
        speeds.append(max(1, generation.samples[0].n_tokens) / max(wall, 1e-6))
    return statistics.median(speeds)


def is_local(backend: Any) -> bool:
    """Whether ``backend`` computes in this process (its speed is this machine's): it uses ``n_threads`` threads."""
    return getattr(backend, "n_threads", None) is not None


def probe_record(tokens_per_s: float) -> dict[str, Any]:
    """The probe as a task's machine records it."""
    return {"probe": PROBE_NAME, "tokens_per_s": round(float(tokens_per_s), 2)}


def task_speeds(store: Any, run_hash: str) -> dict[tuple[str, str], float]:
    """The probe (tokens per second) recorded with each of the run's finished tasks that has one, by (benchmark,
    task id)."""
    finished = {(r.benchmark, r.task_id) for r in store.iter_task_results(run_hash)}
    speeds = {}
    for row in store.iter_task_workers(run_hash):
        speed = row.machine.get("speed") if isinstance(row.machine, Mapping) else None
        if ((row.benchmark, row.task_id) in finished and isinstance(speed, Mapping)
                and speed.get("probe") == PROBE_NAME and isinstance(speed.get("tokens_per_s"), (int, float))):
            speeds[(row.benchmark, row.task_id)] = float(speed["tokens_per_s"])
    return speeds


def run_speeds(store: Any, run_hash: str) -> list[float]:
    """The probes (tokens per second) recorded with the run's finished tasks, one per task that has one."""
    return list(task_speeds(store, run_hash).values())


def spread(speeds: Iterable[float]) -> float:
    """How far apart the slowest and fastest probe are, relative to the slowest (0 for fewer than two)."""
    values = [v for v in speeds if v > 0]
    return max(values) / min(values) - 1 if len(values) > 1 else 0.0


def speeds_words(speeds: list[float]) -> str:
    """A range of probes in words, with how far apart they are."""
    return (f"{min(speeds):.1f} to {max(speeds):.1f} tokens/s by the speed probe ({100 * spread(speeds):.0f}% apart; "
            f"one machine stays within {100 * SPEED_TOLERANCE:.0f}%)")


def check_resume_speed(speeds: list[float], run_hash: str, speed: float, *, mixed: bool = False,
                       flag: str = "--mixed-machines") -> None:
    """Refuse (:class:`MixedMachinesError`, one line) to add tasks measured at ``speed`` to run ``run_hash``
    whose finished tasks' probes (``speeds``, :func:`run_speeds`) differ from it by more than
    :data:`SPEED_TOLERANCE`, unless ``mixed``."""
    if not speeds or mixed or spread([*speeds, speed]) <= SPEED_TOLERANCE:
        return
    low, high = min(speeds), max(speeds)
    raise MixedMachinesError(f"this machine runs the speed probe at {speed:.1f} tokens/s now; run {run_hash}'s "
                             f"{len(speeds)} finished tasks were timed at {low:.1f}"
                             f"{f' to {high:.1f}' if high != low else ''} tokens/s, more than "
                             f"{100 * SPEED_TOLERANCE:.0f}% apart, so their seconds would not be comparable. Resume "
                             f"on a quiet machine of the first speed, give {flag} to mix them anyway, or forget the "
                             "run's tasks (codebudget forget) and start it again here")
