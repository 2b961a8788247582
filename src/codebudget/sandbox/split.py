"""Split a test snippet: the candidate's process computes values, the parent judges them.

An assertion that compares something the candidate computes with a literal
(``assert f(2) == 4``, ``assert f(x) is None``, ``assert abs(f(x) - 2.5) < 1e-6``,
``assert math.isclose(f(x), 2.5)``, ``assert f(x)``, ``assert not f(x)``) becomes, in
the source the sandbox receives, a call ``__codebudget_probe__(k, (f(2)))``: the
candidate's process evaluates the expression, sends the value as plain data and learns
only whether it passed. The literal, the assertion's message and the judgement stay in
the parent (:mod:`codebudget.sandbox.expect`), which never runs candidate code, so no
trick inside the candidate's process can make a wrong value pass or read the expected one.

Only statements that run exactly once, in order, are split: the straight-line body of
the snippet, or of one function the snippet calls exactly once from its straight-line
body (HumanEval's ``def check(candidate): ...`` then ``check(f)``). The parent requires
every split statement to report, in order, before the test can pass. Whatever is not
split (loops, helper code, comparisons of two computed values) runs in the candidate's
process under the comparison guard, as before.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import functools
import operator
import re
from typing import Any

from codebudget.sandbox import expect
from codebudget.sandbox.expect import Expectation
from codebudget.sandbox.inside.rewrite import PROBE


@dataclasses.dataclass(frozen=True)
class SplitTest:
    """A test snippet after splitting: the source the sandbox runs and what the parent judges."""

    sandbox_source: str
    expectations: tuple[Expectation, ...]


_MISSING = object()


_ARITHMETIC = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_CONVERSIONS = {"tuple": tuple, "list": list, "set": set, "frozenset": frozenset, "sorted": sorted}
_NUMBERS = (int, float, complex)
_MAX_CONSTANT = 10**6  # bigger operands (or string results) are left to the sandbox


def _small(value: Any) -> bool:
    if type(value) in (int, float):
        return abs(value) <= _MAX_CONSTANT
    return type(value) is str and len(value) <= _MAX_CONSTANT


def _literal(node: ast.expr) -> Any:
    """The value of a constant expression: a literal, arithmetic on small numbers or strings,
    containers of constants, or ``tuple``/``list``/``set``/``frozenset``/``sorted`` of one;
    :data:`_MISSING` otherwise. Evaluated here, so the expected value never enters the sandbox."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    try:
        return _evaluate(node)
    except (ValueError, TypeError, ArithmeticError, MemoryError, RecursionError):
        return _MISSING


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
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _CONVERSIONS:
        if len(node.args) == 1 and not node.keywords and not isinstance(node.args[0], ast.Starred):
            return _CONVERSIONS[node.func.id](_literal_or_raise(node.args[0]))
    raise ValueError("not a constant expression")


def _literal_or_raise(node: ast.expr) -> Any:
    value = _literal(node)
    if value is _MISSING:
        raise ValueError("not a constant expression")
    return value


def _is_literal(node: ast.expr) -> bool:
    return _literal(node) is not _MISSING


_LOGIC = re.compile(rb"[=!<>]|\b(?:in|is|and|or|not|yield|await)\b")


def _computed(node: ast.expr, text: bytes | None = None) -> bool:
    """True for an expression whose value alone says the result (no comparison, no logic).

    ``text``, the expression's source, is a shortcut: without an operator or keyword
    of comparison or logic in it (strings can only add false alarms), no walk is needed.
    """
    if _is_literal(node):
        return False
    if text is not None and not _LOGIC.search(text):
        return True
    for child in ast.walk(node):
        if isinstance(child, (ast.Compare, ast.BoolOp, ast.Yield, ast.YieldFrom, ast.Await)):
            return False
        if isinstance(child, ast.UnaryOp) and isinstance(child.op, ast.Not):
            return False
    return True


def _number(node: ast.expr) -> float | None:
    value = _literal(node)
    if type(value) in (int, float):
        return float(value)
    return None


