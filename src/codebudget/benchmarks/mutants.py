"""Mutants of a reference solution: how strong is a task's hidden test suite?

A mutant is the reference with one small fault of the kinds a model makes (each
one site of one operator):

* ``off-by-one``: an integer constant ``c`` becomes ``c + 1`` or ``c - 1``;
* ``comparison``: ``<`` and ``<=`` swap, as do ``>`` and ``>=``, ``==`` and ``!=``,
  ``in`` and ``not in``;
* ``dropped-branch``: an ``if``'s body (or its ``else``) becomes ``pass``;
* ``wrong-exception``: a raised exception class becomes another
  (``ValueError`` -> ``TypeError``, anything else -> ``ValueError``);
* ``boolean``: ``and`` and ``or`` swap;
* ``arithmetic``: ``+`` and ``-`` swap, as do ``*`` and ``//``.

A suite *kills* a mutant when some test fails against it (an exception, a
wrong value, or running past the time limit). The mutation score is the share
of a task's mutants killed; equivalent mutants (the same behaviour written
differently) can never be killed, so a score below 1 is not by itself a gap.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
from typing import Iterator

from codebudget import pyast

KINDS = ("off-by-one", "comparison", "dropped-branch", "wrong-exception", "boolean", "arithmetic")

_COMPARE_SWAP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
}
_ARITHMETIC_SWAP: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.FloorDiv, ast.FloorDiv: ast.Mult,
}
_BUILTIN_EXCEPTIONS = frozenset(name for name, value in vars(builtins).items()
                                if isinstance(value, type) and issubclass(value, BaseException))


@dataclasses.dataclass(frozen=True)
class Mutant:
    """One faulty copy of a program."""

    kind: str
    line: int
    description: str
    source: str


def mutants(source: str) -> list[Mutant]:
    """Every single-site mutant of ``source`` (a complete Python program), in source order.

    Docstrings and the ``if __name__`` guard are left alone; mutants that do not
    compile, or that unparse to the original text, are skipped.
    """
    tree = pyast.parse(source)
    original = ast.unparse(tree)
    seen: set[str] = set()
    found: list[Mutant] = []
    for index, (_, op, description, line) in enumerate(_walk(tree)):
        mutated = _apply(pyast.parse(source), index)
        text = ast.unparse(mutated)
        if text == original or text in seen:
            continue
        try:
            compile(text, "<mutant>", "exec")
        except SyntaxError:
            continue
        seen.add(text)
        found.append(Mutant(op.rstrip("+-"), line, description, text))
    return sorted(found, key=lambda mutant: mutant.line)


def _apply(tree: ast.AST, target: int) -> ast.AST:
    """``tree`` with its ``target``-th mutation site changed."""
    for index, (node, op, _, _) in enumerate(_walk(tree)):
        if index == target:
            _mutate(node, op)
            break
    return ast.fix_missing_locations(tree)


def _walk(tree: ast.AST) -> Iterator[tuple[object, str, str, int]]:
    """Each mutation site: (node, operation, description, line); a node may give two (``c+1``, ``c-1``)."""
    skip = _docstrings(tree) | _main_guards(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Constant) and type(node.value) is int:
            yield node, "off-by-one+", f"{node.value} -> {node.value + 1}", node.lineno
            yield node, "off-by-one-", f"{node.value} -> {node.value - 1}", node.lineno
        elif isinstance(node, ast.Compare):
            for position, op in enumerate(node.ops):
                if type(op) in _COMPARE_SWAP:
                    yield _Slot(node, position), "comparison", \
                        f"{type(op).__name__} -> {_COMPARE_SWAP[type(op)].__name__}", node.lineno
        elif isinstance(node, ast.If):
            yield node, "dropped-branch", "if body -> pass", node.lineno
            if node.orelse:
                yield _Else(node), "dropped-branch", "else -> pass", node.orelse[0].lineno
        elif isinstance(node, ast.Raise) and _raised_name(node) is not None:
            name = _raised_name(node)
            yield node, "wrong-exception", f"{name} -> {_other_exception(name)}", node.lineno
        elif isinstance(node, ast.BoolOp):
            yield node, "boolean", f"{type(node.op).__name__} -> {'Or' if isinstance(node.op, ast.And) else 'And'}", \
                node.lineno
        elif isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in _ARITHMETIC_SWAP:
            yield node, "arithmetic", \
                f"{type(node.op).__name__} -> {_ARITHMETIC_SWAP[type(node.op)].__name__}", node.lineno


@dataclasses.dataclass
class _Slot:
    compare: ast.Compare
    position: int


@dataclasses.dataclass
class _Else:
    node: ast.If


def _mutate(node: object, kind: str) -> None:
    if kind == "off-by-one+":
        node.value += 1  # type: ignore[attr-defined]
    elif kind == "off-by-one-":
        node.value -= 1  # type: ignore[attr-defined]
    elif kind == "comparison":
        slot = node  # type: _Slot
        slot.compare.ops[slot.position] = _COMPARE_SWAP[type(slot.compare.ops[slot.position])]()  # type: ignore
    elif kind == "dropped-branch" and isinstance(node, _Else):
        node.node.orelse = [ast.Pass()]
    elif kind == "dropped-branch":
        node.body = [ast.Pass()]  # type: ignore[attr-defined]
    elif kind == "wrong-exception":
        _rename_raised(node, _other_exception(_raised_name(node) or ""))  # type: ignore[arg-type]
    elif kind == "boolean":
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()  # type: ignore[attr-defined]
    elif kind == "arithmetic":
        node.op = _ARITHMETIC_SWAP[type(node.op)]()  # type: ignore[attr-defined]


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of docstring constants (never mutated)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _main_guards(tree: ast.AST) -> set[int]:
    """ids of every node inside an ``if __name__ ...`` block (never mutated: tests do not run it)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        test = node.test if isinstance(node, ast.If) else None
        if isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__":
            found.update(id(inner) for inner in ast.walk(node))
    return found


def _raised_name(node: ast.Raise) -> str | None:
    exc = node.exc
    if isinstance(exc, ast.Call):
        exc = exc.func
    return exc.id if isinstance(exc, ast.Name) and exc.id in _BUILTIN_EXCEPTIONS else None


def _other_exception(name: str) -> str:
    return "TypeError" if name == "ValueError" else "ValueError"


def _rename_raised(node: ast.Raise, name: str) -> None:
    exc = node.exc
    target = exc.func if isinstance(exc, ast.Call) else exc
    target.id = name  # type: ignore[union-attr]
