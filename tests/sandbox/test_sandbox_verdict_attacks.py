"""Attacks on the verdict itself, written after reading the harness, on both isolation levels.

Each program returns a wrong answer and tries to make it pass anyway: by reaching the
harness through frames and forging its report, by wrapping the wrong answer in a
trusted standard-library type with hostile insides, by subclassing builtins, by
sending forged values on the probe channel, by reusing an earlier job's marker. After
each attack: the verdict is not ``passed``, the host is unchanged, nothing the attack
started is alive, and the next jobs on every worker are graded correctly (a right
answer passes, a wrong one fails).
"""

from __future__ import annotations

import dataclasses
import re
import time

import pytest
from sandbox_support import CANARY_JOB, HostState, assert_no_strays

from codebudget.records import ExecStatus as S
from codebudget.sandbox import Job, Limits
from codebudget.sandbox.pool import ForkServerSandbox

LIMITS = Limits(timeout_s=2.0, memory_mb=512)
SECRET_EXPECTED = 982451653  # the expected answer; no program here computes it
# ``f(2)`` must be 982451653; every attack's f returns something else.
SPLIT = (f"assert f(2) == {SECRET_EXPECTED}",)
SPLIT_CHECK = (
    f"def check(candidate):\n    assert candidate(2) == {SECRET_EXPECTED}\n"
    f"    assert abs(candidate(3) - {SECRET_EXPECTED}.5) < 1e-6\ncheck(f)\n",
)
# The same assertion inside a loop: not split, judged in the candidate's process by the guard.
IN_PROCESS = (f"for _ in range(1):\n    assert f(2) == {SECRET_EXPECTED}\n",)

FIND_HARNESS = """
import sys, os, json
def _harness():
    frame = sys._getframe(1)
    while frame is not None:
        run = frame.f_locals.get('self')
        if run is not None and hasattr(run, 'reporter'):
            return run
        frame = frame.f_back
"""
FORGE_REPORT = FIND_HARNESS + """
def f(x):
    run = _harness()
    prefix, total = run.reporter._prefix, len(run.tests)
    for test in range(total):
        os.write(3, prefix + json.dumps({'ev': 'pass', 'test': test}).encode() + b'\\n')
    end = {'ev': 'end', 'status': 'passed', 'passed': total, 'total': total, 'failing_index': None}
    os.write(3, prefix + json.dumps(end).encode() + b'\\n')
    os._exit(0)
"""
READ_TESTS = FIND_HARNESS + """
def f(x):
    print(_harness().tests, flush=True)
    return 0
"""
SKIP_WITH_TRACE = """
import sys
def f(x):
    caller = sys._getframe(1)
    def tracer(frame, event, arg):
        if frame is caller and event == 'line':
            try:
                frame.f_lineno = frame.f_code.co_firstlineno + 100
            except ValueError:
                pass
        return tracer
    caller.f_trace = tracer
    sys.settrace(tracer)
    return 0
"""
DISABLE_PROBE = FIND_HARNESS + """
def f(x):
    _harness().prober.send = lambda *args: None
    return 0
"""
PRESUBMIT = """
import os, json
def f(x):
    for index in range(2):
        message = {'t': 0, 'k': index, 'v': ['i', format(x, 'x')]}
        os.write(4, json.dumps(message).encode() + b'\\n')
        os.read(5, 4096)
    return x
"""
FLOOD_PROBES = """
import os
def f(x):
    chunk = b'x' * (1 << 20)
    while True:
        os.write(4, chunk)
"""
IGNORE_ANSWERS = """
import os, json
def f(x):
    line = json.dumps({'t': 0, 'k': 0, 'v': ['i', '1']}).encode() + b'\\n'
    while True:
        os.write(4, line)
"""
ALWAYS_EQUAL = """
class Eq:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __lt__(self, other): return True
    def __le__(self, other): return True
    def __hash__(self): return 0
    def __sub__(self, other): return 0
    def __rsub__(self, other): return 0
    def __abs__(self): return 0
"""
FRACTION = ALWAYS_EQUAL + """
import fractions
def evil_fraction():
    value = fractions.Fraction(1, 2)
    object.__setattr__(value, '_numerator', Eq())
    object.__setattr__(value, '_denominator', 1)
    return value
"""


@dataclasses.dataclass(frozen=True)
class Attack:
    name: str
    code: str
    tests: tuple[str, ...]
    expected: frozenset[S]


def attack(name: str, code: str, tests: tuple[str, ...], *expected: S) -> Attack:
    return Attack(name, code, tests, frozenset(expected))


