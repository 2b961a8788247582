"""Run candidate programs on shared probes in the sandbox and collect one output per probe.

Each program runs as one sandbox job whose tests are its probes (every probe
runs, see :mod:`codebudget.evidence.probes`). When a job ends early, the probe
that was running gets what happened (``"!timeout"``, ``"!memory"``, ...) and
the probes after it run again in a new job; when the program itself fails
before any probe (it raises on import, loops at module level), every probe
gets ``"!program <what>"``. Reports lost from the captured output (a program
that prints a lot) are retried one probe per job, then recorded as ``"!lost"``.
Each job's wall time is shared equally by the probes it settled.
"""

from __future__ import annotations

import dataclasses
import secrets
from typing import Sequence

from codebudget.candidates import FAILED
from codebudget.evidence.inputs import Probe
from codebudget.evidence.probes import read_outputs, snippet
from codebudget.records import ExecStatus, Execution
from codebudget.sandbox import Job, Limits, Sandbox

LOST = FAILED + "lost"
PROGRAM = FAILED + "program "
UNRELIABLE = (FAILED + ExecStatus.SANDBOX_ERROR.value,)  # the sandbox's fault: never cache


@dataclasses.dataclass(frozen=True)
class Request:
    """Run ``code`` (after the task's ``setup``) on ``probes``."""

    code: str
    probes: tuple[Probe, ...]
    setup: str = ""


@dataclasses.dataclass(frozen=True)
class Observed:
    """One output per probe of a request, and each one's share of the sandbox wall time."""

    outputs: tuple[str, ...]
    wall_s: tuple[float, ...]


class _State:
    """The probes of one request still to settle, and what the jobs so far reported."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.outputs: list[str | None] = [None] * len(request.probes)
        self.wall_s = [0.0] * len(request.probes)
        self.single = False  # run one probe per job (after reports were lost)
        self.batch: list[int] = []
        self.marker = ""
        self.unsettled_s = 0.0  # wall time of jobs that settled nothing yet

    @property
    def done(self) -> bool:
        return all(output is not None for output in self.outputs)

    def job(self, limits: Limits) -> Job:
        pending = [i for i, output in enumerate(self.outputs) if output is None]
        self.batch = pending[:1] if self.single else pending
        self.marker = "cb-probe-" + secrets.token_hex(12)
        tests = tuple(snippet(i, self.request.probes[i], self.marker) for i in self.batch)
        return Job(self.request.code, tests, self.request.setup, limits, stop_on_failure=False)

    def absorb(self, execution: Execution) -> None:
        settled = read_outputs(execution.stdout_tail, self.marker, set(self.batch))
        missing = [i for i in self.batch if i not in settled]
        if missing and not execution.passed:
            settled.update(_failures(execution, missing, program=not settled and execution.failing_test is None))
        elif missing and self.single:
            settled[missing[0]] = LOST
        elif missing:
            self.single = True
        self._settle(settled, execution.wall_s)

    def _settle(self, settled: dict[int, str], wall_s: float) -> None:
        if not settled:
            self.unsettled_s += wall_s
            return
        share = (wall_s + self.unsettled_s) / len(settled)
        self.unsettled_s = 0.0
        for index, output in settled.items():
            self.outputs[index], self.wall_s[index] = output, share

    def result(self) -> Observed:
        return Observed(tuple(o if o is not None else LOST for o in self.outputs), tuple(self.wall_s))


def _failures(execution: Execution, missing: list[int], program: bool) -> dict[int, str]:
    """What the probes that did not report get: all of them if the program failed, else the first."""
    if program:
        return {i: PROGRAM + _what(execution) for i in missing}
    return {missing[0]: FAILED + execution.status.value}


def _what(execution: Execution) -> str:
    """``timeout`` and the like, or the exception's type for an error (``NameError``)."""
    name = execution.error.split(":", 1)[0].strip()
    return name if execution.status is ExecStatus.ERROR and name.isidentifier() else execution.status.value


def observe(sandbox: Sandbox, requests: Sequence[Request], limits: Limits = Limits()) -> list[Observed]:
    """Run every request's probes (jobs spread over the sandbox's workers); results in request order."""
    states = [_State(r) for r in requests if r.probes]
    while active := [s for s in states if not s.done]:
        jobs = [s.job(limits) for s in active]
        for state, execution in zip(active, sandbox.run_many(jobs)):
            state.absorb(execution)
    results = iter(s.result() for s in states)
    return [next(results) if r.probes else Observed((), ()) for r in requests]
