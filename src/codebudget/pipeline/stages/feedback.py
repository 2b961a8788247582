"""Turn a failed version into the short feedback a repair prompt carries."""

from __future__ import annotations

from codebudget.records import Execution

MAX_FEEDBACK = 800


def feedback_text(rejection: str | None, execution: Execution | None) -> str:
    """What went wrong, in a few lines: why a gate rejected the code (the syntax filter's parse error, ...),
    or the failing test and its error."""
    if rejection is not None:
        return rejection
    if execution is None:
        return "The code was not run."
    parts = [f"Result: {execution.status.value} ({execution.tests_passed}/{execution.tests_total} tests passed)."]
    if execution.failing_test:
        parts.append(f"Failing test:\n{execution.failing_test.strip()}")
    if execution.error:
        parts.append(f"Error:\n{execution.error.strip()}")
    return "\n".join(parts)[:MAX_FEEDBACK]
