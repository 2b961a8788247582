"""Examples written in prose inside a docstring.

Three forms are read, all with literal arguments only (``is_happy(a) => False``
names a variable nobody defined, so it is not a test):

* a call of the entry point followed by an arrow and a value:
  ``f(1, 2) == 3``, ``f(1) ➞ True``, ``f(1) => [1]``, ``f(1) -> 2``, ``f(1) = 2``,
  ``f(1) # returns "x"``, ``f(1) returns 'x'``, ``f(1) should return 16.``
  (optionally after ``*``, ``-``, ``for`` or ``assert``; the call may span lines);
* ``For lst = [1, 2] the output should be 3`` (the names are the parameters);
* ``Input: arr = [1, 2], k = 1`` (or a bare value for a one-parameter function)
  followed by ``Output: [2]``.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from typing import Any

from codebudget import pyast
from codebudget.benchmarks import checks
from codebudget.benchmarks.literals import MISSING, expected_value, is_literal_node
from codebudget.benchmarks.pysource import parameters

_SEPARATOR = re.compile(
    r"^\s*(?:==>|=>|==|➞|->|→|=|#\s*=>|#\s*returns|returns|should\s+return|should\s+be)\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
_FOR = re.compile(
    r"^\s*(?:[*\-•]\s*)?(?:examples?:?\s*)?for\s+(?P<args>.+?)\s*,?\s+the\s+(?:output|result)\s+"
    r"should\s+be\s+(?P<value>.+?)\s*$",
    re.IGNORECASE,
)
_INPUT = re.compile(r"^\s*Input\s*:\s*(?P<args>.*)$", re.IGNORECASE)
_OUTPUT = re.compile(r"^\s*Output\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_MAX_CALL = 2000  # characters a call may span


@dataclasses.dataclass(frozen=True)
class Signature:
    """The entry point's name and positional parameters."""

    name: str
    params: tuple[str, ...]
    required: int

    @classmethod
    def of(cls, function: ast.FunctionDef | ast.AsyncFunctionDef) -> Signature:
        """The signature of a parsed function."""
        params, required = parameters(function)
        return cls(function.name, params, required)

    def call(self, values: list[Any]) -> str:
        """Source of a call with the given positional argument values."""
        return f"{self.name}({', '.join(repr(v) for v in values)})"


@dataclasses.dataclass(frozen=True)
class ProseExamples:
    """Tests read from prose, and (text, reason) for the examples that could not be read."""

    tests: tuple[str, ...]
    rejected: tuple[tuple[str, str], ...]


def prose_examples(doc: str, signature: Signature) -> ProseExamples:
    """Every prose example of ``signature``'s function in ``doc``, in order of appearance."""
    found: list[tuple[int, str | None, str, str]] = []  # (position, test, text, reason)
    for reader in (_call_examples, _for_examples, _input_output_examples):
        found.extend(reader(doc, signature))
    found.sort(key=lambda item: item[0])
    tests = tuple(test for _, test, _, _ in found if test is not None)
    rejected = tuple((text, reason) for _, test, text, reason in found if test is None)
    return ProseExamples(tests=tests, rejected=rejected)


def _call_examples(doc: str, sig: Signature) -> list[tuple[int, str | None, str, str]]:
    start = re.compile(
        rf"^[ \t]*(?:[*\-•][ \t]*)?(?:(?i:for|assert)[ \t]+)?(?={re.escape(sig.name)}[ \t]*\()", re.MULTILINE
    )
    results = []
    for match in start.finditer(doc):
        line = doc[match.start() : _line_end(doc, match.end())].strip()
        test, reason = _call_example(doc, match.end(), sig)
        results.append((match.start(), test, line, reason))
    return results


