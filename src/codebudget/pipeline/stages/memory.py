"""The memory stage: solved tasks like this one, from an earlier run in the same store, as worked examples.

``memory:source=RUN`` (a prompt stage, :mod:`.prompting`) remembers what run ``RUN`` of the
same store solved: for each of its finished tasks, the answer its honest selection chose
when that answer passed the task's public tests (what a user would know, never the hidden
tests), and, when a repair produced it, the lesson: which test the earlier version failed
and how. For a new task the ``top`` (default 2) most similar remembered tasks (BM25 over
their prompts) come before the task as worked examples, within ``chars`` (default 1500).

**No leakage.** Tasks are split into ``folds`` (default 5) by a digest of their task id;
a task sees only remembered tasks of other folds, and never one with its own task id (so
a perturbed variant of a HumanEval task never sees the original either). Evaluated on a
benchmark this is k-fold: each fold's tasks are solved with the memory of the others.
The source must be another run: a run that remembered its own tasks would depend on their order.

Replay rule: the shared one of prompt stages (:mod:`.prompting`): the look-up's seconds,
once per task.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading

from codebudget.candidates import load_task_pool
from codebudget.errors import CodebudgetError
from codebudget.pipeline.stages.prompting import PROMPT, Call, StageEnv, options_of
from codebudget.prompts.styles import Prompt
from codebudget.records import Preparation, Problem
from codebudget.retrieval.index import Ranking, words
from codebudget.store import GenerationKey

HEADER = "Solved tasks like this one, as worked examples (the task below is a different one):"
_MEMORIES: dict[tuple[str, str], "Memory"] = {}
_LOCK = threading.Lock()


def fold_of(task_id: str, folds: int) -> int:
    """The fold of a task: a digest of its id (not of its benchmark, so variants of one task share it)."""
    return int(hashlib.sha256(task_id.encode()).hexdigest()[:8], 16) % folds


@dataclasses.dataclass(frozen=True)
class Entry:
    """One remembered task: its prompt, the code that passed its public tests and, if a repair made it, the lesson."""

    benchmark: str
    task_id: str
    prompt: str
    code: str
    lesson: str = ""


class Memory:
    """The solved tasks of one run, searchable by BM25 over their prompts."""

    def __init__(self, entries: list[Entry]):
        self.entries = tuple(entries)
        self._ranking = Ranking.built([words(e.prompt) for e in self.entries]) if self.entries else None

    @classmethod
    def of_run(cls, store, source: str) -> Memory:  # noqa: ANN001 - a Store
        """What run ``source`` of ``store`` solved (a one-line error when there is no such run)."""
        if store.get_run(source) is None:
            raise CodebudgetError(f"memory source {source!r} is not a run in {store.path}")
        entries = []
        for result in store.iter_task_results(source):
            chosen = result.selection("public-tests")
            if chosen is None or not chosen.public_passed or chosen.sample_index is None:
                continue
            problem = store.get_task(result.benchmark, result.task_id)
            pool = load_task_pool(store, source, result.benchmark, result.task_id)
            chain = pool.chains[chosen.sample_index].versions
            version = chain[chosen.round]
            lesson = ""
            if chosen.round:
                key = GenerationKey(source, result.benchmark, result.task_id, chosen.sample_index, chosen.round - 1)
                earlier = store.get_execution(key, "public")
                if earlier is not None and earlier.execution.failing_test:
                    error = (earlier.execution.error or earlier.execution.status.value).splitlines()[0][:160]
                    lesson = f"An earlier attempt failed `{earlier.execution.failing_test.strip()[:160]}` ({error}); this code fixes it."
            if problem is not None and version.code.strip():
                entries.append(Entry(result.benchmark, result.task_id, problem.prompt, version.code, lesson))
        return cls(entries)

    def similar(self, problem: Problem, top: int, folds: int) -> list[Entry]:
        """The ``top`` remembered tasks most like ``problem`` from other folds, never the task itself."""
        if self._ranking is None:
            return []
        own = fold_of(problem.task_id, folds)

        def allowed(position: int) -> bool:
            task_id = self.entries[position].task_id
            return task_id != problem.task_id and fold_of(task_id, folds) != own

        return [self.entries[position] for position, _ in self._ranking.best(problem.prompt, top, allowed)]


def render(entries: list[Entry], limit: int) -> str:
    """The worked examples as prompt text, whole examples only, within ``limit`` characters."""
    blocks, used = [], 0
    for entry in entries:
        lesson = f"\n{entry.lesson}" if entry.lesson else ""
        block = f"```python\n{entry.code.strip()}\n```{lesson}"
        if blocks and used + len(block) > limit:
            break
        blocks.append(block)
        used += len(block)
    return f"{HEADER}\n\n" + "\n\n".join(blocks) if blocks else ""


@dataclasses.dataclass(frozen=True)
class MemoryStage:
    """Worked examples from an earlier run's solved tasks (see the module docstring)."""

    name: str = "memory"
    point: str = PROMPT
    revision: int = 1  # of the texts it puts into prompts: bump it when one changes (run identity)
    source: str = ""
    top: int = 2
    folds: int = 5
    chars: int = 1500

    def configured(self, options: str) -> MemoryStage:
        """This stage with ``source=RUN``, ``top=N``, ``folds=N`` and ``chars=N`` from ``options``."""
        stage = dataclasses.replace(self, **options_of(options, {"source": str, "top": int, "folds": int,
                                                                  "chars": int}))  # type: ignore[arg-type]
        if stage.top < 1 or stage.folds < 2 or stage.chars < 100:
            raise ValueError("memory needs top ≥ 1, folds ≥ 2 and chars ≥ 100")
        return stage

    def memory(self, env: StageEnv) -> Memory:
        """The source run's memory, read once per process and store."""
        if not self.source:
            raise CodebudgetError("the memory stage needs source=RUN: the run whose solved tasks it remembers "
                                  "(--stages memory:source=RUN)")
        if self.source == env.run_hash:
            raise CodebudgetError("the memory stage's source must be another run than the one it serves")
        key = (str(env.store.path), self.source)
        with _LOCK:
            if key not in _MEMORIES:
                _MEMORIES[key] = Memory.of_run(env.store, self.source)
            return _MEMORIES[key]

    def prepare(self, problem: Problem, env: StageEnv) -> Preparation:
        memory = self.memory(env)
        found = self.similar(memory, problem)
        detail = {"source": self.source, "folds": self.folds, "fold": fold_of(problem.task_id, self.folds),
                  "remembered": len(memory.entries)}
        sources = tuple(f"{e.benchmark}:{e.task_id}" for e in found)
        return Preparation(self.name, render(found, self.chars), sources, detail)

    def similar(self, memory: Memory, problem: Problem) -> list[Entry]:
        """The worked examples ``problem`` may see."""
        return memory.similar(problem, self.top, self.folds)

    def shape(self, prompt: Prompt, call: Call, preparation: Preparation) -> Prompt:
        return prompt.with_context(preparation.text)


MEMORY = MemoryStage()