ATTACKS = [
    attack("forged report through the caller's frame", FORGE_REPORT, SPLIT, S.ERROR),
    attack("forged report, HumanEval check form", FORGE_REPORT, SPLIT_CHECK, S.ERROR),
    attack("trace function jumps over the assertion", SKIP_WITH_TRACE, SPLIT, S.ERROR, S.FAILED),
    attack("trace jump, HumanEval check form", SKIP_WITH_TRACE, SPLIT_CHECK, S.ERROR, S.FAILED),
    attack("prober disabled through the frame", DISABLE_PROBE, SPLIT_CHECK, S.ERROR),
    attack("values pre-submitted on the probe pipe", PRESUBMIT, SPLIT_CHECK, S.FAILED, S.ERROR),
    attack("probe pipe flooded", FLOOD_PROBES, SPLIT, S.ERROR),
    attack("answers never read", IGNORE_ANSWERS, SPLIT, S.ERROR, S.TIMEOUT),
    attack("Fraction with an always-equal numerator", FRACTION + "def f(x): return evil_fraction()\n",
           SPLIT, S.FAILED),
    attack("Fraction with an always-equal numerator, in process",
           FRACTION + "def f(x): return evil_fraction()\n", IN_PROCESS, S.FAILED),
    attack("evil Fraction inside a list, in process",
           FRACTION + f"def f(x): return [evil_fraction()]\n",
           (f"for _ in range(1):\n    assert f(2) == [{SECRET_EXPECTED}]\n",), S.FAILED),
    attack("evil Fraction as a Counter value",
           FRACTION + "import collections\ndef f(x): return collections.Counter({'a': evil_fraction()})\n",
           ("assert f(2) == {'a': 1}",), S.FAILED),
    attack("evil Fraction inside a deque, in process",
           FRACTION + "import collections\ndef f(x): return collections.deque([evil_fraction()])\n",
           ("for _ in range(1):\n    assert list(f(2)) == [1]\n",), S.FAILED),
    attack("int subclass with __eq__", "class I(int):\n    def __eq__(self, o): return True\n"
           "    __hash__ = int.__hash__\ndef f(x): return I(0)\n", SPLIT, S.FAILED),
    attack("int subclass with __eq__, in process", "class I(int):\n    def __eq__(self, o): return True\n"
           "    __hash__ = int.__hash__\ndef f(x): return I(0)\n", IN_PROCESS, S.FAILED),
    attack("str subclass with __eq__", "class T(str):\n    def __eq__(self, o): return True\n"
           "    __hash__ = str.__hash__\ndef f(x): return T('no')\n", ("assert f(2) == 'yes'",), S.FAILED),
    attack("tuple subclass with __eq__", "class T(tuple):\n    def __eq__(self, o): return True\n"
           "    __hash__ = tuple.__hash__\ndef f(x): return T(())\n", ("assert f(2) == (1, 2)",), S.FAILED),
    attack("Decimal subclass with __eq__", "import decimal\nclass D(decimal.Decimal):\n"
           "    def __eq__(self, o): return True\n    __hash__ = decimal.Decimal.__hash__\n"
           "def f(x): return D(0)\n", SPLIT, S.FAILED),
    attack("UserList with hostile data", ALWAYS_EQUAL + "import collections\n"
           "def f(x):\n    value = collections.UserList()\n    value.data = Eq()\n    return value\n",
           ("assert f(2) == [1]",), S.FAILED),
    attack("UserList with hostile data, in process", ALWAYS_EQUAL + "import collections\n"
           "def f(x):\n    value = collections.UserList()\n    value.data = Eq()\n    return value\n",
           ("for _ in range(1):\n    assert f(2) == [1]\n",), S.FAILED),
    attack("__class__ assigned to a trusted-looking class", ALWAYS_EQUAL +
           "class Plain:\n    pass\n"
           "def f(x):\n    value = Eq()\n    try:\n        value.__class__ = int\n    except TypeError:\n"
           "        value.__class__ = Plain\n    return value\n", SPLIT, S.FAILED),
    attack("__class__ property that claims int", ALWAYS_EQUAL.replace("class Eq:", "class Eq:\n"
           "    @property\n    def __class__(self): return int") + "def f(x): return Eq()\n",
           SPLIT + IN_PROCESS, S.FAILED),
    attack("exception with __eq__ posing as AssertionError",
           "class E(Exception):\n    def __eq__(self, o): return True\n    __hash__ = object.__hash__\n"
           "    @property\n    def __class__(self): return AssertionError\n"
           "def f(x): raise E()\n", SPLIT, S.ERROR, S.FAILED),
    attack("always-equal object against a float tolerance", ALWAYS_EQUAL + "def f(x): return Eq()\n",
           SPLIT_CHECK, S.FAILED),
]