class _Index:
    """What the split needs to know of the whole snippet, found without walking its tree.

    ``mentions(name)`` counts the word in the source text: comments and strings can
    only add to it, which makes the split more cautious, never less. Imports of
    ``math`` are looked for among the statements that can hold a split assertion.
    """

    def __init__(self, source: str, tree: ast.Module) -> None:
        self.source = source
        self.tree = tree

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


class _Shapes:
    """Recognises the assertion shapes the parent can judge from one value."""

    def __init__(self, tree: ast.Module, index: _Index) -> None:
        self.data = index.source.encode()
        self.offsets = [0]
        for line in self.data.splitlines(keepends=True):
            self.offsets.append(self.offsets[-1] + len(line))
        self.has_math = index.has_math
        self.close_helper = _defines_close_helper(tree, index)
        self.test_names = _BUILTIN_NAMES | _module_names(tree)

    def _computed(self, node: ast.expr) -> bool:
        start = self.offsets[node.lineno - 1] + node.col_offset
        end = self.offsets[(node.end_lineno or node.lineno) - 1] + (node.end_col_offset or 0)
        return _computed(node, self.data[start:end])

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
            if self._computed(left) and _is_literal(right):
                return left, {"kind": kind, "expected": _literal(right)}
            if self._computed(right) and _is_literal(left):
                return right, {"kind": kind, "expected": _literal(left), "expected_first": True}
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
        tolerance = _number(bound)
        if tolerance is None or not _builtin_call(left, "abs", 1):
            return None
        inner = left.args[0]  # type: ignore[attr-defined]
        if not (isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.Sub)):
            return None
        for computed, literal in ((inner.left, inner.right), (inner.right, inner.left)):
            if self._computed(computed) and _number(literal) is not None:
                fields = {"kind": kind, "expected": _literal(literal), "tolerance": _literal(bound)}
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
                if keyword.arg not in ("rel_tol", "abs_tol") or _number(keyword.value) is None:
                    return None
                options.append((keyword.arg, _literal(keyword.value)))
            for computed, literal in ((first, second), (second, first)):
                if self._computed(computed) and _number(literal) is not None:
                    fields = {"kind": expect.ISCLOSE, "expected": _literal(literal), "options": tuple(options)}
                    return computed, fields
            return None
        if self.close_helper and not test.keywords and _named_call(test, expect.CLOSE_NAME):
            if self._computed(first) and _is_literal(second):
                return first, {"kind": expect.CLOSE, "expected": _literal(second)}
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


