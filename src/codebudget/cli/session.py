"""Open what a pipeline run needs (store, backend, sandbox) and show its progress."""

from __future__ import annotations

import contextlib
import dataclasses
import time
from pathlib import Path
from typing import Any, Iterator, Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from codebudget.pipeline import PipelineConfig, RunSummary, run_config
from codebudget.records import Problem

DEFAULT_DB = Path("runs/codebudget.db")
out = Console(soft_wrap=True, emoji=False)


@contextlib.contextmanager
def opened(config: PipelineConfig, db: Path, sandbox_level: str) -> Iterator[tuple]:
    """The store, backend and sandbox for ``config``, closed on exit."""
    from codebudget.backends.registry import BackendSpec, checked_class, open_backend
    from codebudget.sandbox import open_sandbox
    from codebudget.sandbox.settings import SandboxSettings
    from codebudget.store import Store

    spec = BackendSpec.from_config(config)
    checked_class(spec)  # a backend name or option it does not take (from a config file or a flag), and a
    SandboxSettings(isolation=sandbox_level).requested_level()  # CODEBUDGET_SANDBOX: refused before the store opens
    with contextlib.ExitStack() as stack:
        store = stack.enter_context(Store.open(db))
        sandbox = stack.enter_context(open_sandbox(sandbox_level, workers=config.workers))
        backend = open_backend(spec)
        stack.callback(backend.close)
        yield store, backend, sandbox


@contextlib.contextmanager
def opened_store(config: PipelineConfig, db: Path) -> Iterator[Any]:
    """The store for ``config`` when its tasks run on a cluster's workers (they open the backend and sandbox)."""
    from codebudget.backends.registry import BackendSpec, checked_class
    from codebudget.store import Store

    checked_class(BackendSpec.from_config(config))  # a backend name or option it does not take: before any work
    with Store.open(db) as store:
        yield store


@contextlib.contextmanager
def executor_for(name: str, address: str | None, sandbox_level: str) -> Iterator[Any]:
    """The executor a command's runs share: None for the local one (each run opens its backend and sandbox
    here, as always), else a started cluster executor (``--executor ray``), stopped on exit.

    One-line errors: an executor that is not installed, a cluster that cannot be reached, ``--address``
    without a cluster executor.
    """
    from codebudget.errors import CodebudgetError
    from codebudget.pipeline.executor import EXECUTORS, open_executor

    if getattr(EXECUTORS.lookup(name), "in_process", False):
        if address is not None:
            raise CodebudgetError(f"--address is for a cluster executor (--executor ray), not --executor {name}")
        yield None
        return
    from codebudget.sandbox.settings import SandboxSettings

    SandboxSettings(isolation=sandbox_level).requested_level()  # CODEBUDGET_SANDBOX: refused before connecting

    def note(line: str) -> None:
        out.print(line, style="dim", highlight=False, markup=False)

    executor = open_executor(name, address, isolation=sandbox_level, note=note)
    try:
        workers = executor.describe() if hasattr(executor, "describe") else []
        if workers:
            machines = sorted({_machine_words(w.get("machine", {})) for w in workers})
            note(f"{name}: {len(workers)} workers on {len({w.get('node') for w in workers})} nodes ({'; '.join(machines)})")
        yield executor
    finally:
        executor.close()


def _machine_words(machine: dict) -> str:
    threads = machine.get("threads")
    return f"{machine.get('cpu', '?')}, {threads if threads is not None else '?'} threads"


READ, CACHE, WRITE = "read", "cache", "write"


def existing_store(db: Path, access: str = READ):
    """The store at ``db``; a one-line error (creating nothing) if there is no file.

    ``access``: ``read`` (commands that only read) opens it read-only
    (:meth:`Store.open_read_only`): nothing in it changes and a store in a
    read-only folder works; a store from an older codebudget is first upgraded
    where it can be written, as every command did before. ``cache`` (commands
    that keep what they compute: behaviours, generated tests) opens it to write
    where it can be written, else read-only (keeping nothing). ``write`` opens
    it to write.
    """
    from codebudget.errors import CodebudgetError
    from codebudget.store import OutdatedSchemaError, Store, StoreError

    if not db.exists():
        raise CodebudgetError(f"no results store at {db} (choose one with --db)")
    if access == WRITE:
        return Store.open(db)
    if access == CACHE:
        try:
            return Store.open(db)
        except StoreError:
            pass  # cannot be written here (or is no store: reading it again says why)
    try:
        return Store.open_read_only(db)
    except OutdatedSchemaError as outdated:
        try:
            Store.open(db).close()  # applies the migrations
        except StoreError:
            raise outdated from None
    return Store.open_read_only(db)


