"""Keeping the evaluation tasks out of the training data: pairs too close to one are dropped.

The evaluation tasks are HumanEval's, MBPP's test split (the full release and, where its file is there, the
sanitized one) and the fresh family's. A pair is dropped when its words (prompt and completion, as
:func:`codebudget.benchmarks.overlap.words` reads them) are a near-duplicate of a task's (its text, see
:func:`task_text`, and reference solution): a Jaccard similarity of
:data:`~codebudget.benchmarks.overlap.NEAR_DUPLICATE` or more; or when its function has a task's entry
point's name and body (compared as Python syntax trees, so layout, comments, quotes and the docstring do not
matter). :class:`EvalIndex` finds a pair's candidates by an inverted index of each task's rarest words
(prefix filtering: two sets this similar must share one of them), so thousands of pairs are checked
against a thousand tasks in seconds, not minutes.
"""

from __future__ import annotations

import ast
import collections
import dataclasses
import functools
import math
import warnings
from pathlib import Path
from typing import Iterable

from codebudget import pyast
from codebudget.benchmarks import BenchmarkError, load
from codebudget.benchmarks.mbpp import MBPP_ENV, local_folder
from codebudget.benchmarks.mbpp import PROMPT as MBPP_PROMPT
from codebudget.benchmarks.overlap import NEAR_DUPLICATE, similarity, words
from codebudget.errors import CodebudgetError
from codebudget.records import Problem
from codebudget.train.pairs import Pair

"""The folder holding MBPP's release files (``mbpp.jsonl``, ``sanitized-mbpp.json``), read by path."""


@dataclasses.dataclass(frozen=True)
class EvalTask:
    """An evaluation task as the check sees it: its id, its words, and its function's (name, body) if it parses."""

    task_id: str
    words: frozenset[str]
    function: tuple[str, str] | None


@dataclasses.dataclass(frozen=True)
class Dropped:
    """A pair left out of the training data, the task it is too close to, and why."""

    pair: Pair
    task_id: str
    reason: str


def mbpp_folder(mbpp: Path | None = None) -> Path | None:
    """``mbpp``, else ``$CODEBUDGET_MBPP``, else None (MBPP then comes from the hub)."""
    return mbpp if mbpp is not None else local_folder()


def eval_problems(mbpp: Path | None = None) -> dict[str, list[Problem]]:
    """The evaluation tasks by benchmark: HumanEval, MBPP's test split (from ``mbpp`` or ``$CODEBUDGET_MBPP``), the fresh
    family's held-out half (its development half may be tuned on).

    Without a folder MBPP is asked of the hub (online, with ``datasets``); a one-line error when it cannot be
    had, since training data checked against part of the evaluation tasks is not checked.
    """
    folder = mbpp_folder(mbpp)
    try:
        found = {"humaneval": load("humaneval"), "fresh": load("fresh:heldout")}
        if folder is None:
            found["mbpp"] = load("mbpp", split="test")
        else:
            if not (folder / "mbpp.jsonl").is_file():
                raise BenchmarkError(f"{folder}: no mbpp.jsonl here")
            found["mbpp"] = load("mbpp", path=folder / "mbpp.jsonl", split="test")
            if (folder / "sanitized-mbpp.json").is_file():
                found["mbpp-sanitized"] = load("mbpp-sanitized", path=folder / "sanitized-mbpp.json", split="test")
    except BenchmarkError as error:
        raise CodebudgetError(
            f"cannot check training data against the evaluation tasks: {error} "
            f"(set {MBPP_ENV} to the folder holding MBPP's mbpp.jsonl)"
        ) from None
    return found


def eval_tasks(problems: dict[str, list[Problem]]) -> tuple[EvalTask, ...]:
    """Each problem as an :class:`EvalTask`: the words of its task and reference, and its entry point's body."""
    return tuple(
        EvalTask(problem.task_id if problem.task_id.startswith(f"{benchmark}/") else f"{benchmark}/{problem.task_id}",
                 words(task_text(problem) + "\n" + problem.reference),
                 function_key(problem.reference, problem.entry_point))
        for benchmark, found in problems.items() for problem in found
    )  # fmt: skip