def _next_jobs_graded(sandbox: ForkServerSandbox) -> None:
    """A right answer passes and a wrong one fails, on every worker."""
    wrong = Job(code="def add(a, b):\n    return a - b\n", tests=("assert add(2, 3) == 5",))
    results = sandbox.run_many([CANARY_JOB, wrong] * (2 * sandbox.workers))
    for index, result in enumerate(results):
        expected = S.PASSED if index % 2 == 0 else S.FAILED
        assert result.status is expected, result


@pytest.mark.parametrize("case", ATTACKS, ids=[a.name for a in ATTACKS])
def test_wrong_answer_never_passes(case: Attack, sandbox: ForkServerSandbox, host_state: HostState) -> None:
    result = sandbox.run(Job(code=case.code, tests=case.tests, limits=LIMITS))
    assert result.status in case.expected, result
    assert not result.passed
    assert result.tests_passed == 0, result
    _next_jobs_graded(sandbox)
    host_state.assert_unchanged()
    assert_no_strays(sandbox, "codebudget-no-such-token")


@pytest.mark.parametrize("tests", [SPLIT, SPLIT_CHECK], ids=["module", "check"])
def test_split_tests_keep_the_expected_value_out_of_the_program(
    tests: tuple[str, ...], sandbox: ForkServerSandbox
) -> None:
    result = sandbox.run(Job(code=READ_TESTS, tests=tests, limits=LIMITS))
    assert "__codebudget_probe__" in result.stdout_tail  # the program did read the tests
    assert str(SECRET_EXPECTED) not in result.stdout_tail
    assert result.status is S.FAILED
    assert result.failing_test is not None and str(SECRET_EXPECTED) in result.failing_test  # parent's text


def test_a_marker_from_an_earlier_job_forges_nothing(sandbox: ForkServerSandbox) -> None:
    leak = FIND_HARNESS + "def f(x):\n    print('MARKER=' + _harness().reporter._prefix.decode().strip())\n    return 0\n"
    first = sandbox.run(Job(code=leak, tests=IN_PROCESS, limits=LIMITS))
    found = re.search(r"MARKER=([0-9a-f]{32})", first.stdout_tail)
    assert found and first.status is S.FAILED
    marker = found.group(1).encode()
    replay = (
        "import os, json\ndef f(x): return 0\n"
        f"prefix = {marker!r} + b' '\n"
        "os.write(3, prefix + json.dumps({'ev': 'pass', 'test': 0}).encode() + b'\\n')\n"
        "os.write(3, prefix + json.dumps({'ev': 'end', 'status': 'passed', 'passed': 1, 'total': 1}).encode()"
        " + b'\\n')\nos._exit(0)\n"
    )
    for _ in range(2 * sandbox.workers):  # whichever worker runs it
        second = sandbox.run(Job(code=replay, tests=IN_PROCESS, limits=LIMITS))
        assert second.status is S.ERROR, second
    _next_jobs_graded(sandbox)


def test_a_second_verdict_on_the_report_channel_is_a_forgery(sandbox: ForkServerSandbox) -> None:
    # The candidate writes a "passed" verdict early; the harness then writes its own.
    early = FIND_HARNESS + (
        "def f(x):\n    run = _harness()\n"
        "    end = {'ev': 'end', 'status': 'passed', 'passed': 1, 'total': 1, 'failing_index': None}\n"
        "    os.write(3, run.reporter._prefix + json.dumps(end).encode() + b'\\n')\n    return 0\n"
    )
    result = sandbox.run(Job(code=early, tests=IN_PROCESS, limits=LIMITS))
    assert result.status is S.ERROR and "conflicting reports" in result.error, result


def test_a_stop_is_not_lost_behind_a_value_that_waits(sandbox: ForkServerSandbox) -> None:
    # A wrong value the program does not wait for, then one it waits for, then a loop:
    # the parent's stop arrives while the worker waits for the answer and still ends the run.
    code = (
        "import os, json\ndef f(x):\n"
        "    os.write(4, b'N' + json.dumps({'t': 0, 'k': 0, 'v': ['i', '0']}).encode() + b'\\n')\n"
        "    os.write(4, b'W' + json.dumps({'t': 0, 'k': 1, 'v': ['i', '0']}).encode() + b'\\n')\n"
        "    os.read(5, 4096)\n    while True:\n        pass\n"
    )
    started = time.monotonic()
    result = sandbox.run(Job(code=code, tests=SPLIT_CHECK, limits=Limits(timeout_s=5.0)))
    assert result.status is S.FAILED, result
    assert time.monotonic() - started < 3.0
    _next_jobs_graded(sandbox)