@contextlib.contextmanager
def existing_run(db: Path, run_hash: str, what: str = "run", access: str = READ) -> Iterator[tuple]:
    """The store at ``db`` and its run ``run_hash``; a one-line error (creating nothing) if either is missing."""
    from codebudget.errors import CodebudgetError

    with existing_store(db, access) as store:
        run = store.get_run(run_hash)
        if run is None:
            raise CodebudgetError(f"no {what} {run_hash!r} in {db}")
        yield store, run


def load_problems(config: PipelineConfig) -> list[Problem]:
    """The configuration's benchmark tasks, cut to ``config.limit``."""
    from codebudget.benchmarks import load

    problems = load(config.benchmark)
    return problems[: config.limit] if config.limit else problems


@dataclasses.dataclass
class TaskLines:
    """One plain line per finished task, for logs: the bar only draws on a terminal.

    Tasks found finished in the store return at once; only tasks that took
    work (``MIN_WORK_S`` or more) count towards the mean time and the ETA.
    """

    total: int
    started: float = dataclasses.field(default_factory=time.monotonic)
    last: float = 0.0
    done: int = 0
    worked: int = 0
    work_s: float = 0.0

    MIN_WORK_S = 0.5

    def line(self, task_id: str, honest: int, now: float | None = None) -> str:
        """Record one finished task and describe it: progress, its time, running pass count, elapsed, ETA."""
        now = time.monotonic() if now is None else now
        took = now - (self.last or self.started)
        self.last, self.done = now, self.done + 1
        if took >= self.MIN_WORK_S:
            self.worked, self.work_s = self.worked + 1, self.work_s + took
        eta = (self.total - self.done) * self.work_s / self.worked if self.worked else 0.0
        return (f"{self.done}/{self.total} {task_id} took {took:.1f}s · honest pass {honest}/{self.done} · "
                f"elapsed {_clock(now - self.started)} · eta {_clock(eta)}")


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"


def run_with_progress(config: PipelineConfig, problems: Sequence[Problem], db: Path, sandbox_level: str,
                      executor: Any = None, mixed_machines: bool = False) -> RunSummary:
    """Run ``config`` with a progress bar (tasks done, ETA, running pass rate); a line per task when logged.

    ``executor``: a started cluster executor (:func:`executor_for`), or None to run here. ``mixed_machines``:
    resume the run even where this machine's speed probe differs from its finished tasks'.
    """
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("eta"), TimeRemainingColumn(), TextColumn("{task.fields[rate]}"))
    passed = {"honest": 0, "done": 0}
    lines = None if out.is_terminal else TaskLines(len(problems))
    resources = (opened(config, db, sandbox_level) if executor is None
                 else _with_nothing_else(opened_store(config, db)))
    with resources as (store, backend, sandbox), Progress(*columns, console=out) as bar:
        progress = bar.add_task(config.describe(), total=len(problems), rate="")

        def on_task(problem: Problem, result) -> None:
            chosen = result.selection(config.selection)
            passed["done"] += 1
            passed["honest"] += bool(chosen and chosen.hidden_passed)
            bar.update(progress, advance=1, rate=f"pass {passed['honest']}/{passed['done']}")
            if lines is not None:
                out.print(lines.line(problem.task_id, passed["honest"]), highlight=False, markup=False)

        def on_note(line: str) -> None:  # another process on the same run: waiting for it, or taking over
            out.print(line, style="dim", highlight=False, markup=False)

        return run_config(config, problems, store=store, backend=backend, sandbox=sandbox, executor=executor,
                          on_task=on_task, on_note=on_note, mixed_machines=mixed_machines)


@contextlib.contextmanager
def _with_nothing_else(store_context) -> Iterator[tuple]:  # noqa: ANN001 - a context manager of a Store
    with store_context as store:
        yield store, None, None


def print_summary(summary: RunSummary) -> None:
    """The run's figures, each labelled with the selection it came from."""
    out.print(f"[bold]{summary.description}[/]  run {summary.run_hash}  tasks {summary.tasks}")
    chosen = ("honest: chosen by public tests" if summary.selection == "public-tests"
              else f"chosen by the run's policy, {summary.selection}")
    out.print(f"  pass@1 ({chosen}, graded on hidden tests): [bold]{summary.honest_pass:.3f}[/]")
    out.print(f"  pass@1 (oracle: any candidate passes the hidden tests, as the seed paper): {summary.oracle_pass:.3f}")
    out.print(f"  per task: {summary.mean_wall_s:.1f}s, {summary.mean_tokens:.0f} tokens, {summary.mean_calls:.1f} model calls")
