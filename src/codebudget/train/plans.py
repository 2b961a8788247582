"""CodePLAN's teacher (seed 004): solution plans written by a larger model, kept with their provenance, reused.

Two ways to get a plan for a training item:

* **backward** — the teacher is shown the task and a correct solution (the item's reference) and writes the
  plan that leads to it: 3 to 6 numbered steps, greedy. Every item with a reference gets one; it is kept when
  the teacher wrote numbered steps.
* **sampled** — the teacher plans and codes as the plan stage's ``mode=sampled`` asks (the answer starts with
  ``# Plan:`` comments, then the code), ``samples`` times at ``temperature``; a plan is kept only when its code
  passes every test of the task in the sandbox (a benchmark task's public and hidden tests: training items,
  never evaluation ones). What is kept is the plan with the teacher's own code.

Each plan is one :class:`TeacherPlan` row in a JSON-lines file, appended as soon as it is written (an
interrupted run goes on where it stopped: rows already there for the same teacher are not asked again), with
the teacher's identity (backend, model, weights' sha256, temperature, seed, prompt version), its tokens and
seconds. A row holds the training pair it makes (:class:`~codebudget.train.pairs.Pair` with its plan), so the
file is training data as it stands: ``codeplan:FILE`` (the kept pairs with their plans) and ``codeplan-code:FILE``
(the same pairs without plans: the baseline that learns the teacher's code alone).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from codebudget.backends.base import GenerationRequest, Message, SamplingParams
from codebudget.errors import CodebudgetError
from codebudget.files import write_atomic
from codebudget.records import Problem
from codebudget.train.pairs import Pair

METHODS = ("backward", "sampled")
PROMPT_VERSION = 1
"""The version of the teacher's prompts (:data:`BACKWARD_REQUEST`, the plan stage's sampled lead): part of a
teacher's key, so a changed prompt asks again."""
BACKWARD_SYSTEM = "You are an expert Python programmer who explains solutions clearly."
BACKWARD_REQUEST = """Here is a programming task and a correct Python solution to it.

Task:
{task}

Solution:
```python
{code}
```

Write the plan that leads to this solution: 3 to 6 numbered steps in plain words, each a short line (at
most 20 words), in the order the code carries them out. No code, no markdown."""
PLAN_TOKENS = 160
CODE_TOKENS = 512


@dataclasses.dataclass(frozen=True)
class Teacher:
    """Who writes the plans: a backend's model (its identity as the registry names it) and how it samples."""

    backend: str
    model: str
    sha256: str | None
    base_url: str | None
    temperature: float
    seed: int = 0

    @property
    def key(self) -> str:
        """What makes two runs' plans interchangeable: the model, its sampling and the prompts' version."""
        payload = {"backend": self.backend, "model": self.sha256 or self.model, "base_url": self.base_url,
                   "temperature": self.temperature, "seed": self.seed, "prompts": PROMPT_VERSION}
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]

    def to_json(self) -> dict:
        return {**dataclasses.asdict(self), "key": self.key, "prompts": PROMPT_VERSION}

    def writing(self, method: str) -> Teacher:
        """The teacher as it writes ``method``'s plans: backward plans are greedy whatever the temperature of the
        sampled ones, so a backward plan written alone is the one a run with sampled plans would write."""
        return dataclasses.replace(self, temperature=0.0) if method == "backward" else self


@dataclasses.dataclass(frozen=True)
class TeacherPlan:
    """One plan from the teacher: ``pair`` is the training pair it makes (the plan and the code it leads to:
    the reference for ``backward``, the teacher's code for ``sampled``); ``passed`` whether that code passed
    the task's tests (None for ``backward``: the reference is taken as correct); ``kept`` whether the pair is
    training data (a plan with steps; for ``sampled``, code that passed)."""

    item_id: str
    method: str
    sample: int
    pair: Pair
    passed: bool | None
    tokens: int
    seconds: float
    teacher: dict
    created: str = ""

    @property
    def kept(self) -> bool:
        return bool(self.pair.plan) and (self.method == "backward" or self.passed is True)

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.teacher.get("key", ""), self.item_id, self.method, self.sample)

    def to_json(self) -> dict:
        row = dataclasses.asdict(self)
        row["pair"] = self.pair.to_json()
        return row

    @classmethod
    def from_json(cls, row: dict) -> TeacherPlan:
        return cls(**{**row, "pair": Pair(**row["pair"])})


@dataclasses.dataclass(frozen=True)
class Item:
    """What the teacher plans for: a training pair (its prompt and reference) and, where it comes from a benchmark
    task, the task (its tests decide which sampled plans are kept)."""

    pair: Pair
    problem: Problem | None = None


def read_plans(path: Path) -> list[TeacherPlan]:
    """The rows of a plans file ([] when there is none yet); a one-line error naming a malformed line. A last
    line cut short by a kill is left out (it is written again)."""
    return _rows(_text(path), path)


