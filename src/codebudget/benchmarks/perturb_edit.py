"""Edits of a HumanEval prompt's surface that keep its meaning: other names, other example inputs, another order.

Pure text work; nothing runs here. :func:`units` finds the docstring examples that read
as tests and can be rewritten (a doctest call, a prose call ``f(1) ➞ 2``,
``For x = 1 the output should be 2``, an ``Input:``/``Output:`` pair);
:func:`input_candidates` proposes inputs near an example's, :func:`with_inputs` writes
new inputs and outputs into the examples, :func:`reorder` shuffles adjacent examples,
:func:`choose_names` and :func:`rename` give the entry point and its arguments other
names in code, docstring and comments. :mod:`codebudget.benchmarks.perturbed` runs the
canonical solution for the new outputs and builds the benchmark.
"""

from __future__ import annotations

import ast
import builtins
import copy
import dataclasses
import decimal
import doctest
import io
import keyword
import random
import re
import sys
import tokenize
from typing import Any

from codebudget import pyast
from codebudget.benchmarks.literals import MISSING, is_literal_node, literal
from codebudget.benchmarks.pysource import find_function, parameters, parse

# Common words of HumanEval's names and a synonym of each (alternatives in order). A name
# is split into words (snake_case or camelCase) and each word with an entry is replaced.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "add": ("total",), "algebra": ("arithmetic",), "area": ("surface",), "arr": ("values", "items"),
    "arrange": ("order",), "array": ("sequence",), "avg": ("mean",), "base": ("radix",), "below": ("under",),
    "binary": ("bits",), "bored": ("weary",), "bracketing": ("nesting",), "brackets": ("bracket_text",),
    "capacity": ("volume",), "car": ("vehicle",), "char": ("character",), "characters": ("chars",),
    "check": ("verify",), "choose": ("pick",), "circular": ("cyclic",), "close": ("near",),
    "closest": ("nearest",), "collision": ("crash",), "common": ("shared",), "compare": ("contrast",),
    "concatenate": ("join", "combine"), "correct": ("proper",), "count": ("tally",), "cyclic": ("rotated",),
    "decode": ("decipher",), "delete": ("remove",), "delimeter": ("separator",), "derivative": ("differential",),
    "deviation": ("spread",), "dict": ("mapping",), "difference": ("gap",), "digits": ("numerals",),
    "distinct": ("unique",), "distribution": ("allocation",), "divisor": ("factor",), "duplicates": ("repeats",),
    "eat": ("consume",), "element": ("item",), "elements": ("items",), "encode": ("encipher",),
    "encrypt": ("cipher",), "ends": ("finishes",), "exchange": ("interchange",), "extension": ("addon",),
    "extensions": ("addons",), "factor": ("divisor",), "factorize": ("decompose",), "filter": ("select",),
    "find": ("locate",), "fix": ("repair",), "flip": ("swap",), "game": ("scores",), "generate": ("produce",),
    "get": ("fetch",), "grade": ("mark",), "grades": ("marks",), "greatest": ("largest",), "grid": ("matrix",),
    "groups": ("clusters",), "guess": ("estimate",), "has": ("contains",), "histogram": ("frequencies",),
    "incr": ("increment",), "intersection": ("overlap",), "intersperse": ("interleave",),
    "interval1": ("span1",), "interval2": ("span2",), "iscube": ("is_cube",), "largest": ("biggest",),
    "last": ("final",), "length": ("size",), "longest": ("lengthiest",), "lst": ("items", "values"),
    "lst1": ("items1",), "lst2": ("items2",), "make": ("build",), "match": ("pair",), "maximum": ("top",),
    "mean": ("average",), "median": ("middle",), "message": ("text",), "mini": ("small",),
    "fib4": ("fib_four",), "modp": ("power_mod",), "monotonic": ("ordered",), "move": ("shift",),
    "multiply": ("product", "times"),
    "music": ("song",), "name": ("label",), "need": ("want",), "nested": ("deep",), "num": ("value",),
    "number": ("amount", "value"), "numbers": ("values",), "nums": ("values", "items"), "operand": ("term",),
    "operations": ("transactions",), "operator": ("symbol",), "order": ("arrange",), "pairs": ("couples",),
    "paren": ("bracket",), "parens": ("brackets",), "parse": ("read",), "path": ("route",), "pile": ("stack",),
    "planet1": ("world1",), "planet2": ("world2",), "pluck": ("pick",), "prefix": ("beginning",),
    "prefixes": ("beginnings",), "prod": ("product",), "remaining": ("leftover",), "remove": ("drop",),
    "rescale": ("normalize",), "reverse": ("invert",), "rolling": ("running",), "row": ("line",),
    "search": ("seek",), "select": ("choose",), "sentence": ("phrase",), "separate": ("split",),
    "sequence": ("series",), "shift": ("rotate",), "simplify": ("reduce",), "smallest": ("least",),
    "solution": ("answer",), "solve": ("resolve",), "sort": ("order",), "sorted": ("ordered",),
    "spaces": ("blanks",), "split": ("divide",), "starts": ("begins",), "strange": ("weird",),
    "string": ("text",), "strings": ("texts",), "strlen": ("text_length",), "substring": ("fragment",),
    "sum": ("total",), "test": ("sample",), "text": ("content",), "threshold": ("limit",),
    "times": ("occurrences",), "total": ("overall",), "triples": ("triplets",), "truncate": ("trim",),
    "txt": ("phrase",), "unique": ("distinct",), "upper": ("capital",), "valid": ("legal",),
    "value": ("quantity",), "values": ("items",), "word": ("term",), "words": ("terms",),
}  # fmt: skip
# A lone argument of one or two letters (several of them get ordinals: first, second, ...).
SHORT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "a": ("num",), "h": ("height",), "k": ("count",), "l": ("items",), "n": ("num",), "p": ("modulus",),
    "s": ("text",), "t": ("limit",), "x": ("value",), "xs": ("coeffs",),
}  # fmt: skip
ORDINALS = ("first", "second", "third", "fourth")
SHORT = 2  # argument names this long or shorter are not renamed in prose
RESERVED = frozenset(dir(builtins)) | frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(
    sys.stdlib_module_names
)

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUOTED = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*\"""")
_CALL_HEAD = re.compile(r"[ \t]*(?:[*\-•][ \t]*)?(?:(?:for|assert)[ \t]+)?", re.IGNORECASE)
_DOCTEST_HEAD = re.compile(r"[ \t]*>>>[ \t]*")
_SEPARATOR = re.compile(
    r"\s*(?:==>|=>|==|➞|->|→|=|#\s*=>|#\s*returns|returns|should\s+return|should\s+be)\s*(?=\S)", re.IGNORECASE
)
_FOR = re.compile(
    r"^[ \t]*(?:[*\-•][ \t]*)?(?:examples?:?[ \t]*)?for[ \t]+(?P<args>.+?)[ \t]*,?[ \t]+the[ \t]+(?:output|result)"
    r"[ \t]+should[ \t]+be[ \t]+(?P<value>.+?)[ \t]*$",
    re.IGNORECASE,
)
_INPUT = re.compile(r"^[ \t]*Input[ \t]*:[ \t]*(?P<args>\S.*?)[ \t]*$", re.IGNORECASE)
_OUTPUT = re.compile(r"^[ \t]*Output[ \t]*:[ \t]*(?P<value>\S.*?)[ \t]*$", re.IGNORECASE)

Span = tuple[int, int, int]  # line (0-based), start, end (characters)
Edit = tuple[int, int, int, str]  # a span and its new text


@dataclasses.dataclass(frozen=True)
class Unit:
    """One docstring example that reads as a test and can be rewritten, as it is written.

    ``form`` is ``doctest``, ``call`` (a prose call), ``for`` or ``io``; ``names`` are the
    parameter names written before the arguments (``For lst = [1]``), empty otherwise.
    ``editable`` is false when text right after the example explains its values or
    the example is part of the function's definition (``fib4(0) -> 0``).
    """

    form: str
    first: int
    last: int
    args: tuple[Any, ...]
    value: Any
    args_at: Span
    value_at: Span
    names: tuple[str, ...] = ()
    editable: bool = True


@dataclasses.dataclass(frozen=True)
class Renaming:
    """New names for the entry point and for some of its arguments (``(old, new)`` pairs)."""

    entry: str
    new_entry: str
    args: tuple[tuple[str, str], ...] = ()


# ---------------------------------------------------------------- examples


def units(source: str, entry: str) -> tuple[Unit, ...]:
    """The rewritable examples in the docstring of ``entry`` in ``source``, in order."""
    return _scan(source, entry)[0]


def example_lines(source: str, entry: str) -> frozenset[int]:
    """Docstring lines (0-based) that hold code rather than prose: doctests and example calls."""
    return _scan(source, entry)[1]


def _scan(source: str, entry: str) -> tuple[tuple[Unit, ...], frozenset[int]]:
    tree = parse(source)
    function = find_function(tree, entry) if tree is not None else None
    node = _docstring_node(function) if function is not None else None
    if function is None or node is None or node.end_lineno is None:
        return (), frozenset()
    lines = source.split("\n")
    inner = range(node.lineno, node.end_lineno - 1)
    params, required = parameters(function)
    used, found = _doctest_units(lines, inner, entry)
    calls, formulas = set(), set()  # prose calls of the entry point; those whose arguments are not literals
    for index in inner:
        if index in used:
            continue
        head = _CALL_HEAD.match(lines[index])
        if head and re.match(rf"{re.escape(entry)}[ \t]*\(", lines[index][head.end() :]):
            calls.add(index)
            if _call_at(lines[index], head.end(), entry) is None:
                formulas.add(index)
        unit = _call_unit(lines, index, entry) or _for_unit(lines, index, params, required)
        unit = unit or _io_unit(lines, index, inner, params, required)
        if unit is not None:
            found.append(unit)
    found.sort(key=lambda unit: unit.first)
    starts = {unit.first for unit in found}
    examples = {i for unit in found for i in range(unit.first, unit.last + 1)}
    code = used | calls | examples
    definitions = _definitions(calls, formulas)
    alone = [
        dataclasses.replace(u, editable=_alone(lines, u, inner, starts) and u.first not in definitions) for u in found
    ]
    return tuple(alone), frozenset(code)


def _definitions(calls: set[int], formulas: set[int]) -> set[int]:
    """Lines of runs of prose calls of the entry point that hold one on non-literal arguments.

    ``fib4(0) -> 0`` above ``fib4(n) -> fib4(n-1) + ...`` defines the function; it is
    not an example to move or give another input.
    """
    found: set[int] = set()
    run: list[int] = []
    for index in sorted(calls) + [-2]:
        if run and index != run[-1] + 1:
            if formulas & set(run):
                found.update(run)
            run = []
        run.append(index)
    return found


def _docstring_node(owner: ast.AST) -> ast.Constant | None:
    """The docstring constant of a function or module, also after leading statements (HumanEval/115)."""
    for statement in getattr(owner, "body", []):
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            if isinstance(statement.value.value, str):
                return statement.value
    return None


def _doctest_units(lines: list[str], inner: range, entry: str) -> tuple[set[int], list[Unit]]:
    """The lines doctests use, and their units (none when a doctest is a statement others may need)."""
    try:
        examples = doctest.DocTestParser().get_examples("\n".join(lines[i] for i in inner))
    except ValueError:
        return set(), []
    used: set[int] = set()
    found: list[Unit] = []
    statements = False
    for example in examples:
        first = inner.start + example.lineno
        sources, wants = example.source.count("\n"), example.want.count("\n")
        used.update(range(first, first + sources + wants))
        tree = parse(example.source)
        statements |= tree is None or len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr)
        if sources == 1 and wants == 1:
            unit = _doctest_unit(lines, first, entry)
            if unit is not None:
                found.append(unit)
    return used, [] if statements else found


def _doctest_unit(lines: list[str], index: int, entry: str) -> Unit | None:
    line, want = lines[index], lines[index + 1]
    head = _DOCTEST_HEAD.match(line)
    call = _call_at(line, head.end(), entry) if head else None
    if call is None or line[call[3] :].strip():
        return None
    text = want.strip()
    value = literal(text)
    if value is MISSING:
        return None
    start = len(want) - len(want.lstrip())
    value_at = (index + 1, start, start + len(text))
    return Unit("doctest", index, index + 1, call[0], value, (index, call[1], call[2]), value_at)


def _call_unit(lines: list[str], index: int, entry: str) -> Unit | None:
    line = lines[index]
    head = _CALL_HEAD.match(line)
    call = _call_at(line, head.end(), entry) if head else None
    if call is None:
        return None
    separator = _SEPARATOR.match(line, call[3])
    found = _value_at(line, separator.end()) if separator else None
    if found is None:
        return None
    value, start, end = found
    return Unit("call", index, index, call[0], value, (index, call[1], call[2]), (index, start, end))


def _for_unit(lines: list[str], index: int, params: tuple[str, ...], required: int) -> Unit | None:
    match = _FOR.match(lines[index])
    named = _named(match.group("args"), params, required) if match else None
    found = _value_at(lines[index], match.start("value")) if match and named else None
    if match is None or named is None or found is None:
        return None
    value, start, end = found
    args_at = (index, match.start("args"), match.end("args"))
    return Unit("for", index, index, named[1], value, args_at, (index, start, end), names=named[0])


def _io_unit(lines: list[str], index: int, inner: range, params: tuple[str, ...], required: int) -> Unit | None:
    match = _INPUT.match(lines[index])
    output = _OUTPUT.match(lines[index + 1]) if match and index + 1 in inner else None
    if match is None or output is None:
        return None
    text = match.group("args")
    named = _named(text, params, required)
    if named is None and len(params) == 1 and literal(text) is not MISSING:
        named = ((), (literal(text),))
    found = _value_at(lines[index + 1], output.start("value"))
    if named is None or found is None:
        return None
    value, start, end = found
    args_at = (index, match.start("args"), match.end("args"))
    return Unit("io", index, index + 1, named[1], value, args_at, (index + 1, start, end), names=named[0])


def _call_at(line: str, position: int, entry: str) -> tuple[tuple[Any, ...], int, int, int] | None:
    """``entry(literal, ...)`` starting at ``line[position]``: its argument values, the arguments' span, its end."""
    opening = re.compile(rf"{re.escape(entry)}[ \t]*\(").match(line, position)
    if opening is None:
        return None
    close = line.find(")", opening.end() - 1)
    while close != -1:
        try:
            node = pyast.parse(line[position : close + 1], mode="eval").body
        except (SyntaxError, ValueError):
            close = line.find(")", close + 1)
            continue
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == entry):
            return None
        if node.keywords or not all(is_literal_node(arg) for arg in node.args):
            return None
        return tuple(ast.literal_eval(arg) for arg in node.args), opening.end(), close, close + 1
    return None


