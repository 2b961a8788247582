"""The report's figures: the Pareto plot and the N×K heat maps (drawn by :mod:`codebudget.reports.render.plots`)."""

from __future__ import annotations

from codebudget.reports.model import Figure, Report, Section
from codebudget.reports.text import COST_UNIT

PARETO_PNG = "pareto.png"
GRID_PNG = "grid.png"


def layout(report: Report) -> tuple[Section, ...]:
    """The Pareto plot and the N×K heat map."""
    unit = COST_UNIT[report.cost_kind]
    return (Section("Figures", figures=(
        Figure(PARETO_PNG, f"pass@1 against mean {unit} per task: honest (circles) and oracle (squares) as separate "
                           "series, each one's Pareto front of fixed configurations drawn as a line, labels N,K; "
                           "adaptive policies (one-by-one sampling) as stars (honest) and crosses (oracle)"
                           + ("; selection policies (honest) as diamonds, one colour each, labels N,K"
                              if any(m.policies for m in report.modes) else "")),
        Figure(GRID_PNG, "pass@1 over N and K: honest (left) and oracle (right)"),
    )),)
