"""The strict comparisons of test code, checked on the host (no sandbox needed)."""

from __future__ import annotations

import collections
import fractions
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codebudget.sandbox.inside.guard import ComparisonRefused, Guard, trusted
from codebudget.sandbox.inside.rewrite import compile_test

PROGRAM = """
import collections
class AlwaysEqual:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    __hash__ = object.__hash__
class Point:
    def __init__(self, x, y): self.x, self.y = x, y
    def __eq__(self, other): return (self.x, self.y) == (other.x, other.y)
class Meta(type):
    def __getattribute__(cls, name):
        return object.__eq__ if name == "__eq__" else super().__getattribute__(name)
class Liar(metaclass=Meta):
    def __eq__(self, other): return True
class Plain:
    pass
def ident(x): return x
"""


def run_test(source: str) -> None:
    namespace: dict[str, Any] = {}
    exec(PROGRAM, namespace)
    exec(compile_test(source, "<test 0>", Guard()), namespace)


@pytest.mark.parametrize(
    "source",
    [
        "assert ident(1) == 1.0",
        "assert ident(True) == 1",
        "assert ident([1, 2.0, (3, {4: 5})]) == [1, 2, (3, {4: 5})]",
        "assert ident({1, 2}) == frozenset({1.0, 2})",
        "assert ident(collections.Counter('aab')) == {'a': 2, 'b': 1}",
        "assert ident(collections.OrderedDict(a=1)) == {'a': 1}",
        "assert 0 <= ident(3) < 5",
        "assert ident(3) in [1, 2, 3]",
        "assert ident('b') not in 'ac'",
        "assert not ident(0)",
        "assert ident(None) is None",
        "assert Point(1, 2) == Point(1, 2)",  # two objects of the program's class: Python rules
        "assert ident(Plain) != 3 and Plain() != Plain()",
        "def check(candidate):\n    assert candidate(2) == 2\ncheck(ident)",
        "x = [ident(i) == i for i in range(3)]\nassert all(x)",
    ],
)
def test_builtin_values_compare_as_python_does(source: str) -> None:
    run_test(source)


@pytest.mark.parametrize(
    "source",
    [
        "assert AlwaysEqual() == [1, 2]",
        "assert [1, 2] == AlwaysEqual()",
        "assert AlwaysEqual() != 3 or True",
        "assert [AlwaysEqual()] == [5]",
        "assert {'k': AlwaysEqual()} == {'k': 1}",
        "assert 5 in [AlwaysEqual()]",
        "assert Liar() == 7",  # a metaclass cannot hide the class's own __eq__
        "assert 1 < ident(AlwaysEqual()) < 3",
    ],
)
def test_candidate_comparisons_cannot_fake_equality(source: str) -> None:
    with pytest.raises(ComparisonRefused, match="refused to compare"):
        run_test(source)


def test_untrusted_truth_values_are_refused() -> None:
    namespace: dict[str, Any] = {}
    exec("class T:\n    def __bool__(self): return True\ndef f(): return T()", namespace)
    for source in ("assert f()", "assert f() and True", "assert not not f()"):
        with pytest.raises(ComparisonRefused, match="truth value"):
            exec(compile_test(source, "<t>", Guard()), namespace)


def test_guard_is_bound_in_code_not_in_the_namespace() -> None:
    guard = Guard()
    code = compile_test("assert AlwaysEqual() == 1", "<test 0>", guard)
    assert code.co_names == ("AlwaysEqual",)  # nothing the program could rebind
    assert guard.compare in code.co_consts


def test_a_failed_comparison_is_remembered_with_its_line() -> None:
    guard = Guard()
    code = compile_test("x = 1\nassert x == 2", "<test 0>", guard)
    with pytest.raises(AssertionError):
        exec(code, {})
    assert guard.last_failure is not None
    assert guard.last_failure[1:] == (2, 1, "==", 2)


def test_trusted_recognises_stdlib_and_subclasses() -> None:
    Pair = collections.namedtuple("Pair", "a b")
    assert trusted(Pair(1, 2))
    assert trusted(fractions.Fraction(1, 3))
    assert trusted(collections.deque([1, [2]]))
    loop: list[Any] = []
    loop.append(loop)
    assert trusted(loop)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=12,
)


@given(JSON, JSON)
def test_guard_agrees_with_python_on_builtin_values(left: Any, right: Any) -> None:
    guard = Guard()
    assert guard.compare(0, left, right) == (left == right)
    assert guard.compare(1, left, right) == (left != right)
    assert guard.compare(0, left, left) == (left == left)


def test_nan_is_not_equal_to_itself_as_in_python() -> None:
    assert Guard().compare(0, math.nan, math.nan) is False
