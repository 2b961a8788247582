"""Build the program to run: the prompt's own imports and helpers, then the model's definitions.

The prompt side (:func:`prompt_pieces`) is everything in the prompt except the stub of
the entry point: imports, helper functions, classes and constants the solution may use
without repeating them. The model side (:func:`keep_definitions`) keeps imports,
functions, classes, the constants those use and module-configuration calls such as
``sys.setrecursionlimit(...)``, and drops example usage: prints, asserts, calls of the
solution, ``if __name__ == "__main__":`` blocks.
"""

from __future__ import annotations

import ast
import dataclasses

from codebudget.benchmarks.pysource import find_function, parse
from codebudget.records import Problem

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_IMPORTS = (ast.Import, ast.ImportFrom)


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

    Statements that start within the first ``protected_lines`` lines (the prompt, in
    completion mode) are always kept.
    """
    tree = parse(source)
    if tree is None:
        return None
    defined = {n.name for n in tree.body if isinstance(n, _DEFINITIONS)}
    needed = _names_used_by(n for n in tree.body if isinstance(n, _DEFINITIONS))
    imported = _imported_names(tree)
    kept = [
        node for node in tree.body if node.lineno <= protected_lines or _is_kept(node, needed, defined, imported)
    ]
    return _segments(source, kept)


def join_program(*parts: str) -> str:
    """Non-empty parts separated by blank lines, ending in a newline."""
    return _join([part.strip("\n") for part in parts if part.strip()])


def _is_kept(node: ast.stmt, needed: set[str], defined: set[str], imported: set[str]) -> bool:
    if isinstance(node, (*_DEFINITIONS, *_IMPORTS)):
        return True
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        return bool(names & needed) and not _calls_any(node, defined | {"print", "input"})
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        func = node.value.func  # keep ``sys.setrecursionlimit(...)``-like configuration calls
        return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in imported
    return False


def _names_used_by(nodes: object) -> set[str]:
    used: set[str] = set()
    for node in nodes:  # type: ignore[attr-defined]
        used.update(n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load))
    return used


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