def _named(text: str, params: tuple[str, ...], required: int) -> tuple[tuple[str, ...], tuple[Any, ...]] | None:
    """``a = 1, b = [2]`` naming the first parameters in order, as (names, values)."""
    try:
        node = pyast.parse(f"_({text})", mode="eval").body
    except (SyntaxError, ValueError):
        return None
    if not isinstance(node, ast.Call) or node.args or not node.keywords:
        return None
    names = tuple(str(k.arg) for k in node.keywords)
    if names != params[: len(names)] or len(names) < required:
        return None
    if not all(is_literal_node(k.value) for k in node.keywords):
        return None
    return names, tuple(ast.literal_eval(k.value) for k in node.keywords)


def _value_at(line: str, start: int) -> tuple[Any, int, int] | None:
    """The literal that is the rest of ``line`` from ``start`` (a final full stop ends the sentence)."""
    body = line[start:].rstrip()
    end = start + len(body)
    if _has_comment(body):  # ``24 # sum of 21 + 3`` explains the old input
        return None
    if body.endswith(".") and (value := literal(body[:-1])) is not MISSING:
        return value, start, end - 1
    value = literal(body)
    return None if value is MISSING else (value, start, end)


def _has_comment(text: str) -> bool:
    try:
        return any(token.type == tokenize.COMMENT for token in tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return "#" in text


def _alone(lines: list[str], unit: Unit, inner: range, starts: set[int]) -> bool:
    """True when the line after ``unit`` is blank, another example or the docstring's end."""
    after = unit.last + 1
    return after not in inner or not lines[after].strip() or after in starts


# ---------------------------------------------------------------- new inputs


def input_candidates(args: tuple[Any, ...], seed: str, count: int = 8) -> tuple[tuple[Any, ...], ...]:
    """Up to ``count`` argument tuples near ``args``, each with one argument changed a little.

    An integer moves by 1 to 3 (keeping its sign), a float by a few units of its last
    decimal, a string gets one letter or digit changed (to one the string already has
    of the same kind, never to a 0), a list one element changed, added or removed (a
    pair keeps its length), a tuple or a dict one element changed. Edge cases stay as
    they are (-1, 0, 1, lists of at most one element), lists of distinct values stay
    distinct, ascending tuples (intervals) stay ascending, 0/1 matrices stay 0/1 and
    permutations are not touched. Deterministic for a ``seed``.
    """
    rng = random.Random(seed)
    changeable = [i for i, arg in enumerate(args) if _changeable(arg) and not _edge(arg)]
    found: list[tuple[Any, ...]] = []
    for _ in range(count * 8):
        if not changeable or len(found) == count:
            break
        index = rng.choice(changeable)
        new = _near(args[index], rng)
        if new is MISSING or _same(new, args[index]) or not _keeps_shape(args[index], new):
            continue
        candidate = (*args[:index], new, *args[index + 1 :])
        if not any(_same(candidate, other) for other in found):
            found.append(candidate)
    return tuple(found)


def _edge(value: Any) -> bool:
    """An argument that is an edge case as it stands: -1, 0, 1, a list or tuple of at most one element."""
    if isinstance(value, (list, tuple)):
        return len(value) <= 1
    return type(value) is int and value in (-1, 0, 1)


def _changeable(value: Any) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float)):
        return _decimals(value) is not None if isinstance(value, float) else True
    if isinstance(value, str):
        return any(c.isascii() and c.isalnum() for c in value)
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, tuple):
        return any(_changeable(item) for item in value)
    if isinstance(value, dict):
        return any(_changeable(item) for item in value.values())
    return False


