"""Per-task outcome tables: the one input shape of every analysis function.

A :class:`ConfigOutcomes` holds, for one configuration and one selection mode,
numpy arrays aligned by task id: success in [0, 1] (1/0 for a single run, an
expected value for a pool replay), wall time, tokens and model calls per task.
An :class:`OutcomeTable` is a set of them over exactly the same tasks, so any two
configurations can be compared task by task. Both a store query and a pool
replay feed it through :meth:`OutcomeTable.from_rows`.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from enum import Enum
from typing import Callable, Iterable, Literal, NamedTuple, Sequence

import numpy as np

SUCCESS_TOLERANCE = 1e-9


class SelectionMode(str, Enum):
    """How the final candidate of a task was chosen; every figure carries one."""

    HONEST = "honest"  # chosen on public tests only: what a user would get
    ORACLE = "oracle"  # a task counts if any candidate passes the hidden tests


class CostKind(str, Enum):
    """Which per-task cost a trade-off is measured in."""

    WALL_S = "wall_s"
    TOKENS = "tokens"
    CALLS = "calls"


@dataclasses.dataclass(frozen=True)
class Config:
    """One pipeline configuration, identified by ``name`` (a label or a hash).

    ``n`` candidates, ``k`` repair rounds, ``temperature`` and ``seed`` are the
    parameters the paper varies; ``params`` holds any others as sorted
    ``(key, value)`` string pairs. ``n``/``k`` are ``None`` for composites
    (adaptive policies, knapsack plans) that have no single value.
    """

    name: str
    selection: SelectionMode
    n: int | None = None
    k: int | None = None
    temperature: float | None = None
    seed: int | None = None
    params: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "selection", SelectionMode(self.selection))
        object.__setattr__(self, "params", tuple(sorted(self.params)))

    def family(self) -> Config:
        """The configuration with name and seed blanked: repeated seeds share it."""
        return dataclasses.replace(self, name="", seed=None)

    def describe(self) -> str:
        """A readable label built from the parameters (not the name)."""
        parts = [f"{key}={value}" for key, value in self._fields() if value is not None]
        return " ".join(parts) or self.name

    def _fields(self) -> list[tuple[str, object]]:
        fixed: list[tuple[str, object]] = [("N", self.n), ("K", self.k), ("T", self.temperature)]
        return fixed + list(self.params)


class OutcomeRow(NamedTuple):
    """One plain row: a configuration's outcome on one task."""

    config: Config
    task_id: str
    success: float
    wall_s: float
    tokens: float
    calls: float


def _frozen_array(values: Sequence[float] | np.ndarray, order: np.ndarray) -> np.ndarray | None:
    """``values`` reordered, as a read-only float64 copy; None unless one finite value per task."""
    array: np.ndarray = np.asarray(values, dtype=np.float64)
    if array.shape != order.shape or not np.all(np.isfinite(array)):
        return None
    array = array[order].copy()
    array.setflags(write=False)
    return array


@dataclasses.dataclass(frozen=True, eq=False)
class ConfigOutcomes:
    """Per-task outcomes of one configuration, sorted by task id on construction.

    The four columns accept any 1-d array-like of floats, one per task; they are
    stored as read-only float64 arrays.
    """

    config: Config
    task_ids: tuple[str, ...]
    success: np.ndarray
    wall_s: np.ndarray
    tokens: np.ndarray
    calls: np.ndarray

    def __post_init__(self) -> None:
        ids = tuple(self.task_ids)
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.config.name}: duplicate task ids")
        order = np.argsort(np.asarray(ids, dtype=object), kind="stable") if ids else np.arange(0, dtype=np.intp)
        object.__setattr__(self, "task_ids", tuple(ids[i] for i in order))
        for column in ("success", "wall_s", "tokens", "calls"):
            array = _frozen_array(getattr(self, column), order)
            if array is None:
                raise ValueError(f"{self.config.name}: {column} must be finite, one per task")
            object.__setattr__(self, column, array)
        self._validate_ranges()

    def _validate_ranges(self) -> None:
        low, high = -SUCCESS_TOLERANCE, 1 + SUCCESS_TOLERANCE
        if np.any((self.success < low) | (self.success > high)):
            raise ValueError(f"{self.config.name}: success must lie in [0, 1]")
        if any(np.any(self.cost(kind) < 0) for kind in CostKind):
            raise ValueError(f"{self.config.name}: costs must be non-negative")

    @property
    def name(self) -> str:
        """The configuration's name."""
        return self.config.name

    @property
    def selection(self) -> SelectionMode:
        """The selection mode the successes were measured under."""
        return self.config.selection

    def cost(self, kind: CostKind) -> np.ndarray:
        """Per-task cost column of the given kind."""
        return np.asarray(getattr(self, CostKind(kind).value))

    def pass_at_1(self) -> float:
        """Mean success over tasks."""
        return float(self.success.mean())

    def mean_cost(self, kind: CostKind) -> float:
        """Mean cost per task."""
        return float(self.cost(kind).mean())

    def restrict(self, task_ids: Iterable[str]) -> ConfigOutcomes:
        """The same outcomes on a subset of tasks."""
        position = {task: i for i, task in enumerate(self.task_ids)}
        index = np.asarray([position[task] for task in task_ids], dtype=np.intp)
        return self._take(index)

    def _take(self, index: np.ndarray) -> ConfigOutcomes:
        return ConfigOutcomes(
            config=self.config,
            task_ids=tuple(self.task_ids[i] for i in index),
            success=self.success[index],
            wall_s=self.wall_s[index],
            tokens=self.tokens[index],
            calls=self.calls[index],
        )


