"""Which assertions the parent can judge from one value, and what each expects.

:class:`Shapes` recognises ``assert E == C`` (either side), ``!=``, ``is``/``is not``
``None``/``True``/``False``, ``abs(E - C) < T`` (or ``<=``), ``math.isclose(E, C, ...)``,
the float helper benchmark snippets define (:data:`~codebudget.sandbox.expect.CLOSE_HELPER`)
and truth tests of a direct call of a candidate's function, where ``E`` is computed in the
sandbox and ``C`` is a constant (:mod:`codebudget.sandbox.constants`) the parent evaluates.
"""

from __future__ import annotations

import ast
import builtins
import functools
import re
from typing import Any

from codebudget import pyast
from codebudget.sandbox import expect
from codebudget.sandbox.constants import CONVERSIONS, MISSING, constant, is_constant, number

_LOGIC = re.compile(rb"[=!<>]|\b(?:in|is|and|or|not|yield|await)\b")


def _may_be_constant(node: ast.expr) -> bool:
    """False for a call of anything but a conversion (a cheap look before evaluating)."""
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Name) and node.func.id in CONVERSIONS
    return not isinstance(node, (ast.Name, ast.Attribute, ast.Subscript))


def _computed(node: ast.expr, text: bytes | None = None) -> bool:
    """True for an expression whose value alone says the result (no comparison, no logic).

    ``text``, the expression's source, is a shortcut: without an operator or keyword
    of comparison or logic in it (strings can only add false alarms), no walk is needed.
    """
    if _may_be_constant(node) and is_constant(node):
        return False
    if text is not None and not _LOGIC.search(text):
        return True
    for child in ast.walk(node):
        if isinstance(child, (ast.Compare, ast.BoolOp, ast.Yield, ast.YieldFrom, ast.Await)):
            return False
        if isinstance(child, ast.UnaryOp) and isinstance(child.op, ast.Not):
            return False
    return True


class SnippetIndex:
    """What the split needs to know of the whole snippet, found without walking its tree.

    ``mentions(name)`` counts the word in the source text: comments and strings can
    only add to it, which makes the split more cautious, never less. Imports of
    ``math`` are looked for among the statements that can hold a split assertion.
    """

    def __init__(self, source: str, tree: ast.Module) -> None:
        self.source = source
        self.tree = tree
        self.data = source.encode()  # node offsets count UTF-8 bytes
        self.offsets = [0]  # where each line of ``data`` starts
        for line in self.data.splitlines(keepends=True):
            self.offsets.append(self.offsets[-1] + len(line))

    def span(self, node: ast.AST) -> tuple[int, int]:
        """Where ``node``'s source starts and ends in :attr:`data`."""
        start = self.offsets[node.lineno - 1] + node.col_offset  # type: ignore[attr-defined]
        end_line = node.end_lineno or node.lineno  # type: ignore[attr-defined]
        return start, self.offsets[end_line - 1] + (node.end_col_offset or 0)  # type: ignore[attr-defined]

    def text(self, node: ast.AST) -> bytes:
        """``node``'s source, as bytes."""
        start, end = self.span(node)
        return self.data[start:end]

    @functools.cached_property
    def has_math(self) -> bool:
        statements = list(self.tree.body)
        statements += [s for f in self.tree.body if isinstance(f, ast.FunctionDef) for s in f.body]
        return any(
            isinstance(s, ast.Import) and any(a.name == "math" and a.asname is None for a in s.names)
            for s in statements
        )

    def mentions(self, name: str) -> int:
        return len(re.findall(rf"(?<![\w.]){re.escape(name)}(?!\w)", self.source))


_BUILTIN_NAMES = frozenset(dir(builtins))