def _near(value: Any, rng: random.Random) -> Any:
    if isinstance(value, bool) or value is None:
        return MISSING
    if isinstance(value, int):
        return _near_int(value, rng)
    if isinstance(value, float):
        return _near_float(value, rng)
    if isinstance(value, str):
        return _near_str(value, rng)
    if isinstance(value, list):
        return _near_list(value, rng, resizable=True)
    if isinstance(value, tuple):
        items = _near_list(list(value), rng, resizable=False)
        return MISSING if items is MISSING else tuple(items)
    if isinstance(value, dict):
        keys = [key for key, item in value.items() if _changeable(item)]
        if not keys:
            return MISSING
        key = rng.choice(keys)
        item = _near(value[key], rng)
        return MISSING if item is MISSING else {**value, key: item}
    return MISSING


def _near_int(value: int, rng: random.Random) -> int:
    step = rng.choice((1, 2, 3))
    new = value + step if rng.random() < 0.5 else value - step
    if value > 0 and new < 1:
        new = value + step
    elif value < 0 and new > -1:
        new = value - step
    elif value == 0:
        new = step
    return new


def _decimals(value: float) -> int | None:
    text = repr(value)
    if "e" in text or "n" in text:  # 1e-05, inf, nan
        return None
    exponent = decimal.Decimal(text).as_tuple().exponent
    return min(3, max(1, -int(exponent)))


