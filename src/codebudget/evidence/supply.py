"""Where a pool's generated tests come from: the store, else a model opened on first need.

A :class:`TestSupply` names one generator (a model's identity, its backend and
:class:`~codebudget.evidence.generated.GeneratorSettings`). :meth:`TestSupply.tests`
reads each task's tests from the store's ``generated_tests`` table and
generates only the missing ones, committing each task's row as soon as it is
made — so a rerun of ``codebudget select`` (or one killed half-way) generates
nothing it already has, and a fully cached pool never loads the model.
:func:`pool_supply` builds the supply that uses a pool's own model.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from codebudget.backends.base import Backend
from codebudget.backends.registry import DEFAULT_BACKEND, BackendSpec, capabilities, model_identity, open_backend
from codebudget.errors import CodebudgetError
from codebudget.evidence.generated import (
    GeneratedTests,
    GeneratorSettings,
    generate_tests,
    generator_key,
    generator_spec,
)
from codebudget.records import Problem
from codebudget.store import GeneratedTestsRow, RunRow, Store

TaskKey = tuple[str, str]
Progress = Callable[[Problem], None]


@dataclasses.dataclass(frozen=True)
class TestSupply:
    """One test generator: ``model`` (its identity in the cache key), ``backend``, settings, and how to open it.

    ``label`` names the model in messages; ``opener`` is called at most once
    per :meth:`tests` call, and only when some task's tests are missing.
    """

    __test__ = False  # not a pytest test class

    model: str
    opener: Callable[[], Backend] = dataclasses.field(compare=False, repr=False)
    settings: GeneratorSettings = GeneratorSettings()
    backend: str = DEFAULT_BACKEND
    label: str = ""
    backend_spec: BackendSpec | None = dataclasses.field(default=None, compare=False, repr=False)
    """What opening the model takes, for workers that open it themselves (with a cluster ``executor``)."""
    executor: Any = dataclasses.field(default=None, compare=False, repr=False)
    """A cluster executor (:mod:`codebudget.pipeline.executor`): missing tests are written by its workers, each
    with its own model, and stored here as they come back; None: by the model opened here."""

    @property
    def spec(self) -> dict[str, Any]:
        """What decides this generator's tests (stored with them)."""
        return generator_spec(self.model, self.backend, self.settings)

    @property
    def key(self) -> str:
        """The generator's sha256 in the store."""
        return generator_key(self.spec)

    def missing(self, store: Store, tasks: Iterable[TaskKey]) -> list[TaskKey]:
        """Those of ``tasks`` whose tests are not in ``store`` yet."""
        stored = {(r.benchmark, r.task_id) for r in store.iter_generated_tests(self.key)}
        return [task for task in tasks if task not in stored]

    def tests(self, store: Store, problems: Sequence[Problem],
              progress: Progress | None = None) -> dict[TaskKey, GeneratedTests]:
        """Every problem's tests: stored ones as they are, missing ones generated and stored.

        ``progress`` is called with each problem before its tests are generated.
        """
        stored = {(r.benchmark, r.task_id): r for r in store.iter_generated_tests(self.key)}
        missing = [p for p in problems if (p.benchmark, p.task_id) not in stored]
        if missing and self.executor is not None and not self.executor.in_process and self.backend_spec is not None:
            orders = ((problem, self.backend_spec, self.settings) for problem in missing)
            for (problem, _, _), made in self.executor.map(write_tests, orders):
                if progress is not None:
                    progress(problem)
                row = self._row(problem, made)
                if not store.read_only:
                    store.add_generated_tests(row)
                stored[(problem.benchmark, problem.task_id)] = row
        found: dict[TaskKey, GeneratedTests] = {}
        with contextlib.ExitStack() as stack:
            backend: Backend | None = None
            for problem in problems:
                key = (problem.benchmark, problem.task_id)
                row = stored.get(key)
                if row is None:
                    if backend is None:
                        backend = self.opener()
                        stack.callback(backend.close)
                    if progress is not None:
                        progress(problem)
                    row = self._row(problem, generate_tests(backend, problem, self.settings))
                    if not store.read_only:  # a store opened to read only keeps nothing
                        store.add_generated_tests(row)
                found[key] = _tests(row)
        return found

    def _row(self, problem: Problem, made: GeneratedTests) -> GeneratedTestsRow:
        return GeneratedTestsRow(problem.benchmark, problem.task_id, self.key, self.spec, made.tests, made.texts,
                                 made.wall_s, made.tokens, made.prompt_tokens, made.model, _now())


