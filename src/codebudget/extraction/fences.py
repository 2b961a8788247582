"""Find code in a chat answer: fenced blocks, or runs of code-like lines when there are none."""

from __future__ import annotations

import dataclasses
import re

from codebudget import pyast

_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+#.-]*)[^\n]*$")
# Fence labels of code that is not Python (a block with one of these is skipped).
OTHER_LANGUAGES = frozenset(
    {"bash", "sh", "shell", "console", "text", "txt", "output", "json", "yaml", "plaintext", "diff", "c", "cpp",
     "java", "javascript", "js", "sql", "markdown", "md"}
)  # fmt: skip
_CODE_START = re.compile(r"^(?:async\s+def|def|class|import|from|@|if\s+__name__|#)\b|^#")


@dataclasses.dataclass(frozen=True)
class Block:
    """One piece of code found in an answer."""

    code: str
    language: str = ""
    closed: bool = True  # False for a fence the answer never closed (a cut-off answer)


def fenced_blocks(text: str) -> list[Block]:
    """Every fenced block (```` ``` ```` or ``~~~``) in order, Python or unlabelled ones only."""
    lines = text.splitlines()
    blocks = []
    for start, end, language in _fences(lines):
        body = dedent("\n".join(lines[start + 1 : end]))
        if language not in OTHER_LANGUAGES and body.strip():
            blocks.append(Block(code=body.strip("\n") + "\n", language=language, closed=end < len(lines)))
    return blocks


def outside_fences(text: str) -> str:
    """``text`` without its fenced blocks (fences included)."""
    lines = text.splitlines()
    inside = {index for start, end, _ in _fences(lines) for index in range(start, end + 1)}
    return "\n".join(line for index, line in enumerate(lines) if index not in inside)


def dedent(text: str) -> str:
    """Remove the common indentation of the non-blank lines, leaving everything else as it is.

    Unlike :func:`textwrap.dedent`, whitespace-only lines keep what lies beyond the
    margin (they may sit inside a string literal).
    """
    lines = text.split("\n")
    margins = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    margin = min(margins, default=0)
    return "\n".join(line[margin:] if line.strip() or len(line) >= margin else "" for line in lines)


def code_runs(text: str) -> list[Block]:
    """Runs of code-like lines in an answer without fences (prose lines end a run)."""
    runs: list[list[str]] = [[]]
    for line in text.splitlines():
        if _is_code_line(line):
            runs[-1].append(line)
        elif runs[-1]:
            runs.append([])
    return [Block(code="\n".join(run).strip("\n") + "\n") for run in runs if any(line.strip() for line in run)]


def _fences(lines: list[str]) -> list[tuple[int, int, str]]:
    """(opening line, closing line or len(lines), language) of each fenced block."""
    found = []
    index = 0
    while index < len(lines):
        opening = _OPEN.match(lines[index])
        if not opening:
            index += 1
            continue
        end = _closing(lines, index + 1, opening.group("fence"))
        found.append((index, end, opening.group("lang").lower()))
        index = end + 1
    return found


def _closing(lines: list[str], start: int, fence: str) -> int:
    for index in range(start, len(lines)):
        stripped = lines[index].strip()
        if len(stripped) >= len(fence) and set(stripped) == {fence[0]}:  # as long as the opening, or longer
            return index
    return len(lines)


def _is_code_line(line: str) -> bool:
    """Blank, indented, a statement opener, or a line that parses as Python on its own."""
    if not line.strip() or line[0] in " \t" or _CODE_START.match(line):
        return True
    for candidate in (line, line + "\n    pass"):
        try:
            pyast.parse(candidate)
            return True
        except SyntaxError:
            continue
    return False
