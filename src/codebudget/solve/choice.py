"""Which N and K to spend a budget on: from the user's own pool, or from the shipped table scaled to this machine.

A budget for ``solve`` is a hard limit on one task, not a mean over many, so a
configuration is judged by the time within which it finishes nine tasks in ten
(its 90th percentile over a pool's tasks), not by its mean: of the configurations
whose 90th percentile fits, the one with the highest honest pass@1 (ties: the lower
mean time, then fewer candidates). When none fits, the quickest is taken and the
deadline cuts it (:mod:`codebudget.solve.run` returns the best so far).

Where the figures come from, in order:

1. ``--calibration RUN`` names a pool (or run) the user made on this machine, read
   from the store like ``codebudget best`` reads it; its seconds are this machine's.
2. Otherwise the table shipped with codebudget (``table.json``, made by
   ``scripts/solve_table.py`` from the committed pools), whose seconds are scaled by
   the ratio of the machine that made them to this one, as a quick speed probe
   measures both (:mod:`codebudget.solve.speed`); a pool made on another machine than
   the probe's carries its measured conversion (``to_probe_machine``).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from importlib import resources
from typing import Sequence

import numpy as np

from codebudget.errors import CodebudgetError

PERCENTILE = 90
TABLE = "table.json"


@dataclasses.dataclass(frozen=True)
class Option:
    """One fixed configuration's honest pass@1 and its time per task (mean and 90th percentile), in seconds;
    ``temperature`` None: the one the run is given."""

    n: int
    k: int
    pass_at_1: float
    mean_s: float
    p90_s: float
    temperature: float | None = None

    @property
    def name(self) -> str:
        """``N=5 K=0`` (with ``T=0`` for a greedy option)."""
        return f"N={self.n} K={self.k}" + (f" T={self.temperature:g}" if self.temperature is not None else "")

    def scaled(self, factor: float) -> Option:
        """The same with its times multiplied by ``factor`` (another machine's speed)."""
        return dataclasses.replace(self, mean_s=self.mean_s * factor, p90_s=self.p90_s * factor)


@dataclasses.dataclass(frozen=True)
class Choice:
    """The configuration chosen for a budget and why."""

    option: Option
    fits: bool  # its 90th percentile is within the budget
    source: str  # where the figures came from, in words


def choose(options: Sequence[Option], budget_s: float) -> tuple[Option, bool]:
    """The best option whose 90th-percentile time fits ``budget_s``; else the quickest (and False)."""
    if not options:
        raise CodebudgetError("no configurations to choose from")
    fitting = [o for o in options if o.p90_s <= budget_s]
    if fitting:
        return min(fitting, key=lambda o: (-o.pass_at_1, o.mean_s, o.n, o.k)), True
    return min(options, key=lambda o: (o.p90_s, o.n, o.k)), False


def options_of(successes: Sequence[tuple[int, int, float | None, Sequence[float], Sequence[float]]]) -> list[Option]:
    """Options from (N, K, temperature, per-task success, per-task seconds) of one pool's honest grid."""
    return [Option(n, k, float(np.mean(success)), float(np.mean(seconds)),
                   float(np.percentile(seconds, PERCENTILE)), temperature)
            for n, k, temperature, success, seconds in successes]


def calibrated(store, run: str) -> list[Option]:  # noqa: ANN001 - a Store
    """The honest fixed configurations of the user's pool or run ``run`` in ``store``."""
    from codebudget.analysis.outcomes import SelectionMode
    from codebudget.reports.gather.outcomes import collect

    table = collect(store, [run]).table.only(SelectionMode.HONEST)
    rows = [(o.config.n, o.config.k, o.config.temperature, o.success, o.wall_s) for o in table.outcomes
            if o.config.n is not None and o.config.k is not None]
    if not rows:
        raise CodebudgetError(f"run {run} has no fixed N, K configurations to calibrate with")
    return options_of(rows)


@dataclasses.dataclass(frozen=True)
class ShippedTable:
    """The shipped figures of one model: its options and the probe speed of the machine that measured them."""

    model: str
    options: tuple[Option, ...]
    tokens_per_s: float
    source: str


@functools.cache
def _table() -> dict:
    """The shipped ``table.json``, read once per process."""
    return json.loads(resources.files("codebudget.solve").joinpath(TABLE).read_text())


def shipped(model: str) -> ShippedTable | None:
    """The shipped table of zoo model ``model``; None when there is none."""
    for entry in _table()["models"]:
        if entry["model"] == model:
            options = tuple(Option(c["n"], c["k"], c["pass_at_1"], c["mean_s"], c["p90_s"], c.get("temperature"))
                            .scaled(c.get("to_probe_machine", 1.0)) for c in entry["configs"])
            return ShippedTable(model, options, entry["probe_tokens_per_s"], entry["source"])
    return None


def default_model() -> str:
    """The model whose table stands in for a model that has none (the zoo's default)."""
    return _table()["fallback"]
