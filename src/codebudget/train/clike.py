"""Reading C-like source (Java, JavaScript) without a parser: its code with comments and literals blanked.

The miners of :mod:`~codebudget.train.mine_java` and :mod:`~codebudget.train.mine_javascript` find a
documented function by its doc comment, its header and the brace that closes its body. Braces, parentheses
and keywords count only in code, so :func:`scan` replaces every comment, string, character, text block,
template literal and regular expression literal by spaces (newlines kept, so offsets and line numbers stay
those of the source) and lists the comments. A regular expression literal is told from a division by the
code before it, as JavaScript's grammar does; a template literal's ``${...}`` is skipped with it.
"""

from __future__ import annotations

import dataclasses
import re

_OPENERS = {
    "java": re.compile(r'/\*|//|"""|"|\''),
    "javascript": re.compile(r"/\*|//|\"|'|`|/|\{|\}"),
}
_QUOTED = {q: re.compile(q + r"(?:[^" + q + r"\\\n]|\\[\s\S])*" + q + "?") for q in ("'", '"')}
_TEXT_BLOCK = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*(?:""")?')
_REGEX = re.compile(r"/(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[a-z]*")
# A "/" after these begins a regular expression literal, after anything else it divides.
_BEFORE_REGEX_CHARS = frozenset("(,=:[!&|?{};+-*%<>~^")
_BEFORE_REGEX_WORDS = frozenset(
    "return typeof instanceof in of new delete void throw case do else yield await".split()
)
_NOT_NEWLINE = re.compile(r"[^\n]")
_WORD_BEFORE = re.compile(r"[\w$]+$")
_BRACE = re.compile(r"[{}]")


@dataclasses.dataclass(frozen=True)
class Comment:
    """A comment's span in the source (``end`` is past its last character)."""

    start: int
    end: int
    doc: bool  # a ``/** ... */`` doc comment (Javadoc, JSDoc)


@dataclasses.dataclass(frozen=True)
class Scanned:
    """A source's code with every comment and literal turned to spaces, its comments in order, the source itself
    (line ends made ``\\n``: every offset here is into it) and where each ``{`` of the code closes."""

    code: str
    comments: tuple[Comment, ...]
    text: str
    closes: dict[int, int] = dataclasses.field(hash=False, compare=False)


def scan(text: str, language: str) -> Scanned:
    """Blank the comments and literals of ``text`` (``language``: "java" or "javascript")."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    openers = _OPENERS[language]
    pieces: list[str] = []
    comments: list[Comment] = []
    templates: list[int] = []  # for each open template's ``${``, the depth of braces inside it
    pos = 0
    while (found := openers.search(text, pos)) is not None:
        start, token = found.start(), found.group()
        if token in "{}":
            end = start + 1
            if templates and token == "{":
                templates[-1] += 1
            elif templates and token == "}":
                if templates[-1] == 0:  # the ``}`` of ``${``: the template literal goes on
                    templates.pop()
                    end = _template_end(text, end, templates)
                    pieces += [text[pos:start], _blank(text[start:end])]
                    pos = end
                    continue
                templates[-1] -= 1
            pieces.append(text[pos:end])
            pos = end
            continue
        if token == "/*":
            close = text.find("*/", start + 2)
            end = len(text) if close < 0 else close + 2
            comments.append(Comment(start, end, text.startswith("/**", start) and not text.startswith("/**/", start)))
        elif token == "//":
            close = text.find("\n", start)
            end = len(text) if close < 0 else close
            comments.append(Comment(start, end, False))
        elif token == '"""':
            end = _TEXT_BLOCK.match(text, start).end()
        elif token in "'\"":
            end = _QUOTED[token].match(text, start).end()
        elif token == "`":
            end = _template_end(text, start + 1, templates)
        else:  # "/" in JavaScript: a regular expression literal or a division
            literal = _REGEX.match(text, start) if _regex_may_start(text, start) else None
            if literal is None:
                pieces.append(text[pos : start + 1])
                pos = start + 1
                continue
            end = literal.end()
        pieces += [text[pos:start], _blank(text[start:end])]
        pos = end
    pieces.append(text[pos:])
    code = "".join(pieces)
    return Scanned(code, tuple(comments), text, closing_braces(code))


def _template_end(text: str, pos: int, templates: list[int]) -> int:
    """Where a template literal's text that starts at ``pos`` stops: past its closing backtick, or past a ``${``."""
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
        elif char == "`":
            return pos + 1
        elif text.startswith("${", pos):
            templates.append(0)
            return pos + 2
        else:
            pos += 1
    return len(text)


def _regex_may_start(text: str, slash: int) -> bool:
    """True when a ``/`` at ``slash`` is where an expression may begin (so it opens a regular expression)."""
    before = text[:slash].rstrip()
    if not before:
        return True
    if before[-1] in _BEFORE_REGEX_CHARS:
        return True
    word = _WORD_BEFORE.search(before[-12:])
    return word is not None and word.group() in _BEFORE_REGEX_WORDS


def _blank(text: str) -> str:
    return _NOT_NEWLINE.sub(" ", text)


def closing_braces(code: str) -> dict[int, int]:
    """For each ``{`` of blanked ``code``, the offset of the ``}`` that closes it (unclosed ones are left out)."""
    closes: dict[int, int] = {}
    open_at: list[int] = []
    for brace in _BRACE.finditer(code):
        if brace.group() == "{":
            open_at.append(brace.start())
        elif open_at:
            closes[open_at.pop()] = brace.start()
    return closes


def dedent(text: str, width: int, *, partial_first: bool = False) -> str:
    """``text`` with up to ``width`` spaces or tabs taken from the start of each line (not the first, if partial)."""
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines):
        if number == 0 and partial_first:
            out.append(line)
            continue
        stripped = len(line) - len(line.lstrip(" \t"))
        out.append(line[min(stripped, width) :])
    return "\n".join(out)


def line_start(text: str, offset: int) -> int:
    """The offset of the start of the line holding ``offset``."""
    return text.rfind("\n", 0, offset) + 1
