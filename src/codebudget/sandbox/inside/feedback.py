"""Short, useful texts about a failure, for feedback prompts to the model."""

from __future__ import annotations

import ast
import reprlib
from types import TracebackType
from typing import Any, Callable

from .text import trim

ERROR_CHARS = 400
STATEMENT_CHARS = 300
_REPR = reprlib.Repr()
_REPR.maxstring = 80
_REPR.maxother = 80
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxdict = 8
_REPR.maxlevel = 4


def innermost_line(tb: TracebackType | None, filename: str) -> int | None:
    """The line of the innermost traceback frame running code from ``filename``."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def innermost_frame(tb: TracebackType | None) -> tuple[Any, int] | None:
    """(code object, line) of the innermost traceback frame."""
    last = None
    while tb is not None:
        last = (tb.tb_frame.f_code, tb.tb_lineno)
        tb = tb.tb_next
    return last


def statement_at(source: str, line: int | None, parse: Callable[[str], ast.Module] = ast.parse) -> str:
    """The source of the innermost statement of ``source`` that spans ``line`` (``parse``: how to parse it; the
    parent process passes its thread-safe parse, ``codebudget.pyast.parse``)."""
    if line is None:
        return trim(source.strip(), STATEMENT_CHARS)
    best: ast.stmt | None = None
    try:
        tree = parse(source)
    except SyntaxError:
        tree = None
    for node in ast.walk(tree) if tree is not None else ():
        if not isinstance(node, ast.stmt):
            continue
        spans = node.lineno <= line <= (node.end_lineno or node.lineno)
        if spans and (best is None or node.lineno >= best.lineno):
            best = node
    segment = ast.get_source_segment(source, best) if best is not None else None
    if segment is None:
        lines = source.splitlines()
        segment = lines[line - 1] if 0 < line <= len(lines) else source
    return trim(segment.strip(), STATEMENT_CHARS)


def safe_str(value: Any) -> str:
    """``str(value)`` that never raises."""
    try:
        return str(value)
    except BaseException:  # a program's __str__ may raise anything
        return "<unprintable>"


def safe_repr(value: Any) -> str:
    """A short ``repr`` that never raises."""
    try:
        return _REPR.repr(value)
    except BaseException:  # a program's __repr__ may raise anything
        return "<unprintable>"


def describe(exc: BaseException, program: str, program_name: str) -> str:
    """``Type: message``, plus where in the program it was raised when it was."""
    text = type(exc).__name__
    message = safe_str(exc)
    if isinstance(exc, SyntaxError) and exc.filename == program_name:
        message = f"{exc.msg} (program line {exc.lineno})"
    if message:
        text += f": {message}"
    line = innermost_line(exc.__traceback__, program_name)
    if line is not None:
        lines = program.splitlines()
        code = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        text += f" (program line {line}: {trim(code, 120)})"
    return trim(text, ERROR_CHARS)


def comparison_text(left: Any, symbol: str, right: Any) -> str:
    """How a false comparison reads in feedback; ``symbol`` empty for a plain condition."""
    if not symbol:
        return f"the condition was {safe_repr(left)}"
    return f"{safe_repr(left)} {symbol} {safe_repr(right)} is False"


def with_detail(error: str, detail: str) -> str:
    """``error`` (``Type`` or ``Type: message``) with what the failing comparison was."""
    if not detail:
        return error
    return error + (f" ({detail})" if ":" in error else f": {detail}")


def comparison_detail(last: tuple[Any, int, Any, str, Any] | None, exc: BaseException) -> str:
    """What the sides of the failing comparison were, if it was on the failing line."""
    where = innermost_frame(exc.__traceback__)
    if last is None or where is None or (last[0], last[1]) != where:
        return ""
    _, _, left, symbol, right = last
    return comparison_text(left, symbol, right)
