"""``ast.parse`` for code that may run in threads: one parse at a time in this process.

CPython keeps the AST constructor's recursion depth in state that every thread of the interpreter shares.
Two threads turning parse trees into ``ast`` objects at once (the sandbox pool splits test files in its
worker threads while a pipeline worker extracts code, say) can make a correct parse fail with
``SystemError: AST constructor recursion depth mismatch`` — seen here on CPython 3.11.7, in the sandbox
pool's threads (python/cpython#106905 is the same message). Every parse in codebudget goes through
:func:`parse`, which holds one lock; ``tests/test_pyast.py`` keeps direct ``ast.parse`` calls out of the
package (the worker-side code in ``sandbox/inside``, which runs in its own process, excepted).
"""

from __future__ import annotations

import ast
import threading
from typing import Literal, overload

_LOCK = threading.Lock()


@overload
def parse(source: str, filename: str = "<unknown>", mode: Literal["exec"] = "exec") -> ast.Module: ...


@overload
def parse(source: str, filename: str = "<unknown>", *, mode: Literal["eval"]) -> ast.Expression: ...


def parse(source: str, filename: str = "<unknown>", mode: str = "exec") -> ast.AST:
    """``ast.parse(source, filename, mode)``, never beside another parse of this process."""
    with _LOCK:
        return ast.parse(source, filename, mode)
