"""Build the program to run: the prompt's own imports and helpers, then the model's definitions.

The prompt side (:func:`prompt_pieces`) is everything in the prompt except the stub of
the entry point: imports, helper functions, classes and constants the solution may use
without repeating them. The model side (:func:`keep_definitions`) keeps imports,
functions, classes, the top-level code that builds what those use, and
module-configuration calls such as ``sys.setrecursionlimit(...)``; it drops example
usage: prints, asserts and loops that call the solution, ``if __name__ == "__main__":``
blocks.
"""

from __future__ import annotations

import ast
import dataclasses

from codebudget.benchmarks.pysource import find_function, parse
from codebudget.records import Problem

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_IMPORTS = (ast.Import, ast.ImportFrom)
_TEST_MODULES = frozenset({"doctest", "unittest", "pytest"})  # ``doctest.testmod()`` is usage


@dataclasses.dataclass(frozen=True)
class PromptPieces:
    """The parts of a prompt that the program needs.

    ``header`` holds the prompt's imports, helpers and constants (not the entry point's
    stub); ``has_stub`` says whether the prompt ends in a stub of the entry point that a
    completion continues.
    """

    header: str
    has_stub: bool


def prompt_pieces(problem: Problem) -> PromptPieces:
    """Split ``problem.prompt`` into its reusable header and whether it has a stub."""
    tree = parse(problem.prompt)
    if tree is None:
        return PromptPieces(header="", has_stub=False)
    stub = find_function(tree, problem.entry_point)
    kept = [node for node in tree.body if node is not stub and not _is_docstring(node)]
    return PromptPieces(header=_segments(problem.prompt, kept), has_stub=stub is not None)


def keep_definitions(source: str, *, protected_lines: int = 0) -> str | None:
    """``source`` without its example usage (None when it does not parse).

    Kept: imports, functions, classes, module-configuration calls, and any other
    top-level statement that touches a name the kept code uses (say, a loop that
    fills a lookup table), unless it calls ``print``, ``input`` or one of the source's
    own functions. Statements that start within the first ``protected_lines`` lines
    (the prompt, in completion mode) are always kept.
    """
    tree = parse(source)
    if tree is None:
        return None
    imported = _imported_names(tree)
    usage = {n.name for n in tree.body if isinstance(n, _DEFINITIONS)} | {"print", "input"}
    kept = [n for n in tree.body if n.lineno <= protected_lines or _is_definition(n, imported)]
    others = [n for n in tree.body if n not in kept and not _is_main_guard(n) and not _calls_any(n, usage)]
    kept += _needed(others, _names(kept, loaded_only=True))
    return _segments(source, sorted(kept, key=lambda node: node.lineno))


def join_program(*parts: str) -> str:
    """Non-empty parts separated by blank lines, ending in a newline."""
    return _join([part.strip("\n") for part in parts if part.strip()])


def _is_definition(node: ast.stmt, imported: set[str]) -> bool:
    """Imports, functions, classes and calls like ``sys.setrecursionlimit(...)``."""
    if isinstance(node, (*_DEFINITIONS, *_IMPORTS)):
        return True
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        func = node.value.func
        return (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in imported - _TEST_MODULES
        )
    return False


def _needed(candidates: list[ast.stmt], needed: set[str]) -> list[ast.stmt]:
    """The candidates that touch a needed name, growing the needed names as they are kept."""
    kept: list[ast.stmt] = []
    grew = True
    while grew:
        grew = False
        for node in candidates:
            if node not in kept and _names([node], loaded_only=False) & needed:
                kept.append(node)
                needed |= _names([node], loaded_only=True)
                grew = True
    return kept


def _names(nodes: list[ast.stmt], *, loaded_only: bool) -> set[str]:
    return {
        n.id
        for node in nodes
        for n in ast.walk(node)
        if isinstance(n, ast.Name) and (not loaded_only or isinstance(n.ctx, ast.Load))
    }


def _is_main_guard(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and "__name__" in _names([node.test], loaded_only=True)  # type: ignore[list-item]


def _calls_any(node: ast.AST, names: set[str]) -> bool:
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in names for n in ast.walk(node)
    )


def _imported_names(tree: ast.Module) -> set[str]:
    return {
        (alias.asname or alias.name).split(".")[0]
        for node in tree.body
        if isinstance(node, _IMPORTS)
        for alias in node.names
    }


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _segments(source: str, nodes: list[ast.stmt]) -> str:
    """The source lines of ``nodes`` (with decorators), statements sharing a line kept once."""
    lines = source.splitlines()
    spans: list[list[int]] = []
    for node in nodes:
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        end = node.end_lineno or node.lineno
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    return _join(["\n".join(lines[start - 1 : end]) for start, end in spans])


def _join(parts: list[str]) -> str:
    return "\n\n".join(parts) + "\n" if parts else ""
