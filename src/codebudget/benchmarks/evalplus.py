"""EvalPlus: HumanEval+ and MBPP+, from their release JSONL files or from the hub.

Release files (``HumanEvalPlus-v0.1.10.jsonl.gz``, ``MbppPlus-v0.2.0.jsonl.gz``) give
test inputs (``base_input``, ``plus_input``) and a reference solution but no expected
outputs; each becomes a hidden differential test (:mod:`codebudget.benchmarks.difftest`),
so a task passes when it passes the base and the extra inputs, as EvalPlus's
"base + extra" score counts it. Hub rows (``evalplus/humanevalplus``,
``evalplus/mbppplus``) carry a ``test`` program with inputs and expected results
instead; it needs numpy, which the sandbox lacks, so its literals are taken over
into an equivalent hidden test.

Public tests: HumanEval+ uses the docstring examples, MBPP+ the assert that its
prompt shows. The ``contract`` and ``assertion`` fields are not needed for grading
(EvalPlus grades against ``prompt + canonical_solution``) and are not used.
"""

from __future__ import annotations

import re
from typing import Any

from codebudget.benchmarks import checks
from codebudget.benchmarks.base import entry_point, no_split
from codebudget.benchmarks.difftest import outputs_test, parse_outputs_program, reference_test
from codebudget.benchmarks.errors import at
from codebudget.benchmarks.examples import docstring_examples
from codebudget.benchmarks.hub import hub_source
from codebudget.benchmarks.mbpp import tested_function
from codebudget.benchmarks.pysource import parse
from codebudget.benchmarks.sources import Record, Source
from codebudget.records import Problem

RELEASE_FIELDS = frozenset({"task_id", "prompt", "entry_point", "canonical_solution", "base_input", "plus_input", "atol"})
MBPP_HUB_FIELDS = frozenset({"task_id", "prompt", "code", "source_file", "test_imports", "test_list", "test"})

# MBPP+ tasks whose stored inputs need a transform back into arguments (EvalPlus
# ``mbpp_deserialize_inputs``); the names are those of ``oracle.TRANSFORMS``.
_TRANSFORM_TASKS = {
    "args-to-tuples": (2, 116, 132, 143, 222, 261, 273, 394, 399, 421, 424, 429, 470, 560, 579, 596, 616, 630,
                       726, 740, 744, 809),
    "args-items-to-tuples": (63, 64, 70, 94, 120, 237, 272, 299, 400, 409, 417, 438, 473, 614, 780),
    "first-items-to-tuples": (75, 413, 444, 753),
    "second-to-tuple": (106, 750),
    "first-items-to-sets": (115,),
    "float-complex": (124,),
    "first-to-tuple": (250, 405, 446, 617, 720, 763, 808),
    "args-items-to-tuples-then-args": (259, 401, 445),
    "first-lists-to-tuples-then-args": (278,),
    "first-to-tuple-3": (307,),
    "dict-values-to-tuples": (722,),
    "complex": (252,),
    "all-to-tuples": (580, 615, 791),
}  # fmt: skip
MBPP_TRANSFORMS = {task: kind for kind, tasks in _TRANSFORM_TASKS.items() for task in tasks}


def inputs(record: Record, key: str) -> list[Any]:
    """A list of argument lists (``base_input`` or ``plus_input``)."""
    value = record.value(key)
    if not isinstance(value, list) or not all(isinstance(args, list) for args in value):
        raise at(record.where, f"field {key!r} must be a list of argument lists")
    return value


def tolerance(record: Record) -> float:
    """The ``atol`` field, a number."""
    value = record.value("atol")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise at(record.where, "field 'atol' must be a number")
    return float(value)


def differential_tests(record: Record, reference: str, name: str, dataset: str, transform: str = "") -> tuple[str, ...]:
    """The base and the extra differential tests of a release record (an empty input list has none)."""
    atol = tolerance(record)
    return tuple(
        reference_test(reference, name, args, atol=atol, dataset=dataset, transform=transform)
        for args in (inputs(record, "base_input"), inputs(record, "plus_input"))
        if args
    )