def _near_float(value: float, rng: random.Random) -> Any:
    places = _decimals(value)
    if places is None:
        return MISSING
    step = rng.choice((1, 2, 3, 5)) * 10.0**-places
    new = round(value + step if rng.random() < 0.5 else value - step, places)
    if (value > 0 and new <= 0) or value == 0:
        new = round(value + step, places)
    elif value < 0 and new >= 0:
        new = round(value - step, places)
    return new


def _kind(char: str) -> str:
    if not char.isascii():
        return ""
    return "lower" if char.islower() else "upper" if char.isupper() else "digit" if char.isdigit() else ""


def _near_str(text: str, rng: random.Random) -> Any:
    positions = [i for i, char in enumerate(text) if _kind(char)]
    if not positions:
        return MISSING
    index = rng.choice(positions)
    char = text[index]
    kin = sorted({c for c in text if _kind(c) == _kind(char) and c not in (char, "0")})  # a new 0 may divide by zero
    if kin:
        new = rng.choice(kin)
    elif char.isdigit():
        new = str(int(char) % 9 + 1)  # never a new 0
    else:
        base = ord("a") if char.islower() else ord("A")
        new = chr((ord(char) - base + 1) % 26 + base)
    return text[:index] + new + text[index + 1 :]


def _near_list(items: list[Any], rng: random.Random, *, resizable: bool) -> Any:
    resizable = resizable and len(items) != 2  # a pair is often what the task takes
    operation = rng.choice(("change", "change", "change", "add", "remove") if resizable else ("change",))
    if operation == "remove":
        if len(items) < 2:
            return MISSING
        index = rng.randrange(len(items))
        return items[:index] + items[index + 1 :]
    if operation == "add":
        if not items:
            return MISSING
        model = rng.choice(items)
        new = _near(model, rng) if _changeable(model) else model
        index = rng.randrange(len(items) + 1)
        return MISSING if new is MISSING else [*items[:index], new, *items[index:]]
    indices = [i for i, item in enumerate(items) if _changeable(item)]
    if not indices:
        return MISSING
    index = rng.choice(indices)
    binary = all(leaf in (0, 1) for leaf in _leaves(items)) and len(_leaves(items)) >= 3
    item = items[index]
    new = 1 - item if binary and isinstance(item, int) else _near(item, rng)
    return MISSING if new is MISSING else [*items[:index], new, *items[index + 1 :]]


