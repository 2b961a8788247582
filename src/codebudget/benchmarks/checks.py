"""Executable test snippets: each one raises ``AssertionError`` when the candidate is wrong.

Snippets run after the candidate in its namespace (see :class:`codebudget.sandbox.base.Job`),
so they call the entry point by name. An expected value that holds a float is compared
with a tolerance of 1e-6 (the tolerance HumanEval's own checks use); every other value
is compared with ``==``, as the example states it.
"""

from __future__ import annotations

from typing import Any

from codebudget.benchmarks.pysource import missing_imports
from codebudget.sandbox.expect import CLOSE_HELPER, TOLERANCE

# The float-comparing helper lives with the sandbox, which judges it outside the
# candidate's process (codebudget.sandbox.split); defined inside the snippets that need it.


def equals(expression: str, expected: Any) -> str:
    """A snippet asserting that ``expression`` evaluates to the value ``expected``."""
    if has_float(expected):
        message = f"{expression} should be {expected!r} (within {TOLERANCE})"
        return f"{CLOSE_HELPER}\nassert _codebudget_close({expression}, {expected!r}), {message!r}"
    if expected is None:
        return f"assert {expression} is None"
    return f"assert {expression} == {expected!r}"


def holds(expression: str) -> str:
    """A snippet asserting that the boolean ``expression`` is true."""
    return f"assert {expression}"


def with_imports(snippet: str) -> str:
    """``snippet`` preceded by imports of the common modules it uses without importing."""
    lines = missing_imports(snippet)
    return "\n".join((*lines, snippet)) if lines else snippet


def has_float(value: Any) -> bool:
    """True when ``value`` is a float or a list/tuple that holds one (at any depth)."""
    if isinstance(value, float):
        return True
    if isinstance(value, (list, tuple)):
        return any(has_float(v) for v in value)
    return False