def hub_test(record: Record, name: str, dataset: str) -> str:
    """The hidden test of a hub row, from the ``inputs``/``results`` of its ``test`` program."""
    program = parse_outputs_program(record.text("test"))
    if program is None:
        raise at(record.where, "field 'test' is not an EvalPlus test program (inputs, results, assertion)")
    return outputs_test(program, name, dataset=dataset)


def prompt_asserts(prompt: str) -> tuple[str, ...]:
    """The ``assert`` lines that a prompt shows, each with the imports it needs."""
    lines = [line.strip() for line in prompt.splitlines() if line.strip().startswith("assert ")]
    return tuple(checks.with_imports(line) for line in lines if parse(line) is not None)


class HumanEvalPlusLoader:
    """HumanEval+ (164 tasks; 80x more tests than HumanEval)."""

    name = "humaneval-plus"
    formats = (RELEASE_FIELDS,)

    def default_source(self, split: str | None) -> Source:
        """The ``evalplus/humanevalplus`` dataset on the hub."""
        return hub_source("evalplus/humanevalplus", None, ("test",))

    def problems(self, source: Source, split: str | None) -> list[Problem]:
        """Every task of ``source``."""
        no_split(self.name, split)
        return [self.problem(record, source.version) for record in source.records]

    def problem(self, record: Record, version: str) -> Problem:
        """A release record, or a hub row (which has a ready ``test``)."""
        prompt, name = record.text("prompt"), entry_point(record)
        reference = prompt + record.text("canonical_solution")
        if record.has("base_input"):
            hidden = differential_tests(record, reference, name, "humaneval")
        else:
            hidden = (hub_test(record, name, "humaneval"),)
        return Problem(
            task_id=record.task_id(),
            prompt=prompt,
            entry_point=name,
            public_tests=docstring_examples(prompt, name).tests,
            hidden_tests=hidden,
            reference=reference,
            benchmark=self.name,
            benchmark_version=version,
        )


class MbppPlusLoader:
    """MBPP+ (378 tasks in v0.2.0; 35x more tests than MBPP)."""

    name = "mbpp-plus"
    formats = (RELEASE_FIELDS | {"assertion"}, MBPP_HUB_FIELDS)

    def default_source(self, split: str | None) -> Source:
        """The ``evalplus/mbppplus`` dataset on the hub."""
        return hub_source("evalplus/mbppplus", None, ("test",))

    def problems(self, source: Source, split: str | None) -> list[Problem]:
        """Every task of ``source``."""
        no_split(self.name, split)
        return [self.problem(record, source.version) for record in source.records]

    def problem(self, record: Record, version: str) -> Problem:
        """A release record, or a hub row."""
        return self._release(record, version) if record.has("base_input") else self._hub(record, version)

    def _release(self, record: Record, version: str) -> Problem:
        prompt, name = record.text("prompt"), entry_point(record)
        task_id = record.task_id()
        reference = prompt + record.text("canonical_solution")
        transform = MBPP_TRANSFORMS.get(_task_number(task_id), "")
        return Problem(
            task_id=task_id,
            prompt=prompt,
            entry_point=name,
            public_tests=prompt_asserts(prompt),
            hidden_tests=differential_tests(record, reference, name, "mbpp", transform),
            reference=reference,
            benchmark=self.name,
            benchmark_version=version,
        )

    def _hub(self, record: Record, version: str) -> Problem:
        tests = record.strings("test_list")
        if not tests:
            raise at(record.where, "field 'test_list' is empty")
        code = record.text("code")
        name = tested_function(record, code, tests)
        return Problem(
            task_id=f"Mbpp/{record.task_id()}",
            prompt=f'"""\n{record.text("prompt").strip()}\n{tests[0]}\n"""\n',
            entry_point=name,
            public_tests=tests[:1],
            hidden_tests=(hub_test(record, name, "mbpp"),),
            reference=code,
            setup="\n".join(record.strings("test_imports")),
            benchmark=self.name,
            benchmark_version=version,
        )


def _task_number(task_id: str) -> int:
    match = re.search(r"(\d+)$", task_id)
    return int(match.group(1)) if match else -1


HUMANEVAL_PLUS = HumanEvalPlusLoader()
MBPP_PLUS = MbppPlusLoader()
