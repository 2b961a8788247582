"""From a model's answer to a program that can run against the tests.

Two modes, each a list of rules tried in order (the first that applies wins):

* ``chat``: the answer is prose and code. Code comes from fenced blocks (several are
  combined, up to the last one that defines the entry point), or, without fences,
  from runs of code-like lines. A block that is only a function body is appended to
  the prompt's stub.
* ``completion``: the answer continues the prompt. The program is the prompt plus the
  answer, cut at a closing fence, without trailing example usage; an answer that
  restates the whole function is taken as the function.

The program always starts with the prompt's imports and helpers (so an answer that
leaves them out still runs), and imports of common modules the code uses without
importing them are added. It is then compiled (never run): a failure is recorded
in :attr:`Extracted.syntax_error`.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import textwrap
from typing import Callable, Literal

from codebudget.benchmarks.pysource import defines, missing_imports, parse, syntax_error
from codebudget.extraction.fences import code_runs, dedent, fenced_blocks, outside_fences
from codebudget.extraction.program import PromptPieces, join_program, keep_definitions, prompt_pieces
from codebudget.records import Problem

Mode = Literal["chat", "completion"]


@dataclasses.dataclass(frozen=True)
class Extracted:
    """The program taken from one answer, and how it was found.

    ``ok`` is False when no code defining the entry point was found; ``method`` names
    the rule that produced the code; ``syntax_error`` is set when the program does not
    compile; ``added_imports`` lists imports that were added for names the code uses.
    """

    code: str
    ok: bool
    method: str
    syntax_ok: bool
    syntax_error: str | None = None
    added_imports: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class _Draft:
    code: str
    method: str


def extract(problem: Problem, text: str, *, mode: Mode = "chat") -> Extracted:
    """The program to run for ``problem`` from the model's answer ``text``."""
    if mode not in MODES:
        raise ValueError(f"unknown extraction mode {mode!r} (modes: {', '.join(MODES)})")
    draft = MODES[mode](problem, prompt_pieces(problem), text)
    return _finish(problem, draft)


def from_chat(problem: Problem, pieces: PromptPieces, text: str) -> _Draft:
    """Code from a chat answer: fenced blocks, else code-like runs of lines outside them."""
    fenced = [block.code for block in fenced_blocks(text)]
    unfenced = [block.code for block in code_runs(outside_fences(text))]
    for kind, blocks in (("fenced", fenced), ("unfenced", unfenced)):
        draft = _defining(problem, pieces, kind, blocks)
        if draft is not None:
            return draft
    return _without_definition(problem, pieces, [*fenced, *unfenced])


def from_completion(problem: Problem, pieces: PromptPieces, text: str) -> _Draft:
    """Code from an answer that continues the prompt."""
    if re.match(r"\s*(```|~~~)", text) or not pieces.has_stub:
        return from_chat(problem, pieces, text)
    head = _cut_at_fence(text)
    if _restates(head, problem.entry_point):
        code = _usable(dedent(head))
        return _Draft(join_program(pieces.header, code or dedent(head)), "full-function")
    protected = problem.prompt.count("\n")
    program = problem.prompt + head
    kept = keep_definitions(program, protected_lines=protected)
    if kept is not None:
        return _Draft(kept, "completion")
    trimmed = _trim_trailing(problem.prompt, head, protected)
    if trimmed:
        return _Draft(trimmed, "completion-trimmed")
    if head != text:  # prose, then fenced code: the model answered as in a chat
        return from_chat(problem, pieces, text)
    return _Draft(program, "completion")


MODES: dict[str, Callable[[Problem, PromptPieces, str], _Draft]] = {
    "chat": from_chat,
    "completion": from_completion,
}


def _finish(problem: Problem, draft: _Draft) -> Extracted:
    code = draft.code
    added: tuple[str, ...] = ()
    if code.strip() and syntax_error(code) is None:
        added = missing_imports(code)
        code = join_program("\n".join(added), code) if added else code
    error = syntax_error(code)
    found = defines(code, problem.entry_point) if error is None else _mentions_definition(code, problem.entry_point)
    return Extracted(
        code=code,
        ok=bool(code.strip()) and found,
        method=draft.method,
        syntax_ok=error is None,
        syntax_error=error,
        added_imports=added,
    )


def _defining(problem: Problem, pieces: PromptPieces, kind: str, blocks: list[str]) -> _Draft | None:
    """The prompt's header and the blocks up to the last one that defines the entry point."""
    usable = [code for code in map(_usable, blocks) if code]
    defining = [index for index, code in enumerate(usable) if defines(code, problem.entry_point)]
    if not defining:
        return None
    chosen = usable[: defining[-1] + 1]
    return _Draft(join_program(pieces.header, *chosen), kind if len(chosen) == 1 else f"{kind}-multi")


def _without_definition(problem: Problem, pieces: PromptPieces, blocks: list[str]) -> _Draft:
    """A bare function body, code for the entry point that does not compile, other code, or nothing."""
    for block in blocks:
        body = _as_body(problem, pieces, block)
        if body is not None:
            return _Draft(body, "body")
    raw = [block for block in blocks if _mentions_definition(block, problem.entry_point)]
    if raw:  # kept so that the syntax error is reported, not hidden
        return _Draft(join_program(pieces.header, raw[-1]), "unparsable")
    usable = [code for code in map(_usable, blocks) if code and code.strip()]
    return _Draft(join_program(pieces.header, *usable), "no-entry-point") if usable else _Draft("", "none")


def _usable(code: str) -> str | None:
    """``code`` without example usage; trailing top-level lines are dropped until it parses."""
    kept = keep_definitions(code)
    if kept is not None:
        return kept
    return _trim_trailing("", code, 0) or None


def _trim_trailing(prefix: str, text: str, protected: int) -> str:
    """``prefix + text`` cut before a top-level line of ``text``, the longest cut that parses."""
    lines = text.splitlines(keepends=True)
    cuts = [i for i, line in enumerate(lines) if i > 0 and line.strip() and not line[0].isspace()]
    for cut in reversed(cuts):
        kept = keep_definitions(prefix + "".join(lines[:cut]), protected_lines=protected)
        if kept is not None and kept.strip():
            return kept
    return ""


def _as_body(problem: Problem, pieces: PromptPieces, block: str) -> str | None:
    """The prompt completed with ``block`` when the block is a bare function body."""
    if not pieces.has_stub or defines(block, problem.entry_point):
        return None
    body = textwrap.indent(dedent(block), "    ")
    program = problem.prompt.rstrip("\n") + "\n" + body
    if parse(program) is None or not _has_return(block):
        return None
    return keep_definitions(program, protected_lines=problem.prompt.count("\n"))


def _has_return(block: str) -> bool:
    """True when ``block`` returns outside any function of its own (it is a function body)."""
    tree = parse(dedent(block))
    pending = list(tree.body) if tree is not None else []
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Return):
            return True
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            pending.extend(ast.iter_child_nodes(node))
    return False


def _restates(text: str, entry_point: str) -> bool:
    """True when a completion starts over with the whole function (or imports and then it)."""
    for line in dedent(text).splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "import ", "from ", "@")):
            continue
        return re.match(rf"(async\s+)?def\s+{re.escape(entry_point)}\s*\(", stripped) is not None
    return False


def _mentions_definition(code: str, entry_point: str) -> bool:
    return re.search(rf"^\s*(async\s+)?def\s+{re.escape(entry_point)}\s*\(", code, re.MULTILINE) is not None


def _cut_at_fence(text: str) -> str:
    match = re.search(r"^[ \t]*(```|~~~)", text, re.MULTILINE)
    return text[: match.start()] if match else text
