"""Public tests from the examples in a prompt's docstring.

Two families of examples are read:

* doctests: ``>>> call`` followed by the expected value (or ``>>> call == value``);
* prose examples (see :mod:`codebudget.benchmarks.prose`): ``call == value``,
  ``call ➞ value``, ``call => value``, ``call should return value``,
  ``For x = ... the output should be value``, ``Input: ... Output: value``.

Each example that can be read becomes one independent assertion snippet; each one
that looks like an example but cannot be read is kept, with the reason, in
:attr:`Examples.rejected` so that nothing disappears without a trace.
"""

from __future__ import annotations

import ast
import dataclasses
import doctest

from codebudget.benchmarks import checks, prose
from codebudget.benchmarks.literals import MISSING, literal
from codebudget.benchmarks.pysource import called_names, docstring, find_function, parse


@dataclasses.dataclass(frozen=True)
class Rejected:
    """An example that could not be turned into a test, and why."""

    text: str
    reason: str


@dataclasses.dataclass(frozen=True)
class Examples:
    """The tests read from one prompt, and the examples that could not be read."""

    tests: tuple[str, ...] = ()
    rejected: tuple[Rejected, ...] = ()


@dataclasses.dataclass(frozen=True)
class _Found:
    tests: list[str]
    rejected: list[Rejected]
    lines: set[int]  # docstring lines the doctests used (0-based)


def docstring_examples(prompt: str, entry_point: str) -> Examples:
    """Public tests from the examples in the docstring of ``entry_point`` in ``prompt``."""
    tree = parse(prompt)
    function = find_function(tree, entry_point) if tree is not None else None
    doc = docstring(function, prompt) if function is not None else None
    if function is None or doc is None:
        return Examples()
    found = _doctests(doc, entry_point)
    signature = prose.Signature.of(function)
    lines = [line if number not in found.lines else "" for number, line in enumerate(doc.splitlines())]
    more = prose.prose_examples("\n".join(lines), signature)
    tests = list(dict.fromkeys([*found.tests, *more.tests]))
    rejected = [*found.rejected, *(Rejected(text, reason) for text, reason in more.rejected)]
    return Examples(tests=tuple(tests), rejected=tuple(rejected))


def _doctests(doc: str, entry_point: str) -> _Found:
    found = _Found(tests=[], rejected=[], lines=set())
    try:
        examples = doctest.DocTestParser().get_examples(doc)
    except ValueError as exc:
        found.rejected.append(Rejected(doc, f"the doctests cannot be parsed: {exc}"))
        return found
    statements: list[str] = []
    for example in examples:
        span = example.source.count("\n") + example.want.count("\n")
        found.lines.update(range(example.lineno, example.lineno + max(span, 1)))
        test, reason = _doctest_test(example, entry_point, statements)
        if test is not None:
            found.tests.append(test)
        elif reason:
            found.rejected.append(Rejected(example.source.strip(), reason))
    return found


def _doctest_test(example: doctest.Example, entry_point: str, statements: list[str]) -> tuple[str | None, str]:
    """The test for one doctest; a statement without output is kept for the examples after it."""
    tree = parse(example.source)
    if tree is None:
        return None, "the example is not valid Python"
    single = tree.body[0] if len(tree.body) == 1 else None
    if not isinstance(single, ast.Expr):
        if example.want.strip():
            return None, "a statement with an expected output"
        statements.append(example.source.strip())
        return None, ""
    if entry_point not in called_names(single):
        return None, f"the example does not call {entry_point}"
    test, reason = _expression_test(single.value, example.want)
    if test is None:
        return None, reason
    return "\n".join((*statements, test)), ""


def _looser_than_equals(node: ast.expr) -> bool:
    """Whether ``node`` binds looser than (or as loose as) ``==``, so ``node == expected`` needs parentheses."""
    if isinstance(node, ast.UnaryOp):
        return isinstance(node.op, ast.Not)
    return isinstance(node, (ast.Compare, ast.BoolOp, ast.IfExp, ast.Lambda, ast.NamedExpr))


def _expression_test(node: ast.expr, want: str) -> tuple[str | None, str]:
    expression = ast.unparse(node)
    if want.strip():
        if want.lstrip().startswith("Traceback"):
            return None, "an example that raises an exception"
        value = literal(want)
        if value is MISSING:
            return None, "the expected output is not a Python literal"
        if _looser_than_equals(node):  # ``>>> f(x) == y`` then ``True``: not a chained comparison
            expression = f"({expression})"
        return checks.equals(expression, value), ""
    if isinstance(node, ast.Compare):  # ``>>> f(x) == y`` written without an output line
        return checks.holds(expression), ""
    if isinstance(node, ast.Call):  # doctest semantics: no output means the call returns None
        return checks.equals(expression, None), ""
    return None, "no expected output"