def _keeps_shape(old: Any, new: Any) -> bool:
    """False when ``new`` breaks what ``old`` evidently promises.

    That is: distinct values, an ascending tuple (an interval), a 0/1 matrix, a permutation matrix.
    """
    if isinstance(old, (list, tuple)) and isinstance(new, type(old)):
        if _distinct(old) and not _distinct(new):
            return False
        if isinstance(old, tuple) and _ascending(old) and not _ascending(new):
            return False
        if _permutation(old) or (_binary(old) and not _binary(new)):
            return False
        if len(old) == len(new):
            return all(_keeps_shape(o, n) for o, n in zip(old, new))
    if isinstance(old, dict) and isinstance(new, dict):
        return all(_keeps_shape(old[key], new[key]) for key in old if key in new)
    return True


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def _distinct(items: Any) -> bool:
    atoms = [item for item in items if isinstance(item, (int, float, str)) and not isinstance(item, bool)]
    return len(items) >= 2 and len(atoms) == len(items) and len({repr(item) for item in atoms}) == len(atoms)


def _ascending(items: Any) -> bool:
    numbers = [item for item in items if isinstance(item, (int, float)) and not isinstance(item, bool)]
    return len(items) >= 2 and len(numbers) == len(items) and all(a <= b for a, b in zip(numbers, numbers[1:]))


def _binary(items: Any) -> bool:
    leaves = _leaves(items)
    return len(leaves) >= 3 and all(type(leaf) is int and leaf in (0, 1) for leaf in leaves)


def _permutation(items: Any) -> bool:
    """True for a matrix holding each number of 1..n (or 0..n-1) once."""
    leaves = _leaves(items)
    if not any(isinstance(item, (list, tuple)) for item in items) or not all(type(leaf) is int for leaf in leaves):
        return False
    return sorted(leaves) in (list(range(1, len(leaves) + 1)), list(range(len(leaves))))


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and render(a) == render(b)


