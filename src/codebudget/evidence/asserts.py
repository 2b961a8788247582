"""Assert tests out of a model's answer: every ``assert`` that parses, stands alone and calls the entry point.

An answer may hold fenced blocks, prose, doctest-style lines (``>>> assert``)
or test functions; fences do not matter here. Each line whose text starts
with ``assert`` opens a candidate statement, and the shortest run of lines
from there (at most :data:`MAX_LINES`) that parses as assert statements is
taken, so a multi-line assert is whole and an indented one (inside a ``def
test_...``) is dedented. Doctest examples — ``>>> call`` followed by its
expected value, a Python literal — count as ``assert call == value`` (a float
within 1e-6), which is how small models often write examples; they join the
asserts in the order of the answer's lines.

An assert is kept when it calls the entry point and reads no name it cannot
see: only the entry point, builtins, the names the task's prompt imports,
common standard-library modules (an ``import`` line is put before the
assert) and names bound inside the assert itself (comprehension variables,
lambda parameters). Kept asserts are normalised (``ast.unparse``, message
dropped), de-duplicated in order and capped.
"""

from __future__ import annotations

import ast
import builtins
import re
import textwrap
from typing import Iterable

from codebudget.benchmarks.literals import MISSING, literal
from codebudget.benchmarks.pysource import COMMON_MODULES, parse

MAX_LINES = 12  # the longest multi-line assert looked for
MAX_CHARS = 2000  # longer asserts are dropped (huge literals make poor probes)
_START = re.compile(r"^\s*(?:>>>\s*)?assert\b")
_PROMPT = re.compile(r"^(\s*)(?:>>>|\.\.\.)\s?")
_DOCTEST = re.compile(r"^(\s*)>>>\s?(.*)$")
_WANT_ENDS = (">>>", '"""', "'''", "```")
_BUILTINS = frozenset(dir(builtins))


def extract_asserts(text: str, entry_point: str, known: Iterable[str] = (),
                    limit: int | None = None) -> tuple[str, ...]:
    """The usable assert statements of ``text``, normalised, in order, each once, at most ``limit``.

    ``known`` names (e.g. modules the prompt imports) may be read besides the
    entry point and builtins.
    """
    lines = text.splitlines()
    visible = _BUILTINS | COMMON_MODULES | {entry_point} | set(known)
    written = [(i, a) for i, line in enumerate(lines) if _START.match(line) for a in _statements(lines, i)]
    found = [a for _, a in sorted([*written, *doctest_asserts(text)], key=lambda pair: pair[0])]
    kept = (_normalised(a) for a in found if _usable(a, entry_point, visible))
    unique = tuple(dict.fromkeys(a for a in kept if len(a) <= MAX_CHARS))
    return unique if limit is None else unique[:limit]


def _statements(lines: list[str], start: int) -> tuple[ast.Assert, ...]:
    """The asserts of the shortest run of lines from ``start`` that parses as asserts only (none if no run does)."""
    for end in range(start + 1, min(len(lines), start + MAX_LINES) + 1):
        tree = _parse_lines(lines[start:end])
        if tree is not None and tree.body and all(isinstance(s, ast.Assert) for s in tree.body):
            return tuple(s for s in tree.body if isinstance(s, ast.Assert))
    return ()


def _parse_lines(lines: list[str]) -> ast.Module | None:
    """``lines`` (doctest prompts removed, dedented) as a module, or None when they do not parse."""
    return parse(textwrap.dedent("\n".join(_PROMPT.sub(r"\1", line) for line in lines)))


def doctest_asserts(text: str) -> list[tuple[int, ast.Assert]]:
    """(line number, assert) for each one-line doctest example in ``text`` whose expected value is a literal.

    The expected value is the run of lines after ``>>> call`` at its indentation, up to a blank line,
    another prompt or a closing fence or docstring quote.
    """
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines):
        match = _DOCTEST.match(line)
        tree = parse(match.group(2)) if match else None
        if match and tree is not None and len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):
            test = _expected(tree.body[0].value, _want(lines[number + 1 :], match.group(1)))
            if test is not None:
                found.append((number, test))
    return found


def _want(lines: list[str], indent: str) -> str:
    """The expected output that follows a doctest prompt indented by ``indent``."""
    want = []
    for line in lines:
        if not line.strip() or not line.startswith(indent) or line.strip().startswith(_WANT_ENDS):
            break
        want.append(line.strip())
    return "\n".join(want)


def _expected(node: ast.expr, want: str) -> ast.Assert | None:
    """``assert node == want`` (floats within 1e-6); a comparison without an output asserts itself."""
    if not want.strip():
        return ast.Assert(test=node, msg=None) if isinstance(node, ast.Compare) else None
    value = literal(want)
    if value is MISSING:
        return None
    expression = ast.unparse(node)
    if isinstance(value, float):
        source = f"assert abs({expression} - {value!r}) <= {max(1.0, abs(value)) / 1e6!r}"
    else:
        source = f"assert {expression} == {value!r}"
    statement = parse(source)
    return statement.body[0] if statement is not None and isinstance(statement.body[0], ast.Assert) else None


def _usable(node: ast.Assert, entry_point: str, visible: frozenset[str] | set[str]) -> bool:
    """Whether the assert calls ``entry_point`` and reads only names it can see."""
    calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == entry_point
                for n in ast.walk(node.test))
    return calls and _free_names(node.test) <= visible


def _free_names(node: ast.AST) -> set[str]:
    """Names read in ``node`` that it does not bind itself."""
    read, bound = set(), set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            (read if isinstance(child.ctx, ast.Load) else bound).add(child.id)
        elif isinstance(child, ast.arg):
            bound.add(child.arg)
    return read - bound


def _normalised(node: ast.Assert) -> str:
    """The assert without its message, after imports of the common modules it reads."""
    imports = "".join(f"import {name}\n" for name in sorted(_free_names(node.test) & COMMON_MODULES))
    return imports + ast.unparse(ast.Assert(test=node.test, msg=None))


def imported_names(prompt: str) -> frozenset[str]:
    """The names that the top-level imports of ``prompt`` bind (``math``, ``List``, ...)."""
    tree = parse(prompt)
    names = set()
    for statement in tree.body if tree is not None else ():
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in statement.names if a.name != "*")
    return frozenset(names)
