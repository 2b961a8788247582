"""Does a request ask for code, and with what budget?

A request runs the budgeted pipeline when it asks for it, or when it holds a function
stub to complete:

- asked for: a model name with options after colons (``qwen2.5-coder-0.5b:budget=30s``,
  ``…:n=3:k=1``), or a body field ``"codebudget": {"budget": "30s", "n": 3, "k": 1}``
  (``"codebudget": true`` for the server's defaults, ``false`` to pass the request through);
- found: a completion prompt that ends with a function stub (a signature and docstring,
  :mod:`codebudget.solve.stub`), or a chat whose last user message holds one (in a
  ```python fence, or as the whole message).

Anything else passes through to the model unchanged.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from typing import Any

from codebudget import pyast
from codebudget.errors import CodebudgetError
from codebudget.solve.stub import Stub, find_stub, is_stub

FENCE = re.compile(r"```(?:python|py)?[ \t]*\n(.*?)(?:```|\Z)", re.S)


class BadRequest(CodebudgetError):
    """The request's own fault: answered with HTTP 400 and this message."""


@dataclasses.dataclass(frozen=True)
class CodeAsk:
    """What a request asks of the budgeted pipeline (None: the server's default)."""

    budget_s: float | None = None
    n: int | None = None
    k: int | None = None


def _seconds(text: str) -> float:
    from codebudget.budget_text import parse_budget

    return parse_budget(str(text))


def _ask(options: dict[str, Any], where: str) -> CodeAsk:
    unknown = set(options) - {"budget", "n", "k"}
    if unknown:
        raise BadRequest(f"{where}: unknown option {sorted(unknown)[0]!r} (budget, n and k are known)")
    try:
        budget = _seconds(options["budget"]) if options.get("budget") not in (None, "") else None
        n = int(options["n"]) if options.get("n") not in (None, "") else None
        k = int(options["k"]) if options.get("k") not in (None, "") else None
    except (CodebudgetError, ValueError, TypeError) as error:
        raise BadRequest(f"{where}: {error}") from None
    if (n is not None and not 1 <= n <= 64) or (k is not None and not 0 <= k <= 10):
        raise BadRequest(f"{where}: n must be 1–64 and k 0–10")
    return CodeAsk(budget, n, k)


def split_model(name: str) -> tuple[str, CodeAsk | None]:
    """(the model's name, what its suffix asks), e.g. ``"m:budget=30s"`` → ``("m", CodeAsk(30.0))``."""
    base, colon, rest = name.partition(":")
    if not colon or not re.fullmatch(r"[a-z]+=[^:=]+(?::[a-z]+=[^:=]+)*", rest):
        return name, None  # a colon of the name's own (an Ollama tag such as qwen2.5-coder:0.5b)
    options = dict(part.split("=", 1) for part in rest.split(":"))
    return base, _ask(options, f"model {name!r}")


def body_ask(body: dict[str, Any]) -> CodeAsk | bool | None:
    """What the body's ``codebudget`` field asks: options, True/False, or None when it has none."""
    value = body.get("codebudget")
    if value is None or isinstance(value, bool):
        return value
    if not isinstance(value, dict):
        raise BadRequest("the codebudget field must be true, false or an object with budget, n and k")
    return _ask(value, "codebudget")


def stub_at_end(text: str, origin: str) -> Stub | None:
    """The stub that ``text`` ends with (only blank lines after it); None when there is none."""
    try:
        tree = pyast.parse(text)
    except SyntaxError:
        return None
    functions = [node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if not functions or not is_stub(functions[-1]) or tree.body[-1] is not functions[-1]:
        return None
    try:
        return find_stub(text, origin, functions[-1].name)
    except CodebudgetError:
        return None


def stub_in_message(content: str) -> Stub | None:
    """The stub in a chat message: in its last ```python fence, or the whole message."""
    blocks = FENCE.findall(content)
    for code in (*reversed(blocks), content):
        found = stub_at_end(code.strip("\n") + "\n", "<request>")
        if found is not None:
            return found
    return None
