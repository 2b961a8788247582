"""Hidden tests that compare the candidate's outputs on many inputs, the EvalPlus way.

EvalPlus release files give inputs (``base_input``, ``plus_input``) and a reference
solution but no expected outputs: :func:`reference_test` runs the reference inside
the snippet. Hub rows give a ``test`` program holding ``inputs`` and ``results``
literals that needs numpy (which the sandbox does not have): :func:`outputs_test`
takes those literals over. Both compare with :mod:`codebudget.benchmarks.oracle`,
whose source each snippet executes in a private namespace.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import json
from pathlib import Path
from typing import Any

from codebudget import pyast
from codebudget.benchmarks import oracle

_NAMESPACE = "_codebudget_oracle"


@dataclasses.dataclass(frozen=True)
class OutputsProgram:
    """The parts of an EvalPlus hub ``test`` program: input and result literals, tolerance."""

    inputs: str  # source of the list of argument lists
    results: str  # source of the list of expected outputs
    atol: float


@functools.cache
def oracle_source() -> str:
    """The source of the oracle module, executed by each snippet."""
    return Path(oracle.__file__).read_text(encoding="utf-8")


def reference_test(
    reference: str, entry_point: str, inputs: list[Any], *, atol: float, dataset: str, transform: str = ""
) -> str:
    """A snippet asserting that the candidate's ``entry_point`` agrees with ``reference`` on ``inputs``.

    ``reference`` is a complete program defining ``entry_point``; ``dataset`` picks the
    special oracles (``"humaneval"`` or ``"mbpp"``); ``transform`` names how stored inputs
    become arguments (see :data:`codebudget.benchmarks.oracle.TRANSFORMS`).
    """
    if transform and transform not in oracle.TRANSFORMS:
        raise ValueError(f"unknown input transform {transform!r}")
    values = (reference, entry_point, json.dumps(inputs), float(atol), dataset, transform)
    return _call("check_reference", entry_point, ", ".join(repr(v) for v in values))


def outputs_test(program: OutputsProgram, entry_point: str, *, dataset: str) -> str:
    """A snippet asserting that the candidate gives ``program``'s results on its inputs."""
    cases = (
        "def _codebudget_cases():\n"
        "    from math import inf, nan\n"
        f"    return {program.inputs}, {program.results}\n"
    )
    arguments = f"{entry_point!r}, *_codebudget_cases(), {float(program.atol)!r}, {dataset!r}"
    return cases + _call("check_outputs", entry_point, arguments)


def parse_outputs_program(test: str) -> OutputsProgram | None:
    """``inputs = [...]``, ``results = [...]`` and ``assertion(..., ..., atol)`` of a hub test program."""
    tree = _parse(test)
    if tree is None:
        return None
    literals = {
        target.id: ast.get_source_segment(test, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id in ("inputs", "results")
    }
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "assertion"
    ]
    atol = _number(calls[-1].args[2]) if calls and len(calls[-1].args) == 3 else None
    if atol is None or not literals.get("inputs") or not literals.get("results"):
        return None
    return OutputsProgram(inputs=literals["inputs"], results=literals["results"], atol=atol)  # type: ignore[arg-type]


def _call(function: str, entry_point: str, arguments: str) -> str:
    return (
        f"{_NAMESPACE} = {{}}\n"
        f"exec({oracle_source()!r}, {_NAMESPACE})\n"
        f"{_NAMESPACE}[{function!r}]({entry_point}, {arguments})\n"
    )


def _number(node: ast.expr) -> float | None:
    try:
        value = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return None
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _parse(source: str) -> ast.Module | None:
    try:
        return pyast.parse(source)
    except (SyntaxError, ValueError):
        return None