def _text(path: Path) -> str:
    if not path.exists():
        return ""
    try:
        return path.read_text()
    except OSError as error:
        raise CodebudgetError(f"cannot read the plans file {path}: {error.strerror}") from None


def _rows(text: str, path: Path) -> list[TeacherPlan]:
    lines = text.splitlines()
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rows.append(TeacherPlan.from_json(json.loads(line)))
        except (ValueError, TypeError, KeyError) as error:
            if number == len(lines) and _cut_short(line):
                break
            raise CodebudgetError(f"{path}:{number}: not a teacher plan ({error})") from None
    return rows


def _cut_short(line: str) -> bool:
    """Whether a plans file's last line is a row a kill cut short (a whole row ends its JSON object)."""
    return not line.rstrip().endswith("}")


def kept_pairs(path: Path, *, with_plans: bool = True) -> tuple[Pair, ...]:
    """The training pairs of a plans file's kept rows (with their plans, or without: the teacher's code alone)."""
    rows = read_plans(path)
    if not rows:
        raise CodebudgetError(f"the plans file {path} has no plans (write some with `codebudget plans write`)")
    pairs = [row.pair for row in rows if row.kept]
    return tuple(pair if with_plans else dataclasses.replace(pair, plan="") for pair in pairs)


class PlansFile:
    """A plans file open for appending: each row is written, flushed and synced before the next is asked."""

    def __init__(self, path: Path) -> None:
        self.path = path
        text = _text(path)
        self.rows = _rows(text, path)
        self.done = {row.key for row in self.rows}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if text and not text.endswith("\n"):  # a last line cut short is dropped (its plan is asked again)
                last = text[text.rfind("\n") + 1:]
                write_atomic(path, text[: len(text) - len(last)] if _cut_short(last) else text + "\n")
            self._out = path.open("a")
        except OSError as error:
            raise CodebudgetError(f"cannot write the plans file {path}: {error.strerror}") from None

    def missing(self, teacher: Teacher, item: Item, methods: Sequence[str], samples: int) -> tuple[str, ...]:
        """The ``methods`` for which ``teacher`` has not yet written all of ``item``'s plans here."""
        counts = {"backward": 1, "sampled": samples}
        return tuple(m for m in methods if any((teacher.writing(m).key, item.pair.pair_id, m, i) not in self.done
                                               for i in range(counts[m])))

    def add(self, row: TeacherPlan) -> None:
        self._out.write(json.dumps(row.to_json(), sort_keys=True) + "\n")
        self._out.flush()
        os.fsync(self._out.fileno())
        self.rows.append(row)
        self.done.add(row.key)

    def close(self) -> None:
        self._out.close()


def backward_plan(backend: Any, item: Item, teacher: Teacher) -> TeacherPlan:
    """The teacher's plan for ``item``'s reference (greedy: recorded as the greedy teacher's, whatever
    ``teacher``'s temperature for sampled plans)."""
    from codebudget.pipeline.stages.plan import plan_lines

    teacher = teacher.writing("backward")
    pair = item.pair
    code = pair.completion if pair.prose else pair.prompt + pair.completion
    messages = (Message("system", BACKWARD_SYSTEM),
                Message("user", BACKWARD_REQUEST.format(task=pair.prompt.strip(), code=code.strip())))
    params = SamplingParams(1, 0.0, 1.0, PLAN_TOKENS, ("```",), teacher.seed)
    started = time.perf_counter()
    sample = backend.generate(GenerationRequest(messages=messages, params=params)).samples[0]
    seconds = time.perf_counter() - started
    plan = plan_lines(sample.text.replace("**", ""))
    return TeacherPlan(pair.pair_id, "backward", 0, dataclasses.replace(pair, plan=plan), None,
                       sample.n_tokens, round(seconds, 3), teacher.to_json(), _now())


def sampled_plans(backend: Any, item: Item, teacher: Teacher, samples: int, sandbox: Any) -> list[TeacherPlan]:
    """``samples`` plans with code from the teacher for ``item``'s task, each run against all its tests."""
    from codebudget.extraction.extract import extract
    from codebudget.pipeline.stages.plan import sampled_lead, split_comment_plan
    from codebudget.prompts import get_style
    from codebudget.sandbox.base import Job

    problem = item.problem
    if problem is None:
        raise CodebudgetError(f"{item.pair.pair_id}: sampled plans need a task with tests (a benchmark spec such as "
                              "mbpp:train), not mined pairs")
    prompt = sampled_lead(get_style("body").solve(problem))
    params = SamplingParams(samples, teacher.temperature, 0.95, CODE_TOKENS, prompt.stop, teacher.seed)
    started = time.perf_counter()
    generation = backend.generate(GenerationRequest(messages=prompt.messages, params=params))
    seconds = (time.perf_counter() - started) / max(1, len(generation.samples))
    answers = [prompt.answer(sample).text for sample in generation.samples]
    found = [extract(problem, answer) for answer in answers]
    tests = (*problem.public_tests, *problem.hidden_tests)
    jobs = [Job(code=f.code, tests=tests, setup=problem.setup) for f in found]
    verdicts = sandbox.run_many(jobs)
    rows = []
    for index, (sample, answer, extracted, verdict) in enumerate(zip(generation.samples, answers, found, verdicts)):
        plan, _ = split_comment_plan(answer)  # from the answer: extraction drops a prose task's top-level comments
        _, code = split_comment_plan(extracted.code)
        pair = _teacher_pair(item.pair, code, plan)
        rows.append(TeacherPlan(item.pair.pair_id, "sampled", index, pair, bool(extracted.ok and verdict.passed),
                                sample.n_tokens, round(seconds, 3), teacher.to_json(), _now()))
    return rows


