"""Has the model seen this task's solution? Its familiarity with the reference against an equivalent rewrite.

For each task the model reads the task's prompt (as the pipeline asks for it: the
body style's prefilled answer, which ends with the signature and docstring) and
then, teacher-forced, two bodies that do the same thing: the benchmark's own
reference body, and a rewrite of it (its local names changed, its layout and
comments normalised by ``ast.unparse``; kept only when it passes the task's hidden
tests). A model that memorised the published solution finds it much more likely
than the rewrite; one that never saw it finds both about as likely as its own
habits make them. The *gap* is the mean log-probability per token of the original
minus that of the rewrite.

A gap means little alone (names and layout have their own likelihood), so it is
read against tasks the model cannot have seen: the fresh family, written for
codebudget after the models were released. A public benchmark's gaps well above
the fresh family's are the mark of a solution seen in training.
"""

from __future__ import annotations

import ast
import dataclasses
import textwrap
from typing import Protocol

import numpy as np

from codebudget import pyast
from codebudget.backends.base import Message
from codebudget.prompts import PromptStyle
from codebudget.records import Problem

SPARE_NAMES = ("value", "item", "current", "total", "part", "entry", "element", "piece", "step", "temp", "node",
               "chunk", "head", "rest", "word", "pair", "key", "found", "seen", "best", "left", "right", "digit",
               "letter", "index", "size", "limit", "start", "end", "middle")
"""Names a rewrite gives the reference's local variables, in order, skipping any the program already uses."""


class Scorer(Protocol):
    """A backend that scores a continuation (``LlamaCppBackend.score``)."""

    def score(self, messages: tuple[Message, ...], continuation: str) -> np.ndarray: ...


@dataclasses.dataclass(frozen=True)
class Familiarity:
    """One task's two bodies and the model's mean log-probability per token of each."""

    task_id: str
    original: float
    rewrite: float
    original_tokens: int
    rewrite_tokens: int

    @property
    def gap(self) -> float:
        """How much more likely (log, per token) the published body is than the rewrite."""
        return self.original - self.rewrite


def reference_body(problem: Problem) -> str | None:
    """The body of the task's reference (the reference less the prompt), or None when it does not extend it."""
    reference = problem.reference or ""
    if not reference.startswith(problem.prompt) or not reference[len(problem.prompt):].strip():
        return None
    return reference[len(problem.prompt):]


def rewrite(problem: Problem) -> tuple[str, str] | None:
    """(the rewritten program, its body), or None when the reference cannot be rewritten (no function, no body)."""
    try:
        tree = pyast.parse(problem.reference or "")
    except SyntaxError:
        return None
    function = next((node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                     and node.name == problem.entry_point), None)
    if function is None:
        return None
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} | {
        node.arg for node in ast.walk(tree) if isinstance(node, ast.arg)} | {
        node.name for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    spare = (name for name in SPARE_NAMES if name not in used)
    renames = {name: next(spare, f"{name}_") for name in _locals(function)}
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and node.id in renames:
            node.id = renames[node.id]
    statements = function.body
    if statements and isinstance(statements[0], ast.Expr) and isinstance(statements[0].value, ast.Constant) \
            and isinstance(statements[0].value.value, str):
        statements = statements[1:]
    if not statements:
        return None
    body = "".join(textwrap.indent(ast.unparse(statement), "    ") + "\n" for statement in statements)
    return problem.prompt + body, body


def _locals(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """Names the function binds itself (assignments, loop and comprehension targets), parameters excluded, in
    order of first binding; a function with ``global``/``nonlocal`` or nested functions keeps its names."""
    if any(isinstance(node, (ast.Global, ast.Nonlocal, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                             ast.ClassDef)) and node is not function for node in ast.walk(function)):
        return []
    params = {arg.arg for arg in ast.walk(function.args) if isinstance(arg, ast.arg)}
    found: list[str] = []
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id not in params \
                and node.id not in found:
            found.append(node.id)
    return found


def familiarity(scorer: Scorer, style: PromptStyle, problem: Problem, rewritten_body: str) -> Familiarity | None:
    """The model's familiarity with ``problem``'s reference body against ``rewritten_body``; None when there is
    no reference body or the rewrite is the same text (a body with nothing to rename or lay out anew)."""
    original = reference_body(problem)
    if original is None or original == rewritten_body:
        return None
    messages = style.solve(problem).messages
    a, b = scorer.score(messages, original), scorer.score(messages, rewritten_body)
    if not len(a) or not len(b):
        return None
    return Familiarity(problem.task_id, float(a.mean()), float(b.mean()), len(a), len(b))
