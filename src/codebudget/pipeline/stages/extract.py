"""The extraction stage: the code out of a chat answer, with its syntax check (the syntax filter's input)."""

from __future__ import annotations

from codebudget.extraction import extract
from codebudget.pipeline.context import TaskContext
from codebudget.store import ExtractionRow, GenerationRow


class ExtractStage:
    """Code out of a chat answer, and whether it parses."""

    def __call__(self, ctx: TaskContext, row: GenerationRow) -> ExtractionRow:
        found = extract(ctx.problem, row.sample.text, mode="chat")
        return ExtractionRow(row.key, found.code, found.ok, found.method, found.syntax_ok, found.syntax_error)
