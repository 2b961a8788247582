"""What the dashboard shows, read from the store: runs and their progress, a run's analysis, one task's work.

Every view opens the store read-only for the request and closes it, so a pool that is
running in another process is seen as it grows (SQLite's write-ahead log lets readers
in while it writes). Nothing here writes.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import math
import time
from pathlib import Path

from codebudget.errors import CodebudgetError
from codebudget.reports.model import ConfigFigures, Report
from codebudget.store import Store
from codebudget.store.leases import TaskLeases

BUDGETS = (10.0, 20.0, 30.0, 60.0)


@dataclasses.dataclass(frozen=True)
class RunLine:
    """One run in the list: what it is, how far it has got, its pass rates so far."""

    run_hash: str
    label: str
    kind: str  # "pool" (a grid is derived from it) or "run"
    model: str
    benchmark: str
    shape: str  # "M=5 K_max=2 T=0.8" / "N=1 K=0 T=0"
    stages: str
    created_at: str
    finished: int
    total: int
    running: bool
    honest: float | None
    oracle: float | None

    @property
    def status(self) -> str:
        if self.running:
            return "running"
        return "finished" if self.finished >= self.total else "stopped"


@dataclasses.dataclass(frozen=True)
class Version:
    """One version of a candidate: the code, how it was made and how it fared."""

    round: int
    code: str
    syntax_ok: bool
    finish: str
    tokens: int
    call_s: float
    public: str  # "passed 2/2", "failed 1/2: AssertionError", "not run: SyntaxError"
    public_passed: bool
    hidden: str
    hidden_passed: bool
    diff: str  # against the version it repairs ("" for a first attempt)


@dataclasses.dataclass(frozen=True)
class Chain:
    sample_index: int
    versions: tuple[Version, ...]


@dataclasses.dataclass(frozen=True)
class TaskView:
    """One task of one run: its prompt, what stages prepared, every candidate's chain, and the picks."""

    run_hash: str
    task_id: str
    benchmark: str
    prompt: str  # the first attempt's prompt, as the model read it (chat messages)
    prepared: tuple[tuple[str, str], ...]  # (stage, text): a plan, retrieved functions
    chains: tuple[Chain, ...]
    picks: tuple[tuple[str, str], ...]  # (policy, "candidate 2, round 0 · hidden passed")


def opened(db: Path) -> Store:
    """The store at ``db``, read-only (one-line error when it is missing)."""
    if not db.exists():
        raise CodebudgetError(f"no store at {db}")
    return Store.open_read_only(db)


def _shape(config: dict, pool: bool) -> str:
    temperature = float(config.get("temperature", 0))
    n, k = ("M", "K_max") if pool else ("N", "K")
    return f"{n}={config.get('n', 1)} {k}={config.get('k', 0)} T={temperature:g}"


def runs(db: Path) -> list[RunLine]:
    """Every run in the store, newest first, with its progress."""
    from codebudget.reports.gather.runs import is_pool

    with opened(db) as store:
        leases = TaskLeases.of(store)
        now = time.time()
        lines = []
        tasks: dict[str, int] = {}
        for run in store.iter_runs():
            config = run.config
            results = list(store.iter_task_results(run.config_hash))
            benchmark = str(config.get("benchmark", ""))
            if benchmark not in tasks:  # runs share benchmarks: each one's tasks are counted once
                tasks[benchmark] = sum(1 for _ in store.iter_tasks(benchmark))
            total = tasks[benchmark]
            if config.get("limit"):
                total = min(total, int(config["limit"]))
            running = any(lease.expires_at > now for lease in leases.leases(run.config_hash))

            def rate(policy: str) -> float | None:
                picks = [s.hidden_passed for r in results for s in r.selections if s.policy == policy]
                return sum(picks) / len(picks) if picks else None

            pool = is_pool(run)
            lines.append(RunLine(run.config_hash, str(config.get("label") or ""), "pool" if pool else "run",
                                 run.model, benchmark, _shape(config, pool),
                                 ",".join(config.get("stages") or ()), run.created_at, len(results),
                                 max(total, len(results)), running, rate(str(config.get("selection", "public-tests"))),
                                 rate("oracle")))
    return sorted(lines, key=lambda line: line.created_at, reverse=True)


def report(db: Path, run_hash: str) -> Report:
    """The analysis of one run's finished tasks (a pool's whole N × K grid)."""
    from codebudget.reports import report_from_store

    with opened(db) as store:
        if store.get_run(run_hash) is None:
            raise KeyError(run_hash)
        return report_from_store(store, [run_hash], BUDGETS)


def _execution(row) -> tuple[str, bool]:  # noqa: ANN001 - an ExecutionRow or None
    if row is None:
        return "not run", False
    found = row.execution
    text = f"{'passed' if found.passed else found.status.value} {found.tests_passed}/{found.tests_total}"
    if not found.passed and found.error:
        text += f": {found.error.splitlines()[-1][:160] if found.error.splitlines() else found.error[:160]}"
    return text, found.passed