def outcomes_from_rows(config: Config, rows: Iterable[OutcomeRow]) -> ConfigOutcomes:
    """Build one configuration's outcomes from its rows."""
    rows = list(rows)
    return ConfigOutcomes(
        config=config,
        task_ids=tuple(row.task_id for row in rows),
        success=np.array([row.success for row in rows], dtype=np.float64),
        wall_s=np.array([row.wall_s for row in rows], dtype=np.float64),
        tokens=np.array([row.tokens for row in rows], dtype=np.float64),
        calls=np.array([row.calls for row in rows], dtype=np.float64),
    )


Missing = Literal["raise", "intersect"]


def _common_tasks(outcomes: Sequence[ConfigOutcomes], missing: Missing) -> tuple[str, ...]:
    sets = [set(item.task_ids) for item in outcomes]
    common = set.intersection(*sets)
    union = set.union(*sets)
    if missing == "raise" and common != union:
        lacking = {o.name: len(union - set(o.task_ids)) for o in outcomes if set(o.task_ids) != union}
        raise ValueError(f"configurations lack tasks others have (count per config): {lacking}")
    return tuple(sorted(common))


@dataclasses.dataclass(frozen=True, eq=False)
class OutcomeTable:
    """Outcomes of several configurations over exactly the same tasks."""

    outcomes: tuple[ConfigOutcomes, ...]

    def __post_init__(self) -> None:
        if not self.outcomes:
            raise ValueError("an outcome table needs at least one configuration")
        first = self.outcomes[0].task_ids
        if any(item.task_ids != first for item in self.outcomes):
            raise ValueError("all configurations must cover the same tasks; use OutcomeTable.aligned")
        keys = [(item.name, item.selection) for item in self.outcomes]
        if len(set(keys)) != len(keys):
            raise ValueError("configuration names must be unique within a selection mode")

    @classmethod
    def aligned(cls, outcomes: Iterable[ConfigOutcomes], missing: Missing = "raise") -> OutcomeTable:
        """A table of ``outcomes``; ``missing="intersect"`` keeps only tasks all of them have."""
        outcomes = tuple(outcomes)
        if not outcomes:
            raise ValueError("an outcome table needs at least one configuration")
        common = _common_tasks(outcomes, missing)
        return cls(tuple(item.restrict(common) for item in outcomes))

    @classmethod
    def from_rows(cls, rows: Iterable[OutcomeRow], missing: Missing = "raise") -> OutcomeTable:
        """Build a table from plain ``(config, task_id, success, wall_s, tokens, calls)`` rows."""
        grouped: dict[Config, list[OutcomeRow]] = defaultdict(list)
        for plain in rows:
            row = OutcomeRow(*plain)
            grouped[row.config].append(row)
        return cls.aligned((outcomes_from_rows(c, r) for c, r in grouped.items()), missing)

    @property
    def task_ids(self) -> tuple[str, ...]:
        """The tasks, sorted."""
        return self.outcomes[0].task_ids

    @property
    def n_tasks(self) -> int:
        """Number of tasks."""
        return len(self.task_ids)

    @property
    def names(self) -> tuple[str, ...]:
        """Configuration names, in table order."""
        return tuple(item.name for item in self.outcomes)

    @property
    def selection(self) -> SelectionMode:
        """The single selection mode of the table; raises if it mixes modes."""
        modes = {item.selection for item in self.outcomes}
        if len(modes) != 1:
            raise ValueError("table mixes honest and oracle outcomes; use table.only(mode)")
        return modes.pop()

    def only(self, selection: SelectionMode) -> OutcomeTable:
        """The configurations measured under one selection mode."""
        return self.where(lambda config: config.selection == SelectionMode(selection))

    def where(self, keep: Callable[[Config], bool]) -> OutcomeTable:
        """The configurations whose :class:`Config` satisfies ``keep``."""
        return OutcomeTable(tuple(item for item in self.outcomes if keep(item.config)))

    def get(self, name: str) -> ConfigOutcomes:
        """The outcomes of the configuration called ``name`` (single-mode tables)."""
        _ = self.selection  # raises on a mixed table, where a name is ambiguous
        for item in self.outcomes:
            if item.name == name:
                return item
        raise KeyError(f"no configuration named {name!r}; have {self.names}")

    def with_outcomes(self, *more: ConfigOutcomes) -> OutcomeTable:
        """This table plus more configurations over the same tasks."""
        return OutcomeTable(self.outcomes + tuple(more))

    def matrix(self, column: str = "success") -> np.ndarray:
        """A (configurations, tasks) array of ``success`` or a cost column."""
        return np.stack([np.asarray(getattr(item, column)) for item in self.outcomes])
