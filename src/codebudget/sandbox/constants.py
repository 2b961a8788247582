"""Constant expressions in test code, evaluated by the parent: the expected side of a split assertion.

A literal (``ast.literal_eval``), arithmetic on small numbers or strings, containers of
constants, or ``tuple``/``list``/``set``/``frozenset``/``sorted`` of one. Anything else
is :data:`MISSING`: the assertion then stays in the sandbox.
"""

from __future__ import annotations

import ast
import operator
from typing import Any

MISSING: Any = object()


_ARITHMETIC = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
CONVERSIONS = {"tuple": tuple, "list": list, "set": set, "frozenset": frozenset, "sorted": sorted}
_NUMBERS = (int, float, complex)
_MAX_CONSTANT = 10**6  # bigger operands (or string results) are left to the sandbox


def _small(value: Any) -> bool:
    if type(value) in (int, float):
        return abs(value) <= _MAX_CONSTANT
    return type(value) is str and len(value) <= _MAX_CONSTANT


def constant(node: ast.expr) -> Any:
    """The value of a constant expression: a literal, arithmetic on small numbers or strings,
    containers of constants, or ``tuple``/``list``/``set``/``frozenset``/``sorted`` of one;
    :data:`MISSING` otherwise. Evaluated here, so the expected value never enters the sandbox."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    try:
        return _evaluate(node)
    except (ValueError, TypeError, ArithmeticError, MemoryError, RecursionError):
        return MISSING


def _evaluate(node: ast.expr) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _evaluate(node.operand)
        if type(operand) not in _NUMBERS:
            raise TypeError("not a number")
        return -operand if isinstance(node.op, ast.USub) else +operand
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
        left, right = _evaluate(node.left), _evaluate(node.right)
        if not (_small(left) and _small(right)) or (isinstance(node.op, ast.Pow) and abs(right) > 64):
            raise ValueError("too large to evaluate here")
        value = _ARITHMETIC[type(node.op)](left, right)
        if type(value) is str and len(value) > _MAX_CONSTANT:
            raise ValueError("too large to evaluate here")
        return value
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        items = [_evaluate(item) for item in node.elts]
        return tuple(items) if isinstance(node, ast.Tuple) else list(items) if isinstance(node, ast.List) else set(items)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CONVERSIONS:
        if len(node.args) == 1 and not node.keywords and not isinstance(node.args[0], ast.Starred):
            return CONVERSIONS[node.func.id](_constant_or_raise(node.args[0]))
    raise ValueError("not a constant expression")


def _constant_or_raise(node: ast.expr) -> Any:
    value = constant(node)
    if value is MISSING:
        raise ValueError("not a constant expression")
    return value


def is_constant(node: ast.expr) -> bool:
    """True when the parent can evaluate ``node`` itself."""
    return constant(node) is not MISSING


def number(node: ast.expr) -> float | None:
    """The value of a constant ``int`` or ``float`` expression, as a float; else None."""
    value = constant(node)
    if type(value) in (int, float):
        return float(value)
    return None
