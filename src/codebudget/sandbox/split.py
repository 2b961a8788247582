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
import dataclasses
import functools
import re
from typing import Any

from codebudget import pyast
from codebudget.sandbox.constants import constant
from codebudget.sandbox.expect import Expectation
from codebudget.sandbox.inside.rewrite import PROBE
from codebudget.sandbox.shapes import Shapes, SnippetIndex


@dataclasses.dataclass(frozen=True)
class SplitTest:
    """A test snippet after splitting: the source the sandbox runs and what the parent judges."""

    sandbox_source: str
    expectations: tuple[Expectation, ...]


def _once_called(tree: ast.Module, index: SnippetIndex) -> ast.FunctionDef | None:
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
    value = constant(statement.msg)
    return value if isinstance(value, str) else None


def _replace(data: bytes, index: SnippetIndex, statement: ast.Assert, expression: ast.expr, k: int) -> bytes:
    """``data`` with ``statement`` replaced by probe call ``k`` on the same lines.

    Spans are the original source's; replacing from the last statement to the first
    keeps them valid for the statements still to replace.
    """
    start, end = index.span(statement)
    text = index.text(expression)
    call = f"{PROBE}({k}, (".encode() + text + b"))"
    padding = b"\n" * (index.data[start:end].count(b"\n") - text.count(b"\n"))
    return data[:start] + call + padding + data[end:]


def _split(source: str) -> SplitTest | None:
    try:
        tree = pyast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    if PROBE in source:
        return None
    index = SnippetIndex(source, tree)
    shapes = Shapes(index)
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
            return _build(index, found)
    return None


def _build(index: SnippetIndex, found: list[tuple[ast.Assert, ast.expr, dict[str, Any]]]) -> SplitTest | None:
    expectations = tuple(
        Expectation(line=statement.lineno, message=_message(statement), **fields)
        for statement, _expression, fields in found
    )
    data = index.data
    for k in reversed(range(len(found))):
        statement, expression, _fields = found[k]
        data = _replace(data, index, statement, expression, k)
    sandbox_source = data.decode()
    # Each replaced statement stood alone on its lines, and a parenthesised expression
    # may span lines: the result parses (checked on every benchmark's tests in the test
    # suite, not here, where it would double the cost of a split).
    if sandbox_source.count(PROBE + "(") != len(found) or sandbox_source.count("\n") != index.source.count("\n"):
        return None
    return SplitTest(sandbox_source, expectations)


@functools.lru_cache(maxsize=8192)
def split_test(source: str) -> SplitTest | None:
    """``source`` split for the parent to judge, or None when no assertion can be split."""
    return _split(source)