def _prompt_text(prompt: str) -> str:
    try:
        messages = json.loads(prompt)
    except (json.JSONDecodeError, TypeError):
        return prompt
    return "\n\n".join(f"[{m.get('role')}]\n{m.get('content')}" for m in messages)


def task(db: Path, run_hash: str, task_id: str) -> TaskView:
    """One task of one run, with every version of every candidate."""
    with opened(db) as store:
        run = store.get_run(run_hash)
        if run is None:
            raise KeyError(run_hash)
        generations = list(store.iter_generations(run_hash, task_id=task_id))
        if not generations:
            raise KeyError(task_id)
        benchmark = generations[0].key.benchmark
        codes: dict[tuple[int, int], str] = {}
        chains: dict[int, list[Version]] = {}
        for generation in generations:
            key = generation.key
            extraction = store.get_extraction(key)
            code = extraction.code if extraction is not None else ""
            codes[(key.sample_index, key.round)] = code
            parent = codes.get((generation.parent_index, generation.parent_round)) if key.round else None
            diff = "" if parent is None else "\n".join(difflib.unified_diff(
                parent.splitlines(), code.splitlines(), "before", "after", lineterm=""))
            public, public_passed = _execution(store.get_execution(key, "public"))
            if extraction is not None and not extraction.syntax_ok:
                public = f"not run: {extraction.syntax_error or 'syntax error'}"
            hidden, hidden_passed = _execution(store.get_execution(key, "hidden"))
            chains.setdefault(key.sample_index, []).append(Version(
                key.round, code, bool(extraction and extraction.syntax_ok), generation.sample.finish_reason.value,
                generation.sample.n_tokens, generation.call_wall_s, public, public_passed, hidden, hidden_passed, diff))
        result = store.get_task_result(run_hash, benchmark, task_id)
        picks = tuple((s.policy, "nothing" if s.sample_index is None else
                       f"candidate {s.sample_index}, round {s.round} · hidden {'passed' if s.hidden_passed else 'failed'}")
                      for s in (result.selections if result else ()))
        prepared = tuple((row.preparation.stage, row.preparation.text)
                         for row in store.iter_preparations(run_hash, benchmark) if row.task_id == task_id)
        return TaskView(run_hash, task_id, benchmark, _prompt_text(generations[0].prompt), prepared,
                        tuple(Chain(i, tuple(v)) for i, v in sorted(chains.items())), picks)


def task_ids(db: Path, run_hash: str) -> list[tuple[str, bool | None]]:
    """The run's finished tasks with whether its honest pick passed."""
    with opened(db) as store:
        run = store.get_run(run_hash)
        if run is None:
            raise KeyError(run_hash)
        policy = str(run.config.get("selection", "public-tests"))
        return [(r.task_id, next((s.hidden_passed for s in r.selections if s.policy == policy), None))
                for r in store.iter_task_results(run_hash)]


@dataclasses.dataclass(frozen=True)
class PlotPoint:
    """A configuration placed on the Pareto plot (SVG coordinates) with what its tooltip says."""

    x: float
    y: float
    low: float
    high: float
    label: str
    detail: str
    on_front: bool


def pareto_points(figures: tuple[ConfigFigures, ...], front: set[str], width: float = 640, height: float = 360,
                  margin: float = 48) -> tuple[list[PlotPoint], list[tuple[float, str]], list[tuple[float, str]]]:
    """The configurations as SVG points (x: seconds per task, log scale; y: pass@1), with the axes' ticks."""
    if not figures:
        return [], [], []
    costs = [max(f.wall_s, 1e-3) for f in figures]
    lo, hi = math.log10(min(costs)) - 0.05, math.log10(max(costs)) + 0.05
    span = max(hi - lo, 0.1)

    def x(cost: float) -> float:
        return margin + (math.log10(max(cost, 1e-3)) - lo) / span * (width - 2 * margin)

    def y(quality: float) -> float:
        return height - margin - quality * (height - 2 * margin)

    points = [PlotPoint(x(f.wall_s), y(f.pass_at_1.value), y(f.pass_at_1.low), y(f.pass_at_1.high), f.short_label,
                        f"{f.name}: pass@1 {f.pass_at_1.value:.3f} ({f.pass_at_1.low:.3f}–{f.pass_at_1.high:.3f}) at "
                        f"{f.wall_s:.1f} s/task", f.name in front) for f in figures]
    xticks = [(x(10 ** e), f"{10 ** e:g} s") for e in range(math.floor(lo), math.ceil(hi) + 1) if lo <= e <= hi]
    yticks = [(y(q / 10), f"{q / 10:.1f}") for q in range(0, 11, 2)]
    return points, xticks, yticks
