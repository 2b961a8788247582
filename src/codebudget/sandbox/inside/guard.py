"""Strict comparisons for test code: a candidate's objects cannot fake equality.

Test snippets are rewritten (see :mod:`inside.rewrite`) so that every comparison,
``assert`` condition, ``not`` and ``and``/``or`` operand goes through
:class:`Guard`. A value is *trusted* when its type, and the type of everything
inside it, compares with code the harness knows: the builtin scalars and
containers, a few standard-library types (snapshotted before any candidate code
runs), their subclasses that override no comparison method, and plain objects
that compare by identity. Comparing a trusted value with an untrusted one (say,
an object whose ``__eq__`` always returns True against the expected ``[1, 2]``)
raises :class:`ComparisonRefused`, a failed test with a clear message. Two
untrusted values compare as Python does, so tests of a class's own ``__eq__``
still work. Trusted values compare exactly as Python compares them.
"""

from __future__ import annotations

import collections
import decimal
import fractions
import operator
import sys
from collections.abc import Callable
from typing import Any, cast

from .slots import lookup as _lookup
from .slots import type_mro as _type_mro
from .slots import type_qualname as _type_qualname

OPS: tuple[Callable[[Any, Any], Any], ...] = (
    operator.eq,
    operator.ne,
    operator.lt,
    operator.le,
    operator.gt,
    operator.ge,
    lambda a, b: a in b,
    lambda a, b: a not in b,
    operator.is_,
    operator.is_not,
)
SYMBOLS = ("==", "!=", "<", "<=", ">", ">=", "in", "not in", "is", "is not")
IDENTITY_OPS = frozenset({8, 9})

_COMPARE_DUNDERS = ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__contains__")
_TRUTH_DUNDERS = ("__bool__", "__len__")
_SCALARS = frozenset({type(None), bool, int, float, complex, str, bytes, type(Ellipsis)})
_SEQUENCES = (list, tuple, set, frozenset, collections.deque)
_MAPPINGS = (dict,)
_BASES = (
    *_SCALARS,
    *_SEQUENCES,
    *_MAPPINGS,
    bytearray,
    range,
    collections.OrderedDict,
    collections.Counter,
    collections.defaultdict,
    fractions.Fraction,
    decimal.Decimal,
    object,
)
_MISSING = object()


_SNAPSHOT = {
    base: {name: _lookup(base, name) for name in _COMPARE_DUNDERS + _TRUTH_DUNDERS}
    for base in _BASES
}


class ComparisonRefused(AssertionError):
    """A test compared a trusted value with an object that defines its own comparisons."""


def _known_base(cls: type) -> type:
    for klass in _type_mro(cls):
        if klass in _SNAPSHOT:
            return cast(type, klass)
    return object


def _type_trusted(cls: type, names: tuple[str, ...]) -> bool:
    if cls in _SCALARS:
        return True
    expected = _SNAPSHOT[_known_base(cls)]
    return all(_lookup(cls, name) is expected[name] for name in names)


_fraction_parts = (
    fractions.Fraction.__dict__["_numerator"].__get__,
    fractions.Fraction.__dict__["_denominator"].__get__,
)


def _children(value: Any, cls: type) -> Any:
    """What ``value``'s comparisons look at: items, keys and values, a Fraction's two parts."""
    base = _known_base(cls)
    if issubclass(base, dict):
        return (*dict.keys(value), *dict.values(value))
    if base in _SEQUENCES:
        return base.__iter__(value)
    if base is fractions.Fraction:  # its parts may be any object when set behind its back
        return (_fraction_parts[0](value), _fraction_parts[1](value))
    return ()


def untrusted_part(value: Any) -> Any:
    """The first object in ``value`` whose comparisons are not harness-known, else ``_MISSING``."""
    stack = [value]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        cls = type(item)
        if cls in _SCALARS:
            continue
        if not _type_trusted(cls, _COMPARE_DUNDERS):
            return item
        if id(item) not in seen:
            seen.add(id(item))
            stack.extend(_children(item, cls))
    return _MISSING


def trusted(value: Any) -> bool:
    """True when ``value`` and everything in it compare with harness-known code."""
    return untrusted_part(value) is _MISSING


def _type_name(value: Any) -> str:
    return str(_type_qualname(type(value)))


class Guard:
    """The comparison functions that rewritten test code calls.

    ``last_failure`` remembers the last comparison or truth test that came out
    false, with the code object and line it came from, so the harness can say
    what the two sides were when an ``assert`` fails.
    """

    def __init__(self) -> None:
        self.last_failure: tuple[Any, int, Any, str, Any] | None = None

    def compare(self, op: int, left: Any, right: Any) -> Any:
        """``left <op> right`` where ``op`` indexes :data:`OPS`."""
        result = self._compare(op, left, right)
        if result is False:
            self._remember(left, SYMBOLS[op], right)
        return result

    def chain(self, ops: tuple[int, ...], first: Any, *thunks: Callable[[], Any]) -> Any:
        """A chained comparison ``a < b < c``; later operands come as thunks."""
        left = first
        result: Any = True
        for op, thunk in zip(ops, thunks, strict=True):
            right = thunk()
            result = self._compare(op, left, right)
            if not self.truth(result):
                if result is False:
                    self._remember(left, SYMBOLS[op], right)
                return result
            left = right
        return result

    def truth(self, value: Any) -> Any:
        """Return ``value`` unchanged after checking its truth value is trustworthy."""
        cls = type(value)
        if cls is bool or cls in _SCALARS:
            return value
        if not _type_trusted(cls, _TRUTH_DUNDERS):
            raise ComparisonRefused(
                f"refused to use an object of type {_type_name(value)} as a truth value: "
                "its class defines __bool__ or __len__; return a plain builtin value"
            )
        return value

    def assert_truth(self, value: Any) -> Any:
        """:meth:`truth` for an ``assert`` condition, remembering a false one."""
        value = self.truth(value)
        if not value:
            frame = sys._getframe(1)
            last = self.last_failure
            if last is None or (last[0], last[1]) != (frame.f_code, frame.f_lineno):
                self._remember(value, "", None)
        return value

    def _compare(self, op: int, left: Any, right: Any) -> Any:
        if op not in IDENTITY_OPS:
            left_odd, right_odd = untrusted_part(left), untrusted_part(right)
            if (left_odd is _MISSING) is not (right_odd is _MISSING):
                odd = right_odd if left_odd is _MISSING else left_odd
                raise ComparisonRefused(
                    f"refused to compare with an object of type {_type_name(odd)}: its class "
                    "defines its own comparison methods; return plain builtin values "
                    "(int, str, list, ...)"
                )
        return OPS[op](left, right)

    def _remember(self, left: Any, symbol: str, right: Any) -> None:
        frame = sys._getframe(2)
        self.last_failure = (frame.f_code, frame.f_lineno, left, symbol, right)
