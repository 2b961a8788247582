"""Mining Python source for training pairs: a function's signature and docstring, then its body.

Every function with a docstring, at a module's top level or a method of a class (also under a module's or
class's ``if`` and ``try``), becomes a pair: ``prompt`` is its ``def`` line(s) and docstring exactly as
written (decorators left out), dedented as a standalone function (a method keeps ``self``), ``completion``
the rest of its body. Bodies of 1 to :data:`MAX_BODY_LINES` non-blank lines are kept, not stubs (``pass``,
``...``, ``raise NotImplementedError``), and only where the pair compiles as it stands. The default corpus is
the running Python's standard library, without its tests, GUI and demo packages (:data:`SKIPPED`).
"""

from __future__ import annotations

import ast
import os
import sysconfig
import tokenize
import warnings
from pathlib import Path
from typing import Iterator

from codebudget import pyast
from codebudget.train.metrics import syntax_ok
from codebudget.train.pairs import Pair, distinct

SKIPPED = frozenset({"test", "tests", "idlelib", "tkinter", "turtledemo", "lib2to3", "site-packages",
                     "dist-packages", "__pycache__"})  # fmt: skip
"""Folders not mined, at any depth."""
MAX_BODY_LINES = 40
MAX_CHARS = 2000
"""A pair's prompt and completion together stay under this many characters."""


def stdlib_root() -> Path:
    """The running Python's standard library source folder."""
    return Path(sysconfig.get_paths()["stdlib"])


def source_files(root: Path) -> list[Path]:
    """The ``.py`` files under ``root`` outside :data:`SKIPPED` folders, sorted by their path from ``root``."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in SKIPPED]
        found += [Path(folder) / name for name in files if name.endswith(".py")]
    return sorted(found, key=lambda path: path.relative_to(root).as_posix())


def mine(root: Path | None = None, *, source: str = "stdlib") -> tuple[Pair, ...]:
    """The pairs of every documented function under ``root`` (default: the standard library), duplicates dropped.

    In path order, then source order; a completion seen before (an exact copy) is left out, as is a file
    that cannot be read or does not parse.
    """
    base = root if root is not None else stdlib_root()
    pairs: list[Pair] = []
    for path in source_files(base):
        try:
            with tokenize.open(path) as handle:  # the file's own encoding; newlines made "\n"
                text = handle.read()
        except (OSError, SyntaxError, UnicodeDecodeError):
            continue
        pairs += functions(text, path.relative_to(base).as_posix(), source=source)
    return tuple(distinct(pairs))


def functions(text: str, path: str, *, source: str = "stdlib") -> list[Pair]:
    """The pairs of one module's documented functions and methods (``path`` names it in the pairs' ids)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = pyast.parse(text)
    except (SyntaxError, ValueError):
        return []
    lines = text.split("\n")
    pairs: list[Pair] = []
    ids: set[str] = set()
    for qualname, node in _definitions(tree.body, ""):
        split = _split(node, lines)
        if split is None:
            continue
        prompt, completion = split
        pair_id = f"{source}:{path}:{qualname}"
        if pair_id in ids:  # the same name defined twice (under an ``if``): the later one is named by its line
            pair_id += f":{node.lineno}"
        ids.add(pair_id)
        pairs.append(Pair(pair_id, "python", prompt, completion, source, entry_point=node.name))
    return pairs


def _definitions(body: list[ast.stmt], prefix: str) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield prefix + node.name, node
        elif isinstance(node, ast.ClassDef):
            yield from _definitions(node.body, f"{prefix}{node.name}.")
        elif isinstance(node, ast.If):
            yield from _definitions(node.body + node.orelse, prefix)
        elif isinstance(node, ast.Try):
            handled = [statement for handler in node.handlers for statement in handler.body]
            yield from _definitions(node.body + handled + node.orelse + node.finalbody, prefix)


def _split(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> tuple[str, str] | None:
    """The function's (prompt, completion), or None when it is not a pair worth keeping."""
    if len(node.body) < 2 or ast.get_docstring(node, clean=False) is None or _stub(node.body[1:]):
        return None
    doc = node.body[0]
    assert doc.end_lineno is not None and doc.end_col_offset is not None and node.end_lineno is not None
    if lines[doc.lineno - 1][: doc.col_offset].strip() or doc.lineno == node.lineno:
        return None  # the docstring shares its line with the signature
    after = lines[doc.end_lineno - 1][doc.end_col_offset :].strip()
    if after and not after.startswith("#"):
        return None  # ``"""doc"""; statement``
    indent = lines[node.lineno - 1][: node.col_offset]
    prompt = _dedent(lines[node.lineno - 1 : doc.end_lineno], indent)
    completion = _dedent(lines[doc.end_lineno : node.end_lineno], indent)
    if prompt is None or completion is None:
        return None
    body_lines = sum(1 for line in completion if line.strip())
    prompt_text, completion_text = "\n".join(prompt) + "\n", "\n".join(completion) + "\n"
    if not 1 <= body_lines <= MAX_BODY_LINES or len(prompt_text) + len(completion_text) > MAX_CHARS:
        return None
    if not syntax_ok("python", prompt_text, completion_text):
        return None
    return prompt_text, completion_text


def _stub(statements: list[ast.stmt]) -> bool:
    """True for a body that only says it is not written: ``pass``, ``...``, ``raise NotImplementedError``."""
    if all(isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)
                                       and s.value.value is Ellipsis) for s in statements):  # fmt: skip
        return True
    if len(statements) == 1 and isinstance(statements[0], ast.Raise):
        raised = statements[0].exc
        raised = raised.func if isinstance(raised, ast.Call) else raised
        return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"
    return False


def _dedent(lines: list[str], indent: str) -> list[str] | None:
    """``lines`` without the leading ``indent``; None when a non-blank line does not start with it."""
    out = []
    for line in lines:
        if line.startswith(indent):
            out.append(line[len(indent) :])
        elif line.strip():
            return None
        else:
            out.append("")
    return out

