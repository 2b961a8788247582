"""Budgets as people write them: ``20s``, ``1.5m``, ``20`` (seconds), or plain counts for tokens and calls.

One reading for every front end that takes a budget: the report and ``best`` commands, ``solve``, ``serve`` and
the server's model-name suffix (``qwen2.5-coder-0.5b:budget=30s``).
"""

from __future__ import annotations

import math
import re

from codebudget.analysis import CostKind
from codebudget.errors import CodebudgetError

#: Seconds per unit suffix of a time budget ("" = seconds).
SECONDS_PER_UNIT: dict[str, float] = {"": 1.0, "s": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0}

#: Unit suffixes each cost kind accepts: counts take plain numbers only.
UNITS_OF_COST: dict[CostKind, dict[str, float]] = {
    CostKind.WALL_S: SECONDS_PER_UNIT,
    CostKind.TOKENS: {"": 1.0},
    CostKind.CALLS: {"": 1.0},
}

_NUMBER_AND_UNIT = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)\s*$")


def parse_budget(text: str, cost: CostKind = CostKind.WALL_S) -> float:
    """A budget on mean cost per task: ``"20s"``, ``"20"``, ``"1.5m"`` for seconds; plain numbers otherwise."""
    kind = CostKind(cost)
    found = _NUMBER_AND_UNIT.match(text.lower())
    units = UNITS_OF_COST[kind]
    if found is None or found.group(2) not in units:
        accepted = ", ".join(repr(f"20{u}") for u in units)
        raise CodebudgetError(f"cannot read budget {text!r} for cost {kind.value}: expected a number like {accepted}")
    value = float(found.group(1)) * units[found.group(2)]
    if not math.isfinite(value) or value <= 0:
        raise CodebudgetError(f"budget {text!r} must be a positive number")
    return value


def parse_budgets(text: str, cost: CostKind = CostKind.WALL_S) -> tuple[float, ...]:
    """Comma-separated budgets (see :func:`parse_budget`), sorted, without repeats."""
    parts = [part for part in text.split(",") if part.strip()]
    if not parts:
        raise CodebudgetError(f"expected comma-separated budgets, got {text!r}")
    return tuple(sorted({parse_budget(part, cost) for part in parts}))
