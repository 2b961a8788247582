"""Turn a failed version into the short feedback a repair prompt carries."""

from __future__ import annotations

from codebudget.records import Execution

MAX_FEEDBACK = 800


def feedback_text(syntax_ok: bool, syntax_error: str | None, execution: Execution | None) -> str:
    """What went wrong, in a few lines: the syntax error, or the failing test and its error."""
    if not syntax_ok:
        return f"The code does not parse: {syntax_error or 'no Python code was found in the answer'}"
    if execution is None:
        return "The code was not run."
    parts = [f"Result: {execution.status.value} ({execution.tests_passed}/{execution.tests_total} tests passed)."]
    if execution.failing_test:
        parts.append(f"Failing test:\n{execution.failing_test.strip()}")
    if execution.error:
        parts.append(f"Error:\n{execution.error.strip()}")
    return "\n".join(parts)[:MAX_FEEDBACK]