def render(value: Any, *, double: bool = False) -> str:
    """``value`` as a Python literal; strings in double quotes where ``double`` and possible, sets sorted."""
    if isinstance(value, str):
        text = repr(value)
        return f'"{text[1:-1]}"' if double and text.startswith("'") and '"' not in value else text
    if isinstance(value, list):
        return "[" + ", ".join(render(item, double=double) for item in value) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(render(item, double=double) for item in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, dict):
        pairs = (f"{render(k, double=double)}: {render(v, double=double)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    if isinstance(value, (set, frozenset)) and value and type(value) is set:
        return "{" + ", ".join(sorted(render(item, double=double) for item in value)) + "}"
    return repr(value)


def with_inputs(source: str, entry: str, changes: dict[int, tuple[tuple[Any, ...], Any]]) -> str:
    """``source`` with example ``i`` of :func:`units` given the arguments and value ``changes[i]``.

    The writing follows the example's: its quotes, ``true``/``false`` in lower case,
    ``name = value`` where it names the parameters.
    """
    found = units(source, entry)
    lines = source.split("\n")
    edits: list[Edit] = []
    for index, (args, value) in changes.items():
        unit = found[index]
        args_text, value_text = _text(lines, unit.args_at), _text(lines, unit.value_at)
        new_value = render(value, double=_double(value_text))
        if isinstance(value, bool) and value_text in ("true", "false"):
            new_value = new_value.lower()
        edits.append((*unit.value_at, new_value))
        edits.append((*unit.args_at, _render_args(unit, args, _double(args_text))))
    return _apply(lines, edits)


def _render_args(unit: Unit, args: tuple[Any, ...], double: bool) -> str:
    if unit.form in ("for", "io") and unit.names:
        return ", ".join(f"{name} = {render(arg, double=double)}" for name, arg in zip(unit.names, args))
    return ", ".join(render(arg, double=double) for arg in args)


def _double(text: str) -> bool:
    return '"' in text and "'" not in text


def _text(lines: list[str], span: Span) -> str:
    return lines[span[0]][span[1] : span[2]]


def _apply(lines: list[str], edits: list[Edit]) -> str:
    """``lines`` with every edit made (edits must not overlap), joined."""
    lines = list(lines)
    done: dict[int, int] = {}
    for line, start, end, text in sorted(edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
        if end > done.get(line, len(lines[line]) + 1):
            raise ValueError(f"overlapping edits on line {line + 1}")
        lines[line] = lines[line][:start] + text + lines[line][end:]
        done[line] = start
    return "\n".join(lines)


# ---------------------------------------------------------------- order


def reorder(source: str, entry: str, seed: str) -> str:
    """``source`` with each run of adjacent examples of one form (blank lines between them at most) shuffled.

    Examples that define the function or have an explanation after them stay; a run of
    two or more examples always changes order. Deterministic for a ``seed``.
    """
    lines = source.split("\n")
    rng = random.Random(seed)
    for group in _groups(units(source, entry), lines):
        order = list(range(len(group)))
        rng.shuffle(order)
        if order == sorted(order):
            order = order[1:] + order[:1]
        blocks = [lines[unit.first : unit.last + 1] for unit in group]
        gaps = [lines[a.last + 1 : b.first] for a, b in zip(group, group[1:])]
        region: list[str] = []
        for position, index in enumerate(order):
            region += blocks[index] + (gaps[position] if position < len(gaps) else [])
        lines[group[0].first : group[-1].last + 1] = region
    return "\n".join(lines)


def _groups(found: tuple[Unit, ...], lines: list[str]) -> list[list[Unit]]:
    groups: list[list[Unit]] = []
    for unit in (unit for unit in found if unit.editable):
        previous = groups[-1][-1] if groups else None
        between = range(previous.last + 1, unit.first) if previous else range(0)
        if previous and previous.form == unit.form and all(not lines[i].strip() for i in between):
            groups[-1].append(unit)
        else:
            groups.append([unit])
    return [group for group in groups if len(group) > 1]


# ---------------------------------------------------------------- names


def choose_names(prompt: str, solution: str, test: str, entry: str) -> Renaming:
    """New names for the entry point and its arguments (the same for the same texts).

    Each word of a name with a synonym in :data:`SYNONYMS` is replaced; a name without
    one changes shape (snake_case to camelCase and back; a one-word function is
    capitalised; a one-word argument keeps its name). A new name is never a builtin, a
    keyword, a standard module or a word of the prompt, solution or test. An argument
    of one or two letters keeps its name when the docstring's prose names it (its
    letters there may be a word: ``a``), and then so do the other short ones.
    """
    tree = parse(prompt)
    function = find_function(tree, entry) if tree is not None else None
    if function is None:
        raise ValueError(f"the prompt does not define {entry}")
    taken = set(_WORD.findall(prompt + "\n" + solution + "\n" + test)) | RESERVED
    new_entry = _new_name(entry, taken, function=True) or entry
    taken.add(new_entry)
    names = _argument_names(function)
    shorts = [name for name in names if len(name) <= SHORT]
    prose = _prose(prompt, entry)
    if any(_whole(name).search(prose) for name in shorts):
        shorts = []  # rename all of them or none: (x, y, z) is not (value, y, third)
    args = []
    for name in names:
        if len(name) > SHORT:
            new = _new_name(name, taken, function=False)
        elif name in shorts:
            new = _short_name(name, shorts, taken)
        else:
            continue
        if new is not None:
            args.append((name, new))
            taken.add(new)
    return Renaming(entry, new_entry, tuple(args))


def _short_name(name: str, shorts: list[str], taken: set[str]) -> str | None:
    """A lone short argument's synonym, or the ordinal of one of several (``first``, ``second``)."""
    position = shorts.index(name)
    if len(shorts) > 1:
        options = [ORDINALS[position], f"{ORDINALS[position]}_{name.lower()}"] if position < len(ORDINALS) else []
    else:
        options = list(SHORT_SYNONYMS.get(name.lower(), ()))
    return next((option for option in options if option not in taken), None)


def _argument_names(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    arguments = function.args
    every = [*arguments.posonlyargs, *arguments.args, arguments.vararg, *arguments.kwonlyargs, arguments.kwarg]
    return [arg.arg for arg in every if arg is not None]


def _prose(source: str, entry: str) -> str:
    """The docstring of ``entry`` without its example lines."""
    tree = parse(source)
    function = find_function(tree, entry) if tree is not None else None
    node = _docstring_node(function) if function is not None else None
    if node is None or node.end_lineno is None:
        return ""
    code = example_lines(source, entry)
    lines = source.split("\n")
    return "\n".join(lines[i] for i in range(node.lineno - 1, node.end_lineno) if i not in code)


def _new_name(name: str, taken: set[str], *, function: bool) -> str | None:
    parts, style = _split(name)
    options = []
    for choice in range(3):
        words = [_synonym(part, choice) for part in parts]
        if any(word is not None for word in words):
            options.append(_join([word or part for word, part in zip(words, parts)], style))
    reshaped = _reshape(parts, style, function)
    options += [reshaped] if reshaped else []
    if function:  # a function always gets a new name
        options += [f"{option}_fn" for option in options[:1]] + [f"{name}_fn"]
    for option in options:
        if option.isidentifier() and option not in taken and option != name:
            return option
    return None


def _split(name: str) -> tuple[list[str], str]:
    if "_" in name.strip("_") and all(name.split("_")):
        return name.split("_"), "snake"
    parts = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", name)
    if len(parts) > 1 and "".join(parts) == name:
        return parts, "camel"
    return [name], "word"


def _synonym(part: str, choice: int) -> str | None:
    options = SYNONYMS.get(part.lower())
    if not options:
        return None
    word = options[min(choice, len(options) - 1)]
    if part.isupper() and len(part) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if part[:1].isupper() else word


def _join(parts: list[str], style: str) -> str:
    if style == "snake":
        return "_".join(parts)
    if style == "camel":
        words = ["".join(w[:1].upper() + w[1:] if i else w for i, w in enumerate(p.split("_"))) for p in parts]
        return words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])
    return parts[0]


def _reshape(parts: list[str], style: str, function: bool) -> str | None:
    if style == "snake":
        return _join(parts, "camel")
    if style == "camel":
        return "_".join(part.lower() for part in parts)
    return parts[0][:1].upper() + parts[0][1:] if function and parts[0][:1].islower() else None


def _whole(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9_]){re.escape(word)}(?![A-Za-z0-9_])")