def _teacher_pair(pair: Pair, code: str, plan: str) -> Pair:
    """``pair`` with the teacher's ``code`` as its completion (the body after a stub's header, or the whole
    program for a prose task, or when the code does not start with the header) and ``plan``."""
    if not pair.prose and code.startswith(pair.prompt):
        return dataclasses.replace(pair, completion=code[len(pair.prompt):], plan=plan)
    return dataclasses.replace(pair, completion=code.strip("\n") + "\n", prose=True, plan=plan)


def checked_methods(methods: Iterable[str]) -> tuple[str, ...]:
    """``methods`` as a tuple, each one of :data:`METHODS`, at least one; else a one-line error."""
    found = tuple(m.strip() for m in methods if m.strip())
    unknown = [m for m in found if m not in METHODS]
    if not found or unknown:
        raise CodebudgetError(f"plan methods {', '.join(found) or 'none'}: give one or more of {', '.join(METHODS)}")
    return found


def write_plans(backend: Any, teacher: Teacher, items: Sequence[Item], methods: Iterable[str], samples: int,
                plans: PlansFile, sandbox: Any = None,
                on_item: Callable[[int, int, list[TeacherPlan]], None] = lambda done, total, rows: None) -> int:
    """Ask the teacher for every plan of ``items`` not yet in ``plans`` (each appended as it comes); the number
    of new rows. ``on_item(done, total, new_rows)`` is told after each item."""
    methods = checked_methods(methods)
    if "sampled" in methods and samples < 1:
        raise CodebudgetError("sampled plans need --samples 1 or more")
    written = 0
    for number, item in enumerate(items, 1):
        new: list[TeacherPlan] = []
        missing = plans.missing(teacher, item, methods, samples)
        if "backward" in missing:
            new.append(backward_plan(backend, item, teacher))
        if "sampled" in missing:
            new.extend(sampled_plans(backend, item, teacher, samples, sandbox))
        for row in new:
            if row.key not in plans.done:
                plans.add(row)
                written += 1
        on_item(number, len(items), new)
    return written


@dataclasses.dataclass(frozen=True)
class Yield:
    """What a plans file holds for one method: items asked, plans written and kept, and their cost."""

    method: str
    items: int
    plans: int
    kept: int
    items_kept: int
    tokens: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.kept / self.plans if self.plans else 0.0


def yields(rows: Sequence[TeacherPlan]) -> list[Yield]:
    """The filter's yield of each method in ``rows``."""
    out = []
    for method in METHODS:
        mine = [row for row in rows if row.method == method]
        if mine:
            out.append(Yield(method, len({r.item_id for r in mine}), len(mine), sum(r.kept for r in mine),
                             len({r.item_id for r in mine if r.kept}), sum(r.tokens for r in mine),
                             round(sum(r.seconds for r in mine), 1)))
    return out


def shard_of(items: Sequence[Item], shard: str) -> list[Item]:
    """Shard ``K/N`` of ``items``: every N-th item from the K-th on (1 ≤ K ≤ N), so that N processes or machines
    writing one shard each ask every item once, each a mix of the dataset's easy and hard ones."""
    k, slash, n = shard.partition("/")
    if not (slash and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise CodebudgetError(f"--shard {shard!r}: K/N with 1 <= K <= N, e.g. 1/4")
    return list(items[int(k) - 1::int(n)])


def items_of(spec: str, *, mbpp: Path | None = None) -> list[Item]:
    """The items of training dataset ``spec`` (as ``codebudget train --data`` reads it), each with its benchmark task
    where it has one (MBPP's splits and other benchmark specs; mined corpora, JSONL and plans files have none)."""
    from codebudget.train.datasets import load_pairs, tasks_spec

    pairs = load_pairs(spec, mbpp=mbpp)
    source = tasks_spec(spec, mbpp=mbpp)
    if source is None:
        return [Item(pair) for pair in pairs]
    from codebudget.benchmarks import load

    problems = {f"{p.benchmark}:{p.task_id}": p for p in load(source)}
    return [Item(pair, problems.get(pair.pair_id)) for pair in pairs]


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
