"""From the raw facts a worker reports to an :class:`~codebudget.records.Execution`.

Nothing from the child is trusted as is: report lines count only with this
execution's marker, a pass needs the harness's final ``end`` event, a clean
exit, no timeout and no output overflow, and every text is trimmed again here.
A split test (see :mod:`codebudget.sandbox.split`) passes only when the parent's
own :class:`~codebudget.sandbox.ledger.Ledger` judged every one of its values right,
whatever the report says; two verdicts on the report channel are a forgery.
"""

from __future__ import annotations

import json
import signal
from typing import Any

from codebudget import pyast
from codebudget.records import ExecStatus, Execution
from codebudget.sandbox.base import Job
from codebudget.sandbox.inside.feedback import statement_at
from codebudget.sandbox.inside.text import tail, trim
from codebudget.sandbox.ledger import TAMPERED, Ledger

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
        self,
        job: Job,
        facts: dict[str, Any],
        marker: str,
        isolation: str,
        tail_chars: int,
        ledger: Ledger | None,
    ):
        self.job = job
        self.facts = facts
        self.total = len(job.tests)
        ledger = ledger if ledger is not None else Ledger((None,) * self.total)
        self.split = tuple(ledger.is_split(test) for test in range(self.total))
        self.records = tuple(ledger.record(test) for test in range(self.total))  # the run is over
        self.first_failed = next(
            (test for test, record in enumerate(self.records) if record and record.failure), None
        )
        self.events = parse_report(str(facts.get("report", "")), marker)
        self.common = {
            "tests_total": self.total,
            "stdout_tail": tail(str(facts.get("stdout", "")), tail_chars),
            "stderr_tail": tail(str(facts.get("stderr", "")), tail_chars),
            "wall_s": float(facts.get("wall", 0.0)),
            "cpu_s": float(facts.get("cpu", 0.0)),
            "isolation": isolation,
        }

    def _passed_tests(self) -> set[int]:
        """Tests the harness reported passed, where a split test also needs the ledger's pass."""
        reported = {
            e["test"]
            for e in self.events
            if e.get("ev") == "pass" and _index(e.get("test"), self.total) is not None
        }
        passed = {i for i in reported if (record := self.records[i]) is None or record.passed}
        if self.job.stop_on_failure and self.first_failed is not None:
            passed = {i for i in passed if i < self.first_failed}  # the run may have gone on briefly
        return passed

    def _tampering(self) -> str:
        """Why the report cannot be the harness's own, or ``""``."""
        ends = sum(1 for e in self.events if e.get("ev") == "end")
        passes = [e.get("test") for e in self.events if e.get("ev") == "pass"]
        if ends > 1 or len(passes) != len(set(map(str, passes))):
            return f"{TAMPERED}: conflicting reports"
        return ""

    def _make(
        self, status: ExecStatus, error: str, failing: int | None = None, **kw: Any
    ) -> Execution:
        fields: dict[str, Any] = {"tests_passed": len(self._passed_tests()), **self.common}
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
        decided = self._failure_that_ended_the_run()
        if decided is not None:
            return decided
        if self.facts.get("timed_out"):
            return self._timeout(f"timed out after {self.job.limits.timeout_s:g} s (wall clock)")
        if self.facts.get("probe_violation"):
            return self._make(ExecStatus.ERROR, str(self.facts["probe_violation"]), self._running_test())
        tampering = self._tampering()
        if tampering:
            return self._make(ExecStatus.ERROR, tampering)
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
        reported = _index(end.get("failing_index"), self.total)
        judged = self._ledger_failure(reported if status is not ExecStatus.PASSED else None)
        if judged is not None:
            return judged
        if status is ExecStatus.PASSED:
            passed = end.get("passed")
            if not (passed == self.total == end.get("total") == len(self._passed_tests())):
                return self._make(ExecStatus.ERROR, "inconsistent verdict from the harness")
            return self._make(status, "")
        failing = _text(end.get("failing_test"), TEST_CHARS) or None
        if reported is not None and self.split[reported]:
            line = end.get("failing_line")
            failing = self._statement(reported, line if isinstance(line, int) else None)
        return self._make(status, _text(end.get("error"), ERROR_CHARS), failing_test=failing)

    def _failure_that_ended_the_run(self) -> Execution | None:
        """The parent's first failed value, when nothing after it can matter.

        Values are not waited for where a failure changes nothing that runs next, so
        the program may go on briefly after a wrong one (until the worker stops it).
        In a job that stops at its first failure, and within the failing test itself,
        whatever happened after the wrong value (a timeout, a flood, the stop) is not
        the verdict: the failed assertion is, as when each value is waited for.
        """
        test = self.first_failed
        if test is None:
            return None
        if self.job.stop_on_failure or self.facts.get("stopped") or self._running_test() == test:
            return self._from_record(test)
        return None

    def _ledger_failure(self, reported: int | None) -> Execution | None:
        """The parent's own judgement, when it failed a split test the harness did not report first.

        A split test the harness calls passed must have had all its values judged right;
        values that never reached the parent mean the report is not the harness's.
        """
        limit = self.total if reported is None else reported + 1
        for test in range(limit):
            record = self.records[test]
            if record is None or record.passed:
                continue
            if record.failure is not None:
                return self._from_record(test)
            if reported is None:
                return self._make(ExecStatus.ERROR, f"{TAMPERED}: test {test + 1}'s checks never reached the judge")
        return None

    def _from_record(self, test: int) -> Execution:
        """The execution as the parent's own failed judgement of ``test`` says."""
        record = self.records[test]
        assert record is not None and record.failure is not None
        status = _STATUSES.get(record.failure.status, ExecStatus.ERROR)
        failing = self._statement(test, record.failing_line)
        return self._make(status, record.failure.error, failing_test=failing)

    def _statement(self, test: int, line: int | None) -> str:
        return trim(statement_at(self.job.tests[test], line, pyast.parse), TEST_CHARS)

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
    job: Job,
    facts: dict[str, Any],
    marker: str,
    isolation: str,
    tail_chars: int = 2000,
    ledger: Ledger | None = None,
) -> Execution:
    """The :class:`Execution` for one job, from the worker's raw facts and the parent's ledger."""
    return _Verdict(job, facts, marker, isolation, tail_chars, ledger).judge()