def rename(source: str, renaming: Renaming) -> str:
    """``source`` with the entry point and its arguments renamed in code, docstrings and comments.

    The entry point's name changes everywhere (calls in helpers and tests too); an
    argument's name inside the entry point only: in code, in its docstring's examples
    (outside string literals) and, for names longer than two letters, in prose and
    comments as a whole word. Raises ``ValueError`` if the result is not the same
    program under the new names.
    """
    tree = pyast.parse(source)
    lines = source.split("\n")
    function = find_function(tree, renaming.entry)
    args = dict(renaming.args)
    edits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == renaming.entry:
            edits.append(_at(lines, node.lineno, node.col_offset, node.id, renaming.new_entry))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == renaming.entry:
            match = re.compile(rf"def\s+({re.escape(node.name)})\b").search(lines[node.lineno - 1])
            if match is None:
                raise ValueError(f"cannot find the definition of {node.name} on line {node.lineno}")
            edits.append((node.lineno - 1, match.start(1), match.end(1), renaming.new_entry))
    for node in ast.walk(function) if function is not None else ():
        if isinstance(node, ast.Name) and node.id in args:
            edits.append(_at(lines, node.lineno, node.col_offset, node.id, args[node.id]))
        elif isinstance(node, ast.arg) and node.arg in args:
            edits.append(_at(lines, node.lineno, node.col_offset, node.arg, args[node.arg]))
        elif isinstance(node, (ast.Global, ast.Nonlocal)) and set(node.names) & set(args):
            raise ValueError(f"cannot rename a name declared {type(node).__name__.lower()}")
    edits += _docstring_edits(source, lines, tree, function, renaming)
    edits += _comment_edits(source, function, renaming)
    result = _apply(lines, edits)
    if _shape(pyast.parse(result), None) != _shape(tree, renaming):
        raise ValueError(f"renaming {renaming.entry} changed the program")
    return result


