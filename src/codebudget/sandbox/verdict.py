"""From the raw facts a worker reports to an :class:`~codebudget.records.Execution`.

Nothing from the child is trusted as is: report lines count only with this
execution's marker, a pass needs the harness's final ``end`` event, a clean
exit, no timeout and no output overflow, and every text is trimmed again here.
"""

from __future__ import annotations

import json
import signal
from typing import Any

from codebudget.records import ExecStatus, Execution
from codebudget.sandbox.base import Job
from codebudget.sandbox.inside.text import tail, trim

ERROR_CHARS = 400
TEST_CHARS = 300
_STATUSES = {
    "passed": ExecStatus.PASSED,
    "failed": ExecStatus.FAILED,
    "error": ExecStatus.ERROR,
    "memory": ExecStatus.MEMORY,
}


def parse_report(report: str, marker: str) -> list[dict[str, Any]]:
    """The events in ``report`` that carry ``marker``; anything else is ignored."""
    prefix = marker + " "
    events = []
    for line in report.splitlines():
        if not line.startswith(prefix):
            continue
        try:
            event = json.loads(line[len(prefix) :])
        except ValueError:
            continue
        if isinstance(event, dict):
            events.append(event)
    return events


def _text(value: Any, limit: int) -> str:
    return trim(value, limit) if isinstance(value, str) else ""


def _index(value: Any, total: int) -> int | None:
    return value if isinstance(value, int) and 0 <= value < total else None


class _Verdict:
    """The judgement of one execution."""

    def __init__(
        self, job: Job, facts: dict[str, Any], marker: str, isolation: str, tail_chars: int
    ):
        self.job = job
        self.facts = facts
        self.total = len(job.tests)
        self.events = parse_report(str(facts.get("report", "")), marker)
        self.common = {
            "tests_total": self.total,
            "stdout_tail": tail(str(facts.get("stdout", "")), tail_chars),
            "stderr_tail": tail(str(facts.get("stderr", "")), tail_chars),
            "wall_s": float(facts.get("wall", 0.0)),
            "cpu_s": float(facts.get("cpu", 0.0)),
            "isolation": isolation,
        }

    def _make(
        self, status: ExecStatus, error: str, failing: int | None = None, **kw: Any
    ) -> Execution:
        passed = len(
            {
                e["test"]
                for e in self.events
                if e.get("ev") == "pass" and _index(e.get("test"), self.total) is not None
            }
        )
        fields: dict[str, Any] = {"tests_passed": passed, **self.common}
        if failing is not None:
            fields["failing_test"] = trim(self.job.tests[failing].strip(), TEST_CHARS)
        fields.update(kw)
        return Execution(status=status, error=trim(error, ERROR_CHARS), **fields)

    def _running_test(self) -> int | None:
        started = [_index(e.get("test"), self.total) for e in self.events if e.get("ev") == "start"]
        return started[-1] if started and started[-1] is not None else None

    def judge(self) -> Execution:
        setup = next((e for e in self.events if e.get("ev") == "setup-failed"), None)
        if setup is not None:
            return self._make(
                ExecStatus.SANDBOX_ERROR, "sandbox setup failed: " + _text(setup.get("error"), 300)
            )
        if self.facts.get("timed_out"):
            return self._timeout(f"timed out after {self.job.limits.timeout_s:g} s (wall clock)")
        if self.facts.get("output_exceeded"):
            limit = self.job.limits.output_bytes
            return self._make(
                ExecStatus.OUTPUT_LIMIT, f"output exceeded {limit} bytes", self._running_test()
            )
        end = next((e for e in self.events if e.get("ev") == "end"), None)
        if end is not None and self.facts.get("exit") == 0:
            return self._from_end(end)
        return self._without_verdict()

    def _timeout(self, message: str) -> Execution:
        running = self._running_test()
        where = f" in test {running + 1} of {self.total}" if running is not None else ""
        return self._make(ExecStatus.TIMEOUT, message + where, running)

    def _from_end(self, end: dict[str, Any]) -> Execution:
        status = _STATUSES.get(str(end.get("status")), ExecStatus.ERROR)
        passed = end.get("passed")
        passed = passed if isinstance(passed, int) and 0 <= passed <= self.total else 0
        if status is ExecStatus.PASSED and not (
            passed == self.total and end.get("total") == self.total
        ):
            return self._make(ExecStatus.ERROR, "inconsistent verdict from the harness")
        failing = _text(end.get("failing_test"), TEST_CHARS) or None
        return self._make(
            status, _text(end.get("error"), ERROR_CHARS), tests_passed=passed, failing_test=failing
        )

    def _without_verdict(self) -> Execution:
        code = self.facts.get("exit")
        code = code if isinstance(code, int) else -1
        running = self._running_test()
        stage = f"test {running + 1}" if running is not None else "the program"
        if self.facts.get("oom"):
            return self._make(
                ExecStatus.MEMORY, f"killed by the out-of-memory killer during {stage}", running
            )
        if (
            code in (-signal.SIGXCPU, -signal.SIGKILL)
            and self.facts.get("cpu", 0) >= self.job.limits.timeout_s
        ):
            return self._timeout(f"CPU time limit of {self.job.limits.timeout_s:g} s exceeded")
        last_err = tail(str(self.facts.get("stderr", "")).strip(), 2000).splitlines()
        if last_err and last_err[-1].startswith("MemoryError"):
            return self._make(ExecStatus.MEMORY, "MemoryError", running)
        if code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            hint = " (stack overflow?)" if -code == signal.SIGSEGV else ""
            return self._make(ExecStatus.ERROR, f"killed by {name}{hint} during {stage}", running)
        detail = f": {trim(last_err[-1], 200)}" if last_err else ""
        message = f"the program exited with status {code} before the tests finished{detail}"
        return self._make(ExecStatus.ERROR, message, running)


def judge(
    job: Job, facts: dict[str, Any], marker: str, isolation: str, tail_chars: int = 2000
) -> Execution:
    """The :class:`Execution` for one job, from the worker's raw facts."""
    return _Verdict(job, facts, marker, isolation, tail_chars).judge()
