"""Run one job in the confined child and report the verdict to the parent.

The report goes to its own pipe, one line per event, each line prefixed with
the per-execution marker the parent chose. The parent only counts a pass when
the final ``end`` event arrives with that marker, so a program that exits early
(``sys.exit``, ``os._exit``, an ``atexit`` trick) or prints a fake verdict on
stdout cannot pass. Everything the harness calls after the candidate has run
was bound before any candidate code existed.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import os
import sys
import types
from typing import Any, NoReturn, cast

from .feedback import comparison_detail, describe, innermost_line, statement_at, with_detail
from .guard import Guard
from .probe import Prober
from .rewrite import compile_test

PROGRAM = "<program>"
SETUP = "<setup>"
MODULE_NAME = "__candidate__"

_exit = os._exit
_write = os.write
_dumps = json.dumps
_exec = exec
_compile = compile
_isinstance = isinstance
_BUILTINS = builtins.__dict__
_BUILTINS_SNAPSHOT = dict(_BUILTINS)
_STREAMS = (sys.stdout, sys.stderr)
_MISSING = object()


def test_name(index: int) -> str:
    """The pseudo file name test ``index`` is compiled under."""
    return f"<test {index}>"


class Reporter:
    """Writes marked report lines to the report pipe."""

    def __init__(self, fd: int, marker: str) -> None:
        self._fd = fd
        self._prefix = (marker + " ").encode()

    def emit(self, event: dict[str, Any]) -> None:
        """Write one event; a closed pipe is ignored (the parent sees no verdict)."""
        view = memoryview(self._prefix + _dumps(event).encode() + b"\n")
        try:
            while view:
                view = view[_write(self._fd, view) :]
        except OSError:
            pass


def status_of(exc: BaseException) -> str:
    """The status a test (or the program) gets for raising ``exc``."""
    if _isinstance(exc, MemoryError):
        return "memory"
    if _isinstance(exc, AssertionError):
        return "failed"
    return "error"


def _restore_builtins(namespace: dict[str, Any]) -> None:
    namespace["__builtins__"] = builtins
    for key in [key for key in _BUILTINS if key not in _BUILTINS_SNAPSHOT]:
        del _BUILTINS[key]
    for key, value in _BUILTINS_SNAPSHOT.items():
        if _BUILTINS.get(key, _MISSING) is not value:
            _BUILTINS[key] = value


def _flush_streams() -> None:
    for stream in (sys.stdout, sys.stderr, *_STREAMS):
        # the program may have replaced the streams with anything at all
        with contextlib.suppress(BaseException):
            stream.flush()


class _Run:
    """One job: compile everything first, then setup, program and tests in one namespace."""

    def __init__(self, job: dict[str, Any], reporter: Reporter, prober: Prober) -> None:
        self.job = job
        self.reporter = reporter
        self.prober = prober
        self.guard = Guard()
        self.tests: list[str] = list(job["tests"])

    def execute(self) -> dict[str, Any]:
        compiled = [self._compile_test(i, source) for i, source in enumerate(self.tests)]
        try:
            setup = _compile(self.job["setup"], SETUP, "exec", dont_inherit=True)
            program = _compile(self.job["code"], PROGRAM, "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as exc:
            return self._result(0, self._program_failure(exc))
        module = types.ModuleType(MODULE_NAME)
        sys.modules[MODULE_NAME] = module
        namespace = module.__dict__
        namespace["__builtins__"] = builtins
        for code in (setup, program):
            try:
                _exec(code, namespace)
            except BaseException as exc:  # whatever the program raises is its result
                return self._result(0, self._program_failure(exc))
        return self._run_tests(compiled, namespace)

    def _run_tests(self, compiled: list[Any], namespace: dict[str, Any]) -> dict[str, Any]:
        passed, first = 0, None
        for index, code in enumerate(compiled):
            self.reporter.emit({"ev": "start", "test": index})
            try:
                _restore_builtins(namespace)
                if _isinstance(code, BaseException):
                    raise code
                _exec(code, namespace)
            except BaseException as exc:  # a test's failure, whatever it raised
                first = first or self._test_failure(index, exc)
                if self.job["stop_on_failure"]:
                    break
                continue
            passed += 1
            self.reporter.emit({"ev": "pass", "test": index})
        return self._result(passed, first)

    def _compile_test(self, index: int, source: str) -> Any:
        try:
            counts = self.job.get("probe_counts") or [0] * len(self.tests)
            probe = self.prober.for_test(index, counts[index], self.job["stop_on_failure"])
            return compile_test(source, test_name(index), self.guard, probe)
        except (SyntaxError, ValueError) as exc:
            return exc

    def _program_failure(self, exc: BaseException) -> dict[str, Any]:
        return {
            "status": status_of(exc),
            "failing_index": None,
            "failing_test": None,
            "error": describe(exc, self.job["code"], PROGRAM),
        }

    def _test_failure(self, index: int, exc: BaseException) -> dict[str, Any]:
        source = self.tests[index]
        syntax = cast(SyntaxError, exc) if _isinstance(exc, SyntaxError) else None
        if syntax is not None and syntax.filename == test_name(index):
            line = syntax.lineno
            error = f"SyntaxError in the test: {syntax.msg} (line {syntax.lineno})"
        else:
            line = innermost_line(exc.__traceback__, test_name(index))
            error = describe(exc, self.job["code"], PROGRAM)
            error = with_detail(error, comparison_detail(self.guard.last_failure, exc))
        return {
            "status": status_of(exc),
            "failing_index": index,
            "failing_line": line,
            "failing_test": statement_at(source, line),
            "error": error,
        }

    def _result(self, passed: int, failure: dict[str, Any] | None) -> dict[str, Any]:
        result = {"ev": "end", "passed": passed, "total": len(self.tests)}
        result.update(failure or {"status": "passed", "failing_index": None})
        return result


def run_job(job: dict[str, Any], marker: str, report_fd: int, prober: Prober) -> NoReturn:
    """Run ``job`` in this (already confined) process, report, and exit."""
    reporter = Reporter(report_fd, marker)
    try:
        result = _Run(job, reporter, prober).execute()
    except MemoryError:
        result = {"ev": "end", "status": "memory", "error": "MemoryError"}
    _flush_streams()
    reporter.emit(result)
    _exit(0)