class Shapes:
    """Recognises the assertion shapes the parent can judge from one value."""

    def __init__(self, index: SnippetIndex) -> None:
        self.index = index
        self.has_math = index.has_math
        self.close_helper = _defines_close_helper(index.tree, index)
        self.test_names = _BUILTIN_NAMES | _module_names(index.tree)

    def _computed(self, node: ast.expr) -> bool:
        return _computed(node, self.index.text(node))

    def match(self, test: ast.expr) -> tuple[ast.expr, dict[str, Any]] | None:
        """(the computed expression, the Expectation's fields) or None."""
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            return self._compare(test.left, test.ops[0], test.comparators[0])
        if isinstance(test, ast.Call):
            found = self._call(test)
            if found is not None:
                return found
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and self._answer(test.operand):
            return test.operand, {"kind": expect.FALSY, "expected": None}
        if self._answer(test):
            return test, {"kind": expect.TRUTHY, "expected": None}
        return None

    def _answer(self, node: ast.expr) -> bool:
        """A direct call of a candidate's function: its truth value is the candidate's answer.

        A truth test of anything else (``math.isclose(...)``, a helper the test defines)
        is a judgement made by code in the sandbox, so it is not split.
        """
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id not in self.test_names
            and self._computed(node)
        )

    def _compare(self, left: ast.expr, op: ast.cmpop, right: ast.expr) -> tuple[ast.expr, dict[str, Any]] | None:
        if isinstance(op, (ast.Eq, ast.NotEq)):
            kind = expect.EQ if isinstance(op, ast.Eq) else expect.NE
            for computed, other, first in ((left, right, False), (right, left, True)):
                expected = constant(other)
                if expected is not MISSING and self._computed(computed):
                    return computed, {"kind": kind, "expected": expected, "expected_first": first}
            return None
        if isinstance(op, (ast.Is, ast.IsNot)):
            singleton = isinstance(right, ast.Constant) and right.value in (None, True, False)
            if singleton and type(right.value) in (type(None), bool) and self._computed(left):
                kind = expect.IS if isinstance(op, ast.Is) else expect.IS_NOT
                return left, {"kind": kind, "expected": right.value}
            return None
        if isinstance(op, (ast.Lt, ast.LtE)):
            return self._distance(left, right, expect.ABS_LT if isinstance(op, ast.Lt) else expect.ABS_LE)
        return None

    def _distance(self, left: ast.expr, bound: ast.expr, kind: str) -> tuple[ast.expr, dict[str, Any]] | None:
        tolerance = number(bound)
        if tolerance is None or not _builtin_call(left, "abs", 1):
            return None
        inner = left.args[0]  # type: ignore[attr-defined]
        if not (isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.Sub)):
            return None
        for computed, literal in ((inner.left, inner.right), (inner.right, inner.left)):
            if self._computed(computed) and number(literal) is not None:
                fields = {"kind": kind, "expected": constant(literal), "tolerance": constant(bound)}
                return computed, fields
        return None

    def _call(self, test: ast.Call) -> tuple[ast.expr, dict[str, Any]] | None:
        if len(test.args) != 2 or any(isinstance(a, ast.Starred) for a in test.args):
            return None
        first, second = test.args
        func = test.func
        is_isclose = (
            self.has_math
            and isinstance(func, ast.Attribute)
            and func.attr == "isclose"
            and isinstance(func.value, ast.Name)
            and func.value.id == "math"
        )
        if is_isclose:
            options = []
            for keyword in test.keywords:
                if keyword.arg not in ("rel_tol", "abs_tol") or number(keyword.value) is None:
                    return None
                options.append((keyword.arg, constant(keyword.value)))
            for computed, literal in ((first, second), (second, first)):
                if self._computed(computed) and number(literal) is not None:
                    fields = {"kind": expect.ISCLOSE, "expected": constant(literal), "options": tuple(options)}
                    return computed, fields
            return None
        if self.close_helper and not test.keywords and named_call(test, expect.CLOSE_NAME):
            if self._computed(first) and is_constant(second):
                return first, {"kind": expect.CLOSE, "expected": constant(second)}
        return None


def _module_names(tree: ast.Module) -> set[str]:
    """Names the snippet itself binds at module level (its helpers, imports and variables)."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        else:
            names.update(n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
    return names


def named_call(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name


def _builtin_call(node: ast.expr, name: str, arity: int) -> bool:
    return named_call(node, name) and len(node.args) == arity and not node.keywords  # type: ignore[attr-defined]


@functools.cache
def _close_helper_dump() -> str:
    return ast.dump(pyast.parse(expect.CLOSE_HELPER).body[0])


def _defines_close_helper(tree: ast.Module, index: SnippetIndex) -> bool:
    """The snippet defines the helper exactly as :data:`~codebudget.sandbox.expect.CLOSE_HELPER`
    does, once, and names it only where it defines, recurses into and calls it."""
    defs = [s for s in tree.body if isinstance(s, ast.FunctionDef) and s.name == expect.CLOSE_NAME]
    if len(defs) != 1 or ast.dump(defs[0]) != _close_helper_dump():
        return False
    calls = sum(
        1 for s in tree.body if isinstance(s, ast.Assert) and named_call(s.test, expect.CLOSE_NAME)
    )
    return index.mentions(expect.CLOSE_NAME) == 2 + calls  # the def and its recursive call
