"""Split assertions: plain-data values, the shapes that split, the parent's judgement and ledger.

The parity tests run each failing assertion twice through a real sandbox, split (the
parent judges) and in the candidate's process (the same statement under ``if True:``,
which is not split), and require the same status, error text and failing statement:
repair prompts must read the same either way.
"""

from __future__ import annotations

import ast
import collections
import decimal
import fractions
import json
import math
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codebudget.records import ExecStatus
from codebudget.sandbox import Job, Limits
from codebudget.sandbox.expect import CLOSE_HELPER, close
from codebudget.sandbox.inside.guard import Guard
from codebudget.sandbox.inside.rewrite import compile_test
from codebudget.sandbox.inside.values import MAX_DEPTH, Malformed, Unencodable, decode, encode
from codebudget.sandbox.ledger import Ledger
from codebudget.sandbox.pool import ForkServerSandbox
from codebudget.sandbox.split import PROBE, split_test

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(), st.binary(),
    st.complex_numbers(allow_nan=False), st.fractions(), st.decimals(allow_nan=False),
)
# OrderedDict keeps its order and compares by it: checked as a list of pairs by _canon's tuple form
hashables = st.recursive(scalars, lambda inner: st.tuples(inner, inner) | st.frozensets(inner, max_size=3), max_leaves=8)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.tuples(inner, inner)
    | st.dictionaries(hashables, inner, max_size=3)
    | st.sets(hashables, max_size=3)
    | st.builds(collections.deque, st.lists(inner, max_size=3))
    | st.builds(collections.Counter, st.dictionaries(st.text(max_size=3), st.integers(), max_size=3))
    | st.builds(collections.OrderedDict, st.dictionaries(st.text(max_size=3), inner, max_size=3)),
    max_leaves=20,
)


def _canon(value: object) -> object:
    """Types and contents, with sets and mappings in a fixed order (their iteration order may differ)."""
    if isinstance(value, (set, frozenset)):
        return (type(value).__name__, sorted(repr(_canon(v)) for v in value))
    if isinstance(value, dict):
        return (type(value).__name__, sorted(repr((_canon(k), _canon(v))) for k, v in value.items()))
    if isinstance(value, (list, tuple, collections.deque)):
        return (type(value).__name__, [_canon(v) for v in value])
    return (type(value).__name__, repr(value))


def _same(a: object, b: object) -> bool:
    return _canon(a) == _canon(b)


@settings(max_examples=300, deadline=None)
@given(values)
def test_plain_values_cross_unchanged(value: object) -> None:
    back = decode(json.loads(json.dumps(encode(value))))
    assert _same(back, value)


def test_special_floats_and_big_numbers_cross_exactly() -> None:
    for value in (math.nan, math.inf, -math.inf, -0.0, 5e-324, 2**4000, -(3**3000), range(1, 10, 3)):
        back = decode(json.loads(json.dumps(encode(value))))
        assert repr(back) == repr(value) and type(back) is type(value)


class _Any:
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = object.__hash__


def test_anything_but_plain_data_is_refused() -> None:
    evil = fractions.Fraction(1, 2)
    object.__setattr__(evil, "_numerator", _Any())
    loop: list[object] = []
    loop.append(loop)
    deep: list[object] = []
    for _ in range(MAX_DEPTH + 5):
        deep = [deep]
    hostile = {"__eq__": lambda self, other: True, "__hash__": lambda self: 0}
    subclasses = [type("I", (int,), hostile)(1), type("S", (str,), hostile)("x"),
                  type("T", (tuple,), hostile)(), type("D", (decimal.Decimal,), hostile)(1),
                  type("L", (list,), {"__lt__": lambda self, other: True})(), collections.UserList([1])]
    for value in [evil, loop, deep, _Any(), iter([1]), {1: _Any()}, [_Any()], *subclasses]:
        with pytest.raises(Unencodable):
            encode(value)


def test_subclasses_that_keep_the_comparisons_cross_as_their_content() -> None:
    import enum

    point = collections.namedtuple("point", "x y")
    colour = enum.IntEnum("colour", "RED GREEN")
    shout = type("shout", (str,), {"__str__": lambda self: "LIED", "__iter__": lambda self: iter("LIED")})
    for value, plain in [(point(1, 2), (1, 2)), (colour.GREEN, 2), (shout("hi"), "hi")]:
        back = decode(json.loads(json.dumps(encode(value))))
        assert type(back) is type(plain) and back == plain


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=3),
                    lambda inner: st.lists(inner, max_size=4), max_leaves=12))
def test_any_tree_decodes_or_is_malformed(tree: object) -> None:
    try:
        decode(tree)
    except Malformed:
        pass


@settings(max_examples=500, deadline=None)
@given(st.recursive(st.integers() | st.floats() | st.booleans() | st.text(max_size=2),
                    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner), max_leaves=6),
       st.recursive(st.integers() | st.floats() | st.booleans() | st.text(max_size=2),
                    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner), max_leaves=6))