def task_text(problem: Problem) -> str:
    """What a task asks in its own words: MBPP's description without the paper's prompt around it and the
    assert it shows (words no copy of the task need have), any other benchmark's prompt as it is."""
    before, after = MBPP_PROMPT.split("{text}")
    end = after.split("{these}")[0]
    if problem.prompt.startswith(before) and end in problem.prompt:
        return problem.prompt[len(before) : problem.prompt.index(end)]
    return problem.prompt


def function_key(source: str, name: str | None = None) -> tuple[str, str] | None:
    """A function of Python ``source`` (``name``, else the first) as (lower-case name, its body's syntax tree).

    The body leaves out a leading docstring; None when the source does not parse or has no such function.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = pyast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and name in (None, node.name):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):  # fmt: skip
                body = body[1:]
            return node.name.lower(), ast.dump(ast.Module(body=body, type_ignores=[]))
    return None


class EvalIndex:
    """The evaluation tasks, indexed for the near-duplicate and same-function checks."""

    def __init__(self, tasks: Iterable[EvalTask], threshold: float = NEAR_DUPLICATE) -> None:
        self.tasks = tuple(tasks)
        self.threshold = threshold
        counts = collections.Counter(word for task in self.tasks for word in task.words)
        self._rarity = counts  # words no task has count 0: the rarest
        self._postings: dict[str, list[int]] = collections.defaultdict(list)
        for number, task in enumerate(self.tasks):
            for word in self._prefix(task.words):
                self._postings[word].append(number)
        self._functions = {task.function: task.task_id for task in self.tasks if task.function is not None}

    def _prefix(self, found: frozenset[str]) -> list[str]:
        """The rarest words of ``found``: any set at least ``threshold`` similar to it has one of them."""
        ordered = sorted(found, key=lambda word: (self._rarity[word], word))
        keep = len(ordered) - math.ceil(self.threshold * len(ordered) - 1e-9) + 1
        return ordered[: max(keep, 0)]

    def nearest(self, found: frozenset[str]) -> tuple[str, float] | None:
        """The most similar task to a word set, and the similarity, when it reaches the threshold."""
        if not found:
            return None
        candidates = {number for word in self._prefix(found) for number in self._postings.get(word, ())}
        best = None
        for number in sorted(candidates):
            score = similarity(found, self.tasks[number].words)
            if score >= self.threshold and (best is None or score > best[1]):
                best = (self.tasks[number].task_id, score)
        return best

    def match(self, pair: Pair) -> tuple[str, str] | None:
        """The task ``pair`` is too close to and why, or None when it may be trained on."""
        if pair.language == "python":  # a prose prompt (a task's text) is not code: then the completion alone
            key = function_key(pair.prompt + pair.completion) or function_key(pair.completion)
            if key is not None and key in self._functions:
                return self._functions[key], f"same function as the task ({key[0]})"
        near = self.nearest(words(pair.prompt + "\n" + pair.completion))
        if near is not None:
            return near[0], f"near-duplicate of the task (word similarity {near[1]:.2f})"
        return None


def eval_index(mbpp: Path | None = None) -> EvalIndex:
    """The index of the evaluation tasks (:func:`eval_problems`), built once per process and MBPP folder."""
    return _index(mbpp_folder(mbpp))


@functools.cache
def _index(folder: Path | None) -> EvalIndex:
    return EvalIndex(eval_tasks(eval_problems(folder)))


def deduplicate(pairs: Iterable[Pair], index: EvalIndex | None = None) -> tuple[tuple[Pair, ...], tuple[Dropped, ...]]:
    """The pairs that may be trained on (in order) and those dropped, each with the task it is close to."""
    checker = index if index is not None else eval_index()
    kept: list[Pair] = []
    dropped: list[Dropped] = []
    for pair in pairs:
        found = checker.match(pair)
        if found is None:
            kept.append(pair)
        else:
            dropped.append(Dropped(pair, *found))
    return tuple(kept), tuple(dropped)