def _at(lines: list[str], lineno: int, col: int, old: str, new: str) -> Edit:
    """The edit of the name ``old`` at a node's position (``col`` counts UTF-8 bytes)."""
    line = lines[lineno - 1]
    start = len(line.encode("utf-8")[:col].decode("utf-8", errors="replace"))
    if line[start : start + len(old)] != old:
        raise ValueError(f"expected {old!r} at line {lineno}, column {start}")
    return lineno - 1, start, start + len(old), new


def _docstring_edits(source: str, lines: list[str], tree: ast.Module, function: Any, renaming: Renaming) -> list[Edit]:
    code = example_lines(source, renaming.entry) if function is not None else frozenset()
    everywhere = {renaming.entry: renaming.new_entry}
    in_code = {**everywhere, **dict(renaming.args)}
    in_prose = {**everywhere, **{old: new for old, new in renaming.args if len(old) > SHORT}}
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    owners = [tree, *(node for node in ast.walk(tree) if isinstance(node, kinds))]
    edits = []
    for owner in owners:
        node = _docstring_node(owner)
        if node is None or node.end_lineno is None or node.end_col_offset is None:
            continue
        for index in range(node.lineno - 1, node.end_lineno):
            line = lines[index]
            start = _chars(line, node.col_offset) if index == node.lineno - 1 else 0
            end = _chars(line, node.end_col_offset) if index == node.end_lineno - 1 else len(line)
            text = line[start:end]
            if owner is not function:
                new = _replace(text, everywhere)
            elif index in code:
                new = _outside_quotes(text, in_code)
            else:
                new = _replace(text, in_prose)
            if new != text:
                edits.append((index, start, end, new))
    return edits


def _comment_edits(source: str, function: Any, renaming: Renaming) -> list[Edit]:
    inside = range(function.lineno, (function.end_lineno or function.lineno) + 1) if function is not None else range(0)
    words = {renaming.entry: renaming.new_entry}
    long_args = {old: new for old, new in renaming.args if len(old) > SHORT}
    edits = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return []
    for token in tokens:
        if token.type == tokenize.COMMENT:
            new = _replace(token.string, {**words, **long_args} if token.start[0] in inside else words)
            if new != token.string:
                edits.append((token.start[0] - 1, token.start[1], token.end[1], new))
    return edits


def _chars(line: str, col: int) -> int:
    return len(line.encode("utf-8")[:col].decode("utf-8", errors="replace"))


def _replace(text: str, words: dict[str, str]) -> str:
    if not words:
        return text
    names = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"(?<![A-Za-z0-9_])({names})(?![A-Za-z0-9_])")
    return pattern.sub(lambda match: words[match.group(1)], text)


def _outside_quotes(text: str, words: dict[str, str]) -> str:
    parts, position = [], 0
    for quoted in _QUOTED.finditer(text):
        parts += [_replace(text[position : quoted.start()], words), quoted.group()]
        position = quoted.end()
    return "".join(parts) + _replace(text[position:], words)


def _shape(tree: ast.Module, renaming: Renaming | None) -> str:
    """The program's syntax tree without string constants, with ``renaming`` applied as :func:`rename` does."""
    tree = copy.deepcopy(tree)
    inside: set[int] = set()
    if renaming is not None:
        function = find_function(tree, renaming.entry)
        inside = {id(node) for node in ast.walk(function)} if function is not None else set()
    args = dict(renaming.args) if renaming else {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = ""
        elif renaming is None:
            continue
        elif isinstance(node, ast.Name) and node.id == renaming.entry:
            node.id = renaming.new_entry
        elif isinstance(node, ast.Name) and id(node) in inside:
            node.id = args.get(node.id, node.id)
        elif isinstance(node, ast.arg) and id(node) in inside:
            node.arg = args.get(node.arg, node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == renaming.entry:
            node.name = renaming.new_entry
    return ast.dump(tree)
