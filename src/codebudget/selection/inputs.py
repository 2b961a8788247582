"""Shared inputs for behaviour voting, and the pluggable sources they come from.

An input is a :class:`Probe`: a call of the task's entry point (Python source,
evaluated in the candidate's namespace) and the statements it needs first.
Every candidate of a task runs on the same probes, so their outputs can be
compared. A source turns a :class:`~codebudget.records.Problem` into probes;
the built-in ``public-args`` source reuses the calls of the public tests (the
docstring examples). A source of model-generated inputs only has to satisfy
:class:`InputSource` and be registered with :func:`register_source`.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
from typing import Protocol

from codebudget.benchmarks.pysource import parse
from codebudget.errors import CodebudgetError
from codebudget.records import Problem


@dataclasses.dataclass(frozen=True)
class Probe:
    """One shared input: ``prelude`` statements (may be empty), then the expression ``call``."""

    call: str
    prelude: str = ""

    @property
    def source(self) -> str:
        """The probe as one text (its identity in the store)."""
        return f"{self.prelude}\n{self.call}" if self.prelude else self.call

    @property
    def sha256(self) -> str:
        """The digest of :attr:`source`."""
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()


class InputSource(Protocol):
    """Where a task's shared inputs come from."""

    name: str

    def inputs(self, problem: Problem) -> tuple[Probe, ...]:
        """The probes every candidate of ``problem`` runs on (distinct, in a fixed order)."""
        ...


@dataclasses.dataclass(frozen=True)
class PublicArguments:
    """The entry-point calls of the public tests: the docstring examples' arguments, without their answers.

    At most ``limit`` distinct probes, in the order of the public tests.
    """

    name: str = "public-args"
    limit: int = 16

    def inputs(self, problem: Problem) -> tuple[Probe, ...]:
        """One probe per public test that calls the entry point."""
        found = (entry_call(test, problem.entry_point) for test in problem.public_tests)
        return tuple(dict.fromkeys(p for p in found if p is not None))[: self.limit]


def entry_call(snippet: str, entry_point: str) -> Probe | None:
    """The first call of ``entry_point`` in a test snippet, with the statements before it.

    The outermost call wins (``f(f(1))`` gives ``f(f(1))``); a snippet that
    does not parse or never calls the entry point gives None.
    """
    tree = parse(snippet)
    for position, statement in enumerate(tree.body if tree is not None else ()):
        call = _first_call(statement, entry_point)
        if call is not None:
            prelude = "\n".join(ast.unparse(s) for s in tree.body[:position])  # type: ignore[union-attr]
            return Probe(ast.unparse(call), prelude)
    return None


def _first_call(node: ast.AST, name: str) -> ast.Call | None:
    for child in ast.walk(node):  # breadth first: outer calls before inner ones
        if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id == name:
            return child
    return None


class UnknownSource(CodebudgetError):
    """No input source of that name is registered."""


SOURCES: dict[str, InputSource] = {}


def register_source(source: InputSource) -> InputSource:
    """Make ``source`` available under its name; return it."""
    SOURCES[source.name] = source
    return source


def get_source(name: str) -> InputSource:
    """The registered input source called ``name``."""
    try:
        return SOURCES[name]
    except KeyError:
        raise UnknownSource(f"unknown input source {name!r}; known: {', '.join(sorted(SOURCES))}") from None


PUBLIC_ARGUMENTS = register_source(PublicArguments())
