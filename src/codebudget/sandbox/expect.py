"""Expectations the trusted parent judges: a candidate's plain value against an expected literal.

A test statement such as ``assert f(2) == 4`` is split (see :mod:`codebudget.sandbox.split`):
the candidate's process computes ``f(2)`` and sends it as plain data; this module
decides, in a process that never runs candidate code, whether it meets the
expectation. The failure texts match what the in-process harness writes for the same
assertion, so repair prompts read the same either way.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from codebudget.sandbox.inside.feedback import comparison_text, with_detail

TOLERANCE = 1e-6

# The helper benchmark snippets define to compare floats; the splitter recognises it by its
# syntax tree and judges it with :func:`close`, which must agree with it (a test checks).
CLOSE_HELPER = f'''def _codebudget_close(got, want):
    """True when got equals want, floats (also inside lists and tuples) within {TOLERANCE}."""
    if isinstance(want, float):
        if isinstance(got, bool) or not isinstance(got, (int, float)):
            return False
        return abs(got - want) <= {TOLERANCE} * max(1.0, abs(want))
    if isinstance(want, (list, tuple)):
        if type(got) is not type(want) or len(got) != len(want):
            return False
        return all(_codebudget_close(g, w) for g, w in zip(got, want))
    return got == want
'''
CLOSE_NAME = "_codebudget_close"

EQ, NE, IS, IS_NOT, TRUTHY, FALSY, ABS_LT, ABS_LE, ISCLOSE, CLOSE = (
    "eq", "ne", "is", "is-not", "truthy", "falsy", "abs-lt", "abs-le", "isclose", "close"
)
KINDS = (EQ, NE, IS, IS_NOT, TRUTHY, FALSY, ABS_LT, ABS_LE, ISCLOSE, CLOSE)
PASSED, FAILED, ERROR = "passed", "failed", "error"


def close(got: Any, want: Any) -> bool:
    """What :data:`CLOSE_HELPER` returns, computed on plain values."""
    if isinstance(want, float):
        if isinstance(got, bool) or not isinstance(got, (int, float)):
            return False
        return abs(got - want) <= TOLERANCE * max(1.0, abs(want))
    if isinstance(want, (list, tuple)):
        if type(got) is not type(want) or len(got) != len(want):
            return False
        return all(close(g, w) for g, w in zip(got, want, strict=True))
    return bool(got == want)


@dataclasses.dataclass(frozen=True)
class Expectation:
    """One split assertion: what the value must satisfy, and how the statement reads.

    ``expected`` is the literal the statement compares with (``None`` for truth tests),
    ``tolerance`` the literal bound of ``abs(value - expected) < tolerance``, ``options``
    the keyword literals of ``math.isclose``; ``line`` is the statement's line in the
    test source, ``message`` its literal ``assert`` message, if any.
    """

    kind: str
    expected: Any
    line: int
    tolerance: float | None = None
    options: tuple[tuple[str, float], ...] = ()
    message: str | None = None
    expected_first: bool = False  # ``assert 4 == f(2)``: the texts keep the statement's order

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown expectation kind {self.kind!r}")


@dataclasses.dataclass(frozen=True)
class Judgement:
    """The parent's decision on one value: a status and, unless passed, the error text."""

    status: str
    error: str = ""

    @property
    def passed(self) -> bool:
        return self.status == PASSED


def _failed(expectation: Expectation, left: Any, symbol: str = "", right: Any = None) -> Judgement:
    """A failed assertion, in the words the in-sandbox harness uses for the same statement."""
    error = f"AssertionError: {expectation.message}" if expectation.message else "AssertionError"
    return Judgement(FAILED, with_detail(error, comparison_text(left, symbol, right)))


def _compared(expectation: Expectation, value: Any, symbol: str, holds: bool) -> Judgement:
    if holds:
        return Judgement(PASSED)
    if expectation.expected_first:
        return _failed(expectation, expectation.expected, symbol, value)
    return _failed(expectation, value, symbol, expectation.expected)


def _condition(expectation: Expectation, holds: bool, shown: Any) -> Judgement:
    return Judgement(PASSED) if holds else _failed(expectation, shown)


def _distance(expectation: Expectation, value: Any) -> Judgement:
    distance = abs(value - expectation.expected)
    symbol = "<" if expectation.kind == ABS_LT else "<="
    bound = expectation.tolerance
    holds = distance < bound if expectation.kind == ABS_LT else distance <= bound
    return Judgement(PASSED) if holds else _failed(expectation, distance, symbol, bound)


def judge_value(expectation: Expectation, value: Any) -> Judgement:
    """Whether the plain ``value`` meets ``expectation``, as the statement would have said."""
    kind = expectation.kind
    try:
        if kind == EQ:
            return _compared(expectation, value, "==", bool(value == expectation.expected))
        if kind == NE:
            return _compared(expectation, value, "!=", bool(value != expectation.expected))
        if kind == IS:  # identity tests are not guarded in the sandbox: it says only this
            return _condition(expectation, value is expectation.expected, False)
        if kind == IS_NOT:
            return _condition(expectation, value is not expectation.expected, False)
        if kind == TRUTHY:
            return _condition(expectation, bool(value), value)
        if kind == FALSY:
            return _condition(expectation, not value, False)  # the condition is ``not value``
        if kind in (ABS_LT, ABS_LE):
            return _distance(expectation, value)
        if kind == ISCLOSE:
            holds = math.isclose(value, expectation.expected, **dict(expectation.options))
            return _condition(expectation, holds, False)
        return _condition(expectation, close(value, expectation.expected), False)
    except (TypeError, ValueError, ArithmeticError, RecursionError) as exc:
        return Judgement(ERROR, f"{type(exc).__name__}: {exc}")


def refused(reason: str) -> Judgement:
    """The judgement for a value the candidate's process could not send as plain data."""
    return Judgement(
        FAILED,
        f"AssertionError: refused to judge the value: {reason}; "
        "return plain builtin values (int, str, list, ...)",
    )
