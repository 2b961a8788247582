"""The report model: the frozen records a report is made of, and the blocks its sections are laid out in.

:mod:`codebudget.reports.gather` fills a :class:`Report` from the store;
:mod:`codebudget.reports.sections` lays it out as :class:`Section` records;
:mod:`codebudget.reports.render` writes those as Markdown, HTML and PNG.

Per selection mode (honest, then oracle; never mixed) a :class:`ModeReport`
holds every configuration's pass@1 with its 95% paired-bootstrap interval and
mean time, tokens and calls per task; the N×K grid with IE(N,K) and main
effects; the Pareto front in the chosen cost and each step along it; budget
answers; per-task outcomes. The :class:`Report` adds the provenance of every run.
"""

from __future__ import annotations

import dataclasses

from codebudget.analysis import ArmCell, BudgetChoice, BudgetPlan, CostKind, Estimate, Point, SelectionMode, Step
from codebudget.reports.paper import Paper

# --- the two selection modes a report shows -------------------------------------------------------------------

#: Modes in the order reports show them: honest first.
MODES: tuple[SelectionMode, ...] = (SelectionMode.HONEST, SelectionMode.ORACLE)

#: The replay/pipeline policy whose outcomes each selection mode reports.
POLICY_OF_MODE: dict[SelectionMode, str] = {
    SelectionMode.HONEST: "public-tests",
    SelectionMode.ORACLE: "oracle",
}

#: What each mode means, in the words every figure is labelled with.
MODE_MEANING: dict[SelectionMode, str] = {
    SelectionMode.HONEST: "the answer chosen by the public tests, graded on the hidden tests: what a user gets",
    SelectionMode.ORACLE: "success if any candidate passes the hidden tests: the seed paper's measure",
}

#: Short labels for figure legends and table headers.
MODE_LABEL: dict[SelectionMode, str] = {
    SelectionMode.HONEST: "honest (public-test selection)",
    SelectionMode.ORACLE: "oracle (any candidate passes hidden tests)",
}

# --- the analysis records --------------------------------------------------------------------------------------

FIXED, ADAPTIVE, POLICY = "fixed", "adaptive", "policy"
"""What a configuration of a report is: an (N, K) cell of the grid, an adaptive policy, or a selection policy."""

Cell = tuple[int, int]


@dataclasses.dataclass(frozen=True)
class ConfigFigures:
    """One configuration (fixed, adaptive or a selection policy's) under one selection mode."""

    name: str
    detail: str  # the parameters (fixed, policy) or the staged policy (adaptive)
    n: int | None
    k: int | None
    temperature: float | None
    kind: str  # FIXED, ADAPTIVE or POLICY
    pass_at_1: Estimate
    wall_s: float
    tokens: float
    calls: float
    policy: str = ""  # the selection policy's name (POLICY kind)

    def cost(self, kind: CostKind) -> float:
        """Mean cost per task of the given kind."""
        return float(getattr(self, CostKind(kind).value))

    @property
    def short_label(self) -> str:
        """``N,K`` for a grid cell, else the name (for plot labels)."""
        return f"{self.n},{self.k}" if self.n is not None and self.k is not None else self.name


@dataclasses.dataclass(frozen=True)
class BudgetAnswer:
    """Everything a report says about one budget, in one selection mode."""

    budget: float
    choice: BudgetChoice
    plan: BudgetPlan | None  # knapsack, one group of all tasks
    hindsight: BudgetPlan | None  # per-task choice in hindsight: a bound, not a policy

    @property
    def fits(self) -> bool:
        """Whether any fixed configuration fits."""
        return self.choice.fits


@dataclasses.dataclass(frozen=True)
class TaskOutcomes:
    """Per-task success (expected, for pools) of each configuration, in ``names`` order."""

    names: tuple[str, ...]
    rows: tuple[tuple[str, tuple[float, ...]], ...]


@dataclasses.dataclass(frozen=True)
class ModeReport:
    """Everything a report shows for one selection mode."""

    selection: SelectionMode
    configs: tuple[ConfigFigures, ...]  # fixed configurations
    adaptive: tuple[ConfigFigures, ...]
    policies: tuple[ConfigFigures, ...]  # honest selection policies beyond public-tests (honest mode only)
    grid: tuple[tuple[Cell, str], ...]  # (N, K) -> configuration name
    interactions: tuple[Estimate, ...]
    main_effects: tuple[Estimate, ...]
    front: tuple[Point, ...]
    steps: tuple[Step, ...]
    budgets: tuple[BudgetAnswer, ...]
    per_task: TaskOutcomes
    stage_effects: tuple[ArmCell, ...] = ()  # each prompt stage's pool against the pool without (same options)

    def figures(self, name: str) -> ConfigFigures:
        """The figures of the configuration called ``name``."""
        for item in self.configs + self.adaptive + self.policies:
            if item.name == name:
                return item
        raise KeyError(f"no configuration {name!r}")

    def cell(self, n: int, k: int) -> ConfigFigures | None:
        """The grid configuration at (N, K), if measured."""
        name = dict(self.grid).get((n, k))
        return None if name is None else self.figures(name)

    @property
    def ns(self) -> tuple[int, ...]:
        """N levels of the grid."""
        return tuple(sorted({cell[0] for cell, _ in self.grid}))

    @property
    def ks(self) -> tuple[int, ...]:
        """K levels of the grid."""
        return tuple(sorted({cell[1] for cell, _ in self.grid}))


@dataclasses.dataclass(frozen=True)
class RunProvenance:
    """One run: model and its sha256, configuration, machine, package versions, sandbox isolation."""

    run_hash: str
    kind: str  # pool or run
    model: str
    model_sha256: str | None
    created_at: str
    config: tuple[tuple[str, str], ...]
    machine: str
    cpu_count: str
    platform: str
    python: str
    packages: tuple[tuple[str, str], ...]
    git: str | None
    isolation: str
    tasks_finished: int


@dataclasses.dataclass(frozen=True)
class PreparedTask:
    """What one prompt stage of a run prepared for one task: its text (a plan) or sources, and its seconds."""

    run_hash: str
    task_id: str
    stage: str
    text: str
    sources: tuple[str, ...]
    wall_s: float


@dataclasses.dataclass(frozen=True)
class Report:
    """The analysis of one or more stored runs."""

    title: str
    cost_kind: CostKind
    n_tasks: int
    dropped_tasks: int
    runs: tuple[RunProvenance, ...]
    modes: tuple[ModeReport, ...]
    notes: tuple[str, ...]
    level: float
    n_resamples: int
    reference: Paper | None = None  # published figures to set beside ours (``--against``)
    prepared: tuple[PreparedTask, ...] = ()  # what the runs' prompt stages put before each task

    def mode(self, selection: SelectionMode) -> ModeReport:
        """The part of the report for one selection mode."""
        return next(m for m in self.modes if m.selection is SelectionMode(selection))


@dataclasses.dataclass(frozen=True)
class BestAnswer:
    """The best fixed configuration within a budget, and every configuration's figures in that mode."""

    choice: BudgetChoice
    figures: tuple[ConfigFigures, ...]
    n_tasks: int
    notes: tuple[str, ...]


# --- the blocks a report's sections are laid out in -------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class TextTable:
    """A table of strings with a caption."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclasses.dataclass(frozen=True)
class Figure:
    """A PNG file of the report and its caption."""

    file: str
    caption: str


@dataclasses.dataclass(frozen=True)
class Section:
    """A titled part of the report; ``collapsed`` ones are folded away in HTML."""

    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[TextTable, ...] = ()
    figures: tuple[Figure, ...] = ()
    collapsed: bool = False