def _named_call(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name


def _builtin_call(node: ast.expr, name: str, arity: int) -> bool:
    return _named_call(node, name) and len(node.args) == arity and not node.keywords  # type: ignore[attr-defined]


@functools.cache
def _close_helper_dump() -> str:
    return ast.dump(ast.parse(expect.CLOSE_HELPER).body[0])


def _defines_close_helper(tree: ast.Module, index: _Index) -> bool:
    """The snippet defines the helper exactly as :data:`~codebudget.sandbox.expect.CLOSE_HELPER`
    does, once, and names it only where it defines, recurses into and calls it."""
    defs = [s for s in tree.body if isinstance(s, ast.FunctionDef) and s.name == expect.CLOSE_NAME]
    if len(defs) != 1 or ast.dump(defs[0]) != _close_helper_dump():
        return False
    calls = sum(
        1 for s in tree.body if isinstance(s, ast.Assert) and _named_call(s.test, expect.CLOSE_NAME)
    )
    return index.mentions(expect.CLOSE_NAME) == 2 + calls  # the def and its recursive call


def _once_called(tree: ast.Module, index: _Index) -> ast.FunctionDef | None:
    """The one module-level function the snippet's straight-line body calls exactly once."""
    calls: list[tuple[int, ast.Call]] = []
    for position, statement in enumerate(tree.body):
        bodies = [statement] if isinstance(statement, ast.Expr) else []
        if isinstance(statement, ast.With):
            bodies = [s for s in statement.body if isinstance(s, ast.Expr)]
        calls += [
            (position, s.value)
            for s in bodies
            if isinstance(s.value, ast.Call) and isinstance(s.value.func, ast.Name)
        ]
    for position, call in calls:
        name = call.func.id  # type: ignore[attr-defined]
        defined = [s for s in tree.body if isinstance(s, ast.FunctionDef) and s.name == name]
        if len(defined) != 1 or index.mentions(name) != 2:  # its definition and this call only
            continue
        function = defined[0]
        if function.decorator_list or tree.body.index(function) > position:
            continue
        if re.search(r"\b(?:yield|await)\b", index.source) and any(
            isinstance(n, (ast.Yield, ast.YieldFrom, ast.Await)) for n in ast.walk(function)
        ):
            continue
        return function
    return None


def _alone_on_its_lines(statement: ast.stmt, body: list[ast.stmt]) -> bool:
    first, last = statement.lineno, statement.end_lineno or statement.lineno
    for other in body:
        if other is statement:
            continue
        other_first, other_last = other.lineno, other.end_lineno or other.lineno
        if other_first <= last and first <= other_last:
            return False
    return True


def _message(statement: ast.Assert) -> str | None:
    if statement.msg is None:
        return None
    value = _literal(statement.msg)
    return value if isinstance(value, str) else None


def _offsets(data: bytes) -> list[int]:
    """The byte offset where each line of ``data`` starts (and one past the end)."""
    offsets = [0]
    for line in data.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    return offsets


def _replace(source: bytes, offsets: list[int], statement: ast.Assert, expression: ast.expr, index: int) -> bytes:
    """``source`` with ``statement`` replaced by a probe call on the same lines.

    ``offsets`` are the original source's; replacing from the last statement to the
    first keeps them valid for the statements still to replace.
    """
    start = offsets[statement.lineno - 1] + statement.col_offset
    end = offsets[(statement.end_lineno or statement.lineno) - 1] + (statement.end_col_offset or 0)
    expr_start = offsets[expression.lineno - 1] + expression.col_offset
    expr_end = offsets[(expression.end_lineno or expression.lineno) - 1] + (expression.end_col_offset or 0)
    text = source[expr_start:expr_end]
    call = f"{PROBE}({index}, (".encode() + text + b"))"
    padding = b"\n" * (source[start:end].count(b"\n") - text.count(b"\n"))
    return source[:start] + call + padding + source[end:]


def _split(source: str) -> SplitTest | None:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    if PROBE in source:
        return None
    index = _Index(source, tree)
    shapes = _Shapes(tree, index)
    function = _once_called(tree, index)
    scopes = [tree.body] + ([function.body] if function is not None else [])
    for body in scopes:
        found = []
        for statement in body:
            if not isinstance(statement, ast.Assert) or not _alone_on_its_lines(statement, body):
                continue
            matched = shapes.match(statement.test)
            if matched is not None:
                found.append((statement, *matched))
        if found:
            return _build(source, found)
    return None


def _build(source: str, found: list[tuple[ast.Assert, ast.expr, dict[str, Any]]]) -> SplitTest | None:
    data = source.encode()
    expectations = []
    for index, (statement, _expression, fields) in enumerate(found):
        expectations.append(Expectation(line=statement.lineno, message=_message(statement), **fields))
    offsets = _offsets(data)
    for index in reversed(range(len(found))):
        statement, expression, _fields = found[index]
        data = _replace(data, offsets, statement, expression, index)
    sandbox_source = data.decode()
    # Each replaced statement stood alone on its lines, and a parenthesised expression
    # may span lines: the result parses (checked on every benchmark's tests in the test
    # suite, not here, where it would double the cost of a split).
    if sandbox_source.count(PROBE + "(") != len(found) or sandbox_source.count("\n") != source.count("\n"):
        return None
    return SplitTest(sandbox_source, tuple(expectations))


@functools.lru_cache(maxsize=8192)
def split_test(source: str) -> SplitTest | None:
    """``source`` split for the parent to judge, or None when no assertion can be split."""
    return _split(source)