def test_close_agrees_with_the_helper_snippets_define(got: object, want: object) -> None:
    namespace: dict[str, object] = {}
    exec(CLOSE_HELPER, namespace)
    assert close(got, want) == namespace["_codebudget_close"](got, want)


SPLITS = {
    "assert f(2) == 4": ["eq"],
    "assert 4 == f(2)": ["eq"],
    "assert f(2) != 4": ["ne"],
    "assert f(2) is None": ["is"],
    "assert f(2) is not True": ["is-not"],
    "assert f(2)": ["truthy"],
    "assert not f(2)": ["falsy"],
    "assert abs(f(2) - 2.0 / 3.0) < 1e-6": ["abs-lt"],
    "assert abs(2.5 - f(2)) <= 1e-3": ["abs-le"],
    "import math\nassert math.isclose(f(2), 2.5, rel_tol=1e-4)": ["isclose"],
    "assert f([1, 2]) == (3 + 5, 3 * 5)": ["eq"],
    "assert tuple(f(1)) == tuple([1, 2])": ["eq"],
    "x = f(1)\nassert x == [1]\nassert f(2) == [2], 'two'": ["eq", "eq"],
    "def check(candidate):\n    assert candidate(1) == 1\n    assert candidate(2) == 4\ncheck(f)\n": ["eq", "eq"],
    CLOSE_HELPER + "\nassert _codebudget_close(f(2), 2.5), 'msg'": ["close"],
}
NOT_SPLIT = [
    "assert f(2) == g(2)",  # no literal side
    "for x in range(3):\n    assert f(x) == 1",  # runs more than once
    "if True:\n    assert f(2) == 4",  # not straight-line
    "assert f(2) == 4 and f(3) == 9",  # logic inside the assertion
    "assert math.isclose(f(2), 2.5)",  # math never imported: the sandbox must raise NameError
    "def check(c):\n    assert c(1) == 1\ncheck(f)\ncheck(f)\n",  # called twice
    "def check(c):\n    assert c(1) == 1\n",  # never called
    "assert f(2) == 4; x = 1",  # shares its line
    "assert (f(2) == 4) == True",
    "assert 2 ** 10000 == f(2) ** 2",  # too large to evaluate in the parent
    f"assert {PROBE}(0, 1) == 1",
    "assert f(",
]


@pytest.mark.parametrize("source", list(SPLITS), ids=range(len(SPLITS)))
def test_shapes_that_split(source: str) -> None:
    split = split_test(source)
    assert split is not None
    assert [e.kind for e in split.expectations] == SPLITS[source]
    assert split.sandbox_source.count("\n") == source.count("\n")
    remaining = [n for n in ast.walk(ast.parse(split.sandbox_source)) if isinstance(n, ast.Assert)]
    assert remaining == [] or CLOSE_HELPER in source
    for expectation in split.expectations:
        if expectation.expected not in (None, True, False):
            assert repr(expectation.expected) not in split.sandbox_source.replace(CLOSE_HELPER, "")


@pytest.mark.parametrize("source", NOT_SPLIT, ids=range(len(NOT_SPLIT)))
def test_shapes_that_stay_in_the_sandbox(source: str) -> None:
    assert split_test(source) is None


def _probe(test: int, index: int, value: object) -> str:
    return json.dumps({"t": test, "k": index, "v": encode(value)})


def test_ledger_takes_each_value_once_and_in_order() -> None:
    split = split_test("assert f(1) == 1\nassert f(2) == 4")
    ledger = Ledger((split, None))
    assert ledger.answer(_probe(0, 0, 1)) == {"ok": True}
    assert ledger.answer(_probe(0, 0, 1))["ok"] is False  # the same value again
    record = ledger.record(0)
    assert record is not None and not record.passed and "out of order" in record.failure.error
    assert ledger.answer(_probe(1, 0, 1))["ok"] is False  # test 1 was not split
    assert ledger.record(1) is None
    for junk in ("not json", "[]", json.dumps({"t": 0, "k": 1, "v": ["zz"]}), None):
        assert Ledger((split,)).answer(junk)["ok"] is False


def test_ledger_passes_a_test_only_when_every_value_came() -> None:
    split = split_test("assert f(1) == 1\nassert f(2) == 4")
    ledger = Ledger((split,))
    ledger.answer(_probe(0, 0, 1))
    assert not ledger.record(0).passed  # type: ignore[union-attr]
    ledger.answer(_probe(0, 1, 4))
    assert ledger.record(0).passed  # type: ignore[union-attr]


