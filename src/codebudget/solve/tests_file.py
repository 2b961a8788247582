"""A user's tests file as public tests: pytest-style test functions and plain asserts.

Each ``def test_*():`` without parameters becomes one test (the function, then a call
of it); each top-level ``assert`` becomes one test. The file's other top-level
statements (imports, constants, helpers) run before each test, except imports of the
module under test (``from stub import f``, ``import stub``): the candidate's code
is already in the namespace. A test function that takes parameters (pytest
fixtures, ``parametrize``) cannot run without pytest and is left out, said in
:attr:`Tests.skipped`.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from codebudget import pyast
from codebudget.errors import CodebudgetError


@dataclasses.dataclass(frozen=True)
class Tests:
    """The tests read from a file and the ones that were left out, with why."""

    tests: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()


def _imports_module(node: ast.stmt, module: str) -> bool:
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").split(".")[-1] == module
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[-1] == module for alias in node.names)
    return False


def read_tests(source: str, origin: str, module: str = "") -> Tests:
    """The tests in ``source``; ``module`` is the stub's module name, whose imports are dropped."""
    try:
        tree = pyast.parse(source)
    except SyntaxError as error:
        raise CodebudgetError(f"tests file {origin} is not valid Python: {error.msg} (line {error.lineno})") from None
    setup: list[str] = []
    tests: list[str] = []
    skipped: list[str] = []
    for node in tree.body:
        segment = ast.get_source_segment(source, node) or ast.unparse(node)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            arguments = node.args
            if arguments.args or arguments.posonlyargs or arguments.kwonlyargs or arguments.vararg or arguments.kwarg:
                skipped.append(f"{node.name} (takes parameters: fixtures or parametrize need pytest)")
            elif isinstance(node, ast.AsyncFunctionDef):
                skipped.append(f"{node.name} (async)")
            else:
                decorated = "".join(f"@{ast.unparse(d)}\n" for d in node.decorator_list if "pytest" not in ast.unparse(d))
                tests.append(f"{decorated}{_undecorated(source, node)}\n{node.name}()")
        elif isinstance(node, ast.Assert):
            tests.append(segment)
        elif _imports_module(node, module) or (isinstance(node, ast.Import) and any(a.name == "pytest" for a in node.names)):
            continue
        elif isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            continue
        else:
            setup.append(segment)
    if not tests:
        raise CodebudgetError(f"tests file {origin} has no test: write test_ functions or top-level asserts")
    prefix = "\n".join(setup)
    return Tests(tuple(f"{prefix}\n{test}" if prefix else test for test in tests), tuple(skipped))


def _undecorated(source: str, node: ast.FunctionDef) -> str:
    lines = source.splitlines(keepends=True)
    return "".join(lines[node.lineno - 1:node.end_lineno]).rstrip("\n")


def read_tests_file(path: str, module: str = "") -> Tests:
    """The tests in the file at ``path`` (one-line errors for a missing or unreadable file)."""
    try:
        source = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CodebudgetError(f"no such tests file: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CodebudgetError(f"cannot read tests file {path}: {getattr(error, 'strerror', None) or error}") from None
    return read_tests(source, path, module)
