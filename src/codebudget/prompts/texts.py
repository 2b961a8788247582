"""Prompts sent to the model: first attempts and repairs (the pipeline), tests (CodeT-style selection)."""

from __future__ import annotations

from codebudget.backends.base import Message
from codebudget.records import Problem

SYSTEM = "You are an expert Python programmer. Answer with complete, correct Python code."

SOLVE = """Complete the following Python function. Keep its signature and its imports, \
and answer with the whole function in a single ```python code block.

```python
{prompt}
```"""

REPAIR = """The following Python function was written for this task:

```python
{prompt}
```

Here is the code:

```python
{code}
```

It fails the tests:
{feedback}

Find the cause of the failure and answer with the whole corrected function in a single ```python code block."""


TESTER = "You are an expert Python tester. Answer with Python assert statements only."

TESTS = """Here is a Python function to be tested (its body is not written yet):

```python
{prompt}
```

Write {count} different test cases for `{entry_point}`: one `assert` per line, each calling `{entry_point}` \
with concrete arguments and comparing the result with the value its description implies, e.g. \
`assert {entry_point}(...) == ...`. Include edge cases. Do not implement the function. Answer with a single \
```python code block."""


def solve_messages(problem: Problem) -> tuple[Message, ...]:
    """The chat messages that ask for a first solution of ``problem``."""
    return (Message("system", SYSTEM), Message("user", SOLVE.format(prompt=problem.prompt.strip())))


def repair_messages(problem: Problem, code: str, feedback: str) -> tuple[Message, ...]:
    """The chat messages that ask to fix ``code`` given the test ``feedback``."""
    user = REPAIR.format(prompt=problem.prompt.strip(), code=code.strip(), feedback=feedback.strip())
    return (Message("system", SYSTEM), Message("user", user))


def tests_messages(problem: Problem, count: int) -> tuple[Message, ...]:
    """The chat messages that ask for ``count`` assert tests of ``problem``'s entry point."""
    user = TESTS.format(prompt=problem.prompt.strip(), count=count, entry_point=problem.entry_point)
    return (Message("system", TESTER), Message("user", user))