PARITY = [
    ("def f(x):\n    return x + 1\n", "assert f(2) == 4"),
    ("def f(x):\n    return x + 1\n", "assert f(2) == 4, 'four'"),
    ("def f(x):\n    return x + 1\n", "assert 4 == f(2)"),
    ("def f(x):\n    return [x] * 20\n", "assert f(2) == [2]"),
    ("def f(x):\n    return 'a' * 200\n", "assert f(2) == 'b'"),
    ("def f(x):\n    return 3\n", "assert f(2) is None"),
    ("def f(x):\n    return None\n", "assert f(2) is not None"),
    ("def f(x):\n    return 0\n", "assert f(2)"),
    ("def f(x):\n    return [1]\n", "assert not f(2)"),
    ("def f(x):\n    return 0.5\n", "assert abs(f(2) - 2.0) < 1e-6"),
    ("def f(x):\n    return 'x'\n", "assert abs(f(2) - 2.0) < 1e-6"),
    ("import math\ndef f(x):\n    return 0.5\n", "import math\nassert math.isclose(f(2), 2.0)"),
    ("def f(x):\n    return 0.5\n", CLOSE_HELPER + "\nassert _codebudget_close(f(2), 2.5), 'f(2) should be 2.5'"),
    ("def f(x):\n    raise KeyError(x)\n", "assert f(2) == 4"),
    ("def f(x):\n    return {1: 2}\n", "def check(candidate):\n    assert candidate(1) == {1: 2}\n"
     "    assert candidate(2) == {2: 3}\ncheck(f)\n"),
]


def _in_process(test: str) -> str:
    """The same statements under ``if True:`` (not split: judged in the candidate's process)."""
    body = "\n".join("    " + line if line.strip() else line for line in test.splitlines())
    return "if True:\n" + body + "\n"


@pytest.mark.parametrize("program,test", PARITY, ids=range(len(PARITY)))
def test_split_and_in_process_verdicts_read_the_same(
    program: str, test: str, sandbox: ForkServerSandbox
) -> None:
    assert split_test(test) is not None and split_test(_in_process(test)) is None
    split, local = sandbox.run_many([Job(program, (test,)), Job(program, (_in_process(test),))])
    assert split.status is local.status and split.status is not ExecStatus.PASSED
    assert split.error == local.error
    assert local.failing_test is not None
    assert split.failing_test == local.failing_test.replace("\n    ", "\n")  # the same statement, dedented


LOOPS_ON_3 = "def f(x):\n    while x == 3:\n        pass\n    return x\n"


def test_a_run_that_stops_at_its_first_failure_ends_at_the_wrong_value(sandbox: ForkServerSandbox) -> None:
    # Values are not waited for here: the worker stops the run when the parent judges one wrong,
    # so the loop on f(3), which a failed assertion would never have reached, changes nothing.
    test = "def check(c):\n    assert c(1) == 1\n    assert c(2) == 5\n    assert c(3) == 3\ncheck(f)\n"
    started = time.monotonic()
    result = sandbox.run(Job(LOOPS_ON_3, (test, "assert f(4) == 4"), limits=Limits(timeout_s=3.0)))
    assert result.status is ExecStatus.FAILED and result.tests_passed == 0, result
    assert result.failing_test == "assert c(2) == 5" and result.error == "AssertionError: 2 == 5 is False"
    assert time.monotonic() - started < 2.0


def test_a_run_that_goes_on_waits_where_a_failure_changes_what_runs(sandbox: ForkServerSandbox) -> None:
    # Every test runs: within a test the wrong f(2) must stop it before the loop on f(3).
    tests = ("assert f(2) == 5\nassert f(3) == 3", "assert f(4) == 4", "assert f(3) == 3")
    result = sandbox.run(Job(LOOPS_ON_3, tests[:2], stop_on_failure=False, limits=Limits(timeout_s=2.0)))
    assert result.status is ExecStatus.FAILED and (result.tests_passed, result.tests_total) == (1, 2), result
    assert result.failing_test == "assert f(2) == 5"
    looping = sandbox.run(Job(LOOPS_ON_3, tests, stop_on_failure=False, limits=Limits(timeout_s=1.0)))
    assert looping.status is ExecStatus.TIMEOUT, looping  # as in the candidate's own process


SHARED_MBPP = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mbpp"
MBPP_PATH = SHARED_MBPP / "mbpp.jsonl"
MBPP_SANITIZED_PATH = SHARED_MBPP / "sanitized-mbpp.json"


def _benchmark_tests() -> list[str]:
    from codebudget.benchmarks import load

    tests = []
    for name, path in (("humaneval", None), ("mbpp", MBPP_PATH), ("mbpp-sanitized", MBPP_SANITIZED_PATH)):
        if path is not None and not path.exists():
            continue
        for problem in load(name, path=path):
            tests += [*problem.public_tests, *problem.hidden_tests]
    return tests


def test_every_benchmark_test_compiles_split_and_whole() -> None:
    tests = _benchmark_tests()
    split = [s for s in map(split_test, tests) if s is not None]
    assert len(tests) > (3000 if MBPP_PATH.exists() else 500) and len(split) / len(tests) > 0.98
    guard = Guard()
    for result in split:  # as the sandbox compiles them: with the guard and the probe bound
        compile_test(result.sandbox_source, "<split>", guard)
    for test in tests:
        try:
            compile_test(test, "<test>", guard)
        except SyntaxError:
            pass
