"""Formatting numbers for reports: estimates with intervals, costs, percentage points."""

from __future__ import annotations

from codebudget.analysis import CostKind, Estimate
from codebudget.reports.parsing import COST_UNIT

#: Decimal places of a mean cost per task, by kind.
COST_DIGITS: dict[CostKind, int] = {CostKind.WALL_S: 1, CostKind.TOKENS: 0, CostKind.CALLS: 2}


def estimate(value: Estimate, digits: int = 3) -> str:
    """``0.623 (0.551 to 0.702)``."""
    return f"{value.value:.{digits}f} ({value.low:.{digits}f} to {value.high:.{digits}f})"


def interval(value: Estimate, digits: int = 3) -> str:
    """``0.551 to 0.702``."""
    return f"{value.low:.{digits}f} to {value.high:.{digits}f}"


def signed(value: Estimate, digits: int = 3) -> str:
    """``+0.120 (+0.050 to +0.190)``, for differences."""
    return f"{value.value:+.{digits}f} ({value.low:+.{digits}f} to {value.high:+.{digits}f})"


def cost(value: float, kind: CostKind) -> str:
    """``12.3 s``, ``340 tokens``, ``2.10 calls``."""
    kind = CostKind(kind)
    return f"{value:.{COST_DIGITS[kind]}f} {COST_UNIT[kind]}"


def points(value: Estimate) -> str:
    """A difference of pass@1 in percentage points with its interval: ``+12.0 pp (+5.0 to +19.0)``."""
    return f"{100 * value.value:+.1f} pp ({100 * value.low:+.1f} to {100 * value.high:+.1f})"


def ratio(value: float | None, unit: str) -> str:
    """``1.23 pp/s``, or ``–`` when not meaningful."""
    return "–" if value is None else f"{value:.3g} {unit}"
