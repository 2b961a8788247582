"""Shared inputs for behaviour voting, and the pluggable sources they come from.

An input is a :class:`Probe`: a call of the task's entry point (Python source,
evaluated in the candidate's namespace) and the statements it needs first.
Every candidate of a task runs on the same probes, so their outputs can be
compared. A source turns a :class:`~codebudget.records.Problem` into probes
and is registered with :func:`register_source`. Built in:

- ``public-args``: the calls of the public tests (the docstring examples);
- ``generated``: the calls of the model-generated asserts
  (:mod:`codebudget.evidence.generated`), without their expected values;
- ``public-args+generated``: both, public first, each probe once.

A source that reads generated tests says so with ``needs_tests = True``; the
registered instance holds none, and :func:`with_tests` gives one that does
(:func:`codebudget.evidence.evaluate` does this once the tests are made).
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
from typing import Mapping, Protocol

from codebudget.benchmarks.pysource import parse
from codebudget.errors import CodebudgetError
from codebudget.plugins import Registry
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


TaskKey = tuple[str, str]
Tests = Mapping[TaskKey, tuple[str, ...]]  # (benchmark, task id) -> generated asserts


class MissingTests(CodebudgetError):
    """A source of model-generated inputs was asked for inputs before it was given the tests."""


@dataclasses.dataclass(frozen=True)
class GeneratedArguments:
    """The entry-point calls of the model-generated asserts: the model's inputs, without its answers.

    At most ``limit`` distinct probes per task, in the order of the tests.
    """

    name: str = "generated"
    limit: int = 16
    tests: Tests | None = dataclasses.field(default=None, compare=False, repr=False)
    needs_tests: bool = True

    def with_tests(self, tests: Tests) -> GeneratedArguments:
        """This source reading ``tests``."""
        return dataclasses.replace(self, tests=tests)

    def inputs(self, problem: Problem) -> tuple[Probe, ...]:
        """One probe per generated assert that calls the entry point."""
        if self.tests is None:
            raise MissingTests(f"input source {self.name!r} needs model-generated tests (a test model)")
        tests = self.tests.get((problem.benchmark, problem.task_id), ())
        found = (entry_call(test, problem.entry_point) for test in tests)
        return tuple(dict.fromkeys(p for p in found if p is not None))[: self.limit]


@dataclasses.dataclass(frozen=True)
class CombinedInputs:
    """The probes of several sources, in turn, each probe once."""

    name: str
    parts: tuple[InputSource, ...]

    @property
    def needs_tests(self) -> bool:
        """Whether some part reads generated tests."""
        return any(needs_tests(part) for part in self.parts)

    def with_tests(self, tests: Tests) -> CombinedInputs:
        """The parts that read generated tests reading ``tests``."""
        return dataclasses.replace(self, parts=tuple(with_tests(part, tests) for part in self.parts))

    def inputs(self, problem: Problem) -> tuple[Probe, ...]:
        """Every part's probes, in the order of the parts."""
        return tuple(dict.fromkeys(p for part in self.parts for p in part.inputs(problem)))


def needs_tests(source: InputSource) -> bool:
    """Whether ``source`` reads model-generated tests."""
    return bool(getattr(source, "needs_tests", False))


def with_tests(source: InputSource, tests: Tests) -> InputSource:
    """``source`` reading ``tests`` when it needs them; otherwise ``source`` itself."""
    return source.with_tests(tests) if needs_tests(source) else source  # type: ignore[attr-defined]


class UnknownSource(CodebudgetError):
    """No input source of that name is registered."""


SOURCES: Registry[InputSource] = Registry.of("input source", UnknownSource)
register_source = SOURCES.register
get_source = SOURCES.lookup

PUBLIC_ARGUMENTS = register_source(PublicArguments())
GENERATED_ARGUMENTS = register_source(GeneratedArguments())
PUBLIC_AND_GENERATED = register_source(CombinedInputs("public-args+generated", (PUBLIC_ARGUMENTS, GENERATED_ARGUMENTS)))