def write_tests(worker: Any, order: tuple[Problem, BackendSpec, GeneratorSettings]) -> GeneratedTests:
    """A task's tests written on a worker, with the model it holds for the spec (a cluster executor's job)."""
    problem, spec, settings = order
    return generate_tests(worker.backend(spec), problem, settings)


def _tests(row: GeneratedTestsRow) -> GeneratedTests:
    return GeneratedTests(row.tests, row.wall_s, row.tokens, row.prompt_tokens, row.texts, row.model)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def pool_supply(run: RunRow, settings: GeneratorSettings, model: str | None = None, backend: str | None = None,
                base_url: str | None = None, *, api_key: str | None = None, request_timeout_s: float | None = None,
                retries: int | None = None) -> TestSupply:
    """The supply for pool ``run``: its own model and backend unless ``model`` (and ``backend``) are given.

    ``api_key``, ``request_timeout_s`` and ``retries`` go to the backend when it is opened. The model is
    only resolved and loaded when tests must be generated.
    """
    pools = str(run.config.get("backend", DEFAULT_BACKEND))
    own = model is None or (model == run.model and (backend or DEFAULT_BACKEND) == pools)
    requests = dict(api_key=api_key, request_timeout_s=request_timeout_s, retries=retries)
    spec = (BackendSpec(pools, run.model, run.config.get("base_url") or None, **requests,
                        adapter=run.config.get("adapter") or None) if model is None
            else BackendSpec(backend or DEFAULT_BACKEND, model, base_url or None, **requests))
    identity = (run.model_sha256 if own else None) or model_identity(spec).key
    return TestSupply(identity, lambda: open_backend(spec), settings, spec.kind, spec.model, spec)


def short_name(model: str) -> str:
    """A model for messages: a local file by its name, anything else as given."""
    return Path(model).name if model.endswith(".gguf") else model


def local_model(supply: TestSupply) -> str | None:
    """Why ``supply``'s model cannot be used without fetching or a server, or None when it can."""
    from codebudget.models import resolve_model

    if not capabilities(supply.backend).model_file:
        return f"the test model {supply.label!r} is served by the {supply.backend} backend"
    try:
        resolve_model(supply.label, allow_fetch=False)
    except CodebudgetError as error:
        return str(error)
    return None


def stored_or_new_supply(store: Store, run: RunRow, generator: GeneratorSettings, model: str | None = None,
                         backend: str | None = None, base_url: str | None = None, *, asked: bool = False,
                         requests: tuple[str | None, float | None, int | None] = (None, None, None),
                         ) -> tuple[TestSupply | None, str, int]:
    """Pool ``run``'s test supply (or None and why) and how many of its tasks lack stored tests.

    Tests are written only when ``asked`` (a test model, a generated-test policy or input source was
    named): writing them costs a model call per task. Unasked, stored tests are used when every task
    has them. The pool's own model must be on this machine unless every task's tests are stored already.
    ``model == "none"`` turns generated tests off. ``requests``: the test model's API key, request timeout
    and retries, passed to its backend when it is opened.
    """
    if model == "none":
        return None, "--test-model none", 0
    api_key, timeout, retries = requests
    supply = pool_supply(run, generator, model, backend, base_url, api_key=api_key, request_timeout_s=timeout,
                         retries=retries)
    tasks = sorted({(key.benchmark, key.task_id) for key in store.generation_keys(run.config_hash)})
    missing = len(supply.missing(store, tasks))
    if missing and not asked:
        return None, "", missing  # not asked: writing them is the user's call
    why = local_model(supply) if missing and model is None else None
    return (None, why, missing) if why is not None else (supply, "", missing)
