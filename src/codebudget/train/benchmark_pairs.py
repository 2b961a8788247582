"""A benchmark's tasks with their reference solutions as training pairs (MBPP's train and validation splits).

Any benchmark spec the pipeline takes (``mbpp:train``, ``../shared/data/mbpp/mbpp.jsonl:train``, a task
file) serves: each task with a reference becomes a pair: a stub task's prompt (signature and docstring)
continued by the reference's body, or a prose task's prompt answered by the whole reference.
"""

from __future__ import annotations

import warnings

from codebudget.extraction.program import prompt_pieces
from codebudget.records import Problem
from codebudget.train.pairs import Pair


def tidy(code: str) -> str:
    """``code`` with Unix line ends, no trailing blanks, and leading tabs as four spaces where it still compiles
    then (MBPP's references mix ``\\r\\n`` and tabs; the model should learn code as the pipeline wants it)."""
    lines = [line.rstrip() for line in code.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    plain = "\n".join(lines).strip("\n") + "\n"
    spaced = "\n".join(_spaces(line) for line in plain.split("\n"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the references' own invalid escapes ("\\d" in a plain string)
            compile(spaced, "<reference>", "exec")
    except (SyntaxError, ValueError):
        return plain
    return spaced


def _spaces(line: str) -> str:
    stripped = line.lstrip("\t")
    return "    " * (len(line) - len(stripped)) + stripped


def pair_of(problem: Problem) -> Pair | None:
    """``problem`` as a training pair, or None when it has no reference."""
    if not problem.reference:
        return None
    pair_id = f"{problem.benchmark}:{problem.task_id}"
    if prompt_pieces(problem).has_stub:
        reference = problem.reference
        body = reference[len(problem.prompt):] if reference.startswith(problem.prompt) else reference
        return Pair(pair_id, "python", problem.prompt, body, problem.benchmark, problem.entry_point)
    return Pair(pair_id, "python", problem.prompt, tidy(problem.reference), problem.benchmark,
                problem.entry_point, prose=True)


def benchmark_pairs(spec: str) -> tuple[Pair, ...]:
    """The pairs of every task of benchmark ``spec`` that has a reference solution."""
    from codebudget.benchmarks import load

    return tuple(pair for problem in load(spec) if (pair := pair_of(problem)) is not None)