def _call_example(doc: str, begin: int, sig: Signature) -> tuple[str | None, str]:
    parsed = _parse_call(doc, begin, sig.name)
    if parsed is None:
        return None, "the call cannot be parsed"
    call, end = parsed
    if not all(is_literal_node(arg) for arg in (*call.args, *(k.value for k in call.keywords))):
        return None, "the arguments are not literals"
    separator = _SEPARATOR.match(doc[end : _line_end(doc, end)])
    if separator is None:
        return None, "no expected value after the call"
    value = expected_value(separator.group("value"))
    if value is MISSING:
        return None, "the expected value is not a literal"
    return checks.equals(ast.unparse(call), value), ""


def _parse_call(doc: str, begin: int, name: str) -> tuple[ast.Call, int] | None:
    """The call that starts at ``doc[begin]``: the shortest text up to a ``)`` that parses."""
    limit = min(len(doc), begin + _MAX_CALL)
    end = doc.find(")", begin, limit)
    while end != -1:
        try:
            node = pyast.parse(doc[begin : end + 1].strip(), mode="eval").body
        except SyntaxError:
            end = doc.find(")", end + 1, limit)
            continue
        is_call = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name
        return (node, end + 1) if is_call else None  # type: ignore[return-value]
    return None


def _for_examples(doc: str, sig: Signature) -> list[tuple[int, str | None, str, str]]:
    results = []
    for position, line in _lines(doc):
        match = _FOR.match(line)
        if match:
            test, reason = _assigned_example(match.group("args"), match.group("value"), sig)
            results.append((position, test, line.strip(), reason))
    return results


def _input_output_examples(doc: str, sig: Signature) -> list[tuple[int, str | None, str, str]]:
    results = []
    lines = _lines(doc)
    for index, (position, line) in enumerate(lines):
        match = _INPUT.match(line)
        if not match:
            continue
        args, value = _input_block(lines[index + 1 :], match.group("args"))
        text = f"Input: {args} Output: {value}" if value is not None else line.strip()
        if value is None:
            results.append((position, None, text, "an Input without an Output"))
            continue
        test, reason = _assigned_example(args, value, sig, positional_ok=True)
        results.append((position, test, text, reason))
    return results


def _input_block(rest: list[tuple[int, str]], first: str) -> tuple[str, str | None]:
    parts = [first.strip()]
    for _, line in rest:
        output = _OUTPUT.match(line)
        if output:
            return " ".join(p for p in parts if p), output.group("value")
        if _INPUT.match(line) or not line.strip():
            break
        parts.append(line.strip())
    return " ".join(p for p in parts if p), None


def _assigned_example(args: str, value_text: str, sig: Signature, *, positional_ok: bool = False) -> tuple[str | None, str]:
    values = _keyword_values(args, sig)
    if values is None and positional_ok and len(sig.params) == 1:
        node = _expression(args)
        values = [ast.literal_eval(node)] if node is not None and is_literal_node(node) else None
    if values is None:
        return None, "the inputs do not match the parameters"
    value = expected_value(value_text)
    if value is MISSING:
        return None, "the expected value is not a literal"
    return checks.equals(sig.call(values), value), ""


def _keyword_values(args: str, sig: Signature) -> list[Any] | None:
    """``a = 1, b = [2]`` as positional values, trying shorter comma-ended prefixes too."""
    ends = [len(args), *(i for i in range(len(args) - 1, 0, -1) if args[i] == ",")]
    for end in ends:
        node = _expression(f"_({args[:end]})")
        if isinstance(node, ast.Call) and not node.args and node.keywords:
            names = [k.arg for k in node.keywords]
            if names == list(sig.params[: len(names)]) and len(names) >= sig.required:
                if all(is_literal_node(k.value) for k in node.keywords):
                    return [ast.literal_eval(k.value) for k in node.keywords]
    return None


def _expression(text: str) -> ast.expr | None:
    try:
        return pyast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return None


def _lines(doc: str) -> list[tuple[int, str]]:
    positions, offset = [], 0
    for line in doc.splitlines(keepends=True):
        positions.append((offset, line.rstrip("\n")))
        offset += len(line)
    return positions


def _line_end(doc: str, position: int) -> int:
    end = doc.find("\n", position)
    return len(doc) if end == -1 else end
