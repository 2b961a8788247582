"""Small helpers over Python source: functions, docstrings, parameters, free module names."""

from __future__ import annotations

import ast
import warnings
import builtins
import inspect

from codebudget import pyast

# Standard-library modules that model code (and MBPP asserts) often use without importing.
COMMON_MODULES = frozenset(
    {
        "math", "re", "itertools", "collections", "functools", "heapq", "string", "bisect",
        "operator", "random", "statistics", "sys", "copy", "cmath", "fractions", "decimal",
        "hashlib", "datetime", "json",
    }
)  # fmt: skip

# Names from ``typing`` that an annotation may use without importing them.
TYPING_NAMES = frozenset(
    {"List", "Dict", "Tuple", "Set", "FrozenSet", "Optional", "Union", "Any", "Callable", "Iterable",
     "Iterator", "Sequence", "Mapping", "Deque", "DefaultDict", "Generator"}
)  # fmt: skip


def parse(source: str) -> ast.Module | None:
    """The module's AST, or None when it does not parse (warnings about the source, such as MBPP's
    invalid escape sequences, are the data's and not shown)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pyast.parse(source)
    except (SyntaxError, ValueError):
        return None


def syntax_error(source: str) -> str | None:
    """None when ``source`` compiles, else a one-line description of the syntax error.

    Compiling (without running) also catches what the parser lets through, such as
    ``return`` outside a function.
    """
    try:
        compile(source, "<candidate>", "exec", dont_inherit=True)
    except SyntaxError as exc:
        return f"{type(exc).__name__}: {exc.msg} (line {exc.lineno})"
    except ValueError as exc:  # e.g. null bytes
        return f"ValueError: {exc}"
    return None


def find_function(tree: ast.Module, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The last top-level function called ``name``, if any."""
    found = None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            found = node
    return found


def defines(source: str, name: str) -> bool:
    """True when ``source`` parses and defines a top-level function ``name``."""
    tree = parse(source)
    return tree is not None and find_function(tree, name) is not None


def docstring(function: ast.FunctionDef | ast.AsyncFunctionDef, source: str) -> str | None:
    """The function's docstring as written in ``source`` (escapes kept), cleaned.

    Examples in a docstring are code, so ``"a\\nb"`` in the source must stay an escape
    rather than become a line break. Also found after leading statements (HumanEval/115).
    """
    for statement in function.body:
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            if isinstance(statement.value.value, str):
                written = ast.get_source_segment(source, statement.value)
                return inspect.cleandoc(_unquote(written) if written else statement.value.value)
    return None


def _unquote(literal: str) -> str:
    body = literal.lstrip("rRuUbBfF")
    quote = body[:3] if body[:3] in ('"""', "'''") else body[:1]
    return body[len(quote) : len(body) - len(quote)]


def parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[tuple[str, ...], int]:
    """Positional parameter names and how many of them are required (have no default)."""
    names = tuple(arg.arg for arg in (*function.args.posonlyargs, *function.args.args))
    return names, len(names) - len(function.args.defaults)


def called_names(node: ast.AST) -> list[str]:
    """Names of the plain functions called anywhere in ``node``, in source order."""
    calls = [n for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
    calls.sort(key=lambda n: (n.lineno, n.col_offset))
    return [call.func.id for call in calls]  # type: ignore[attr-defined]


def missing_imports(source: str) -> tuple[str, ...]:
    """Import lines for common modules and typing names that ``source`` uses but never binds."""
    tree = parse(source)
    if tree is None:
        return ()
    bound = _bound_names(tree)
    loaded = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    free = loaded - bound - set(dir(builtins))
    modules = sorted(free & COMMON_MODULES)
    typing_names = sorted(free & TYPING_NAMES)
    lines = [f"import {module}" for module in modules]
    if typing_names:
        lines.append(f"from typing import {', '.join(typing_names)}")
    return tuple(lines)


def _bound_names(tree: ast.Module) -> set[str]:
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            bound.update(node.names)
    return bound
