"""Each prompt stage against no stage, cell by cell, when the report's pools are arms of one baseline.

Shown when the report holds one pool without prompt stages and pools that differ from it only in their
stages (``codebudget report NONE PLAN RETRIEVAL ...``, as ``bench/stages.py`` makes them): per selection mode,
each stage's pass@1 and seconds beside the baseline's at every (N, K), the difference paired over tasks,
and IE(stage, N): whether the stage adds to what sampling more gives.
"""

from __future__ import annotations

from codebudget.analysis import CostKind
from codebudget.reports import text
from codebudget.reports.model import MODE_LABEL, ModeReport, Report, Section, TextTable

HEADERS = ("stage", "N", "K", "pass@1 with the stage", "pass@1 without", "difference (95% CI)",
           "IE(stage, N) (95% CI)", "time/task with", "time/task without")
NOTE = ("Each stage's pool against the pool without stages (same model and options), on the same tasks. "
        "IE(stage, N) = Q(stage, N) − Q(stage, 1) − Q(none, N) + Q(none, 1) at the same K: above zero the stage "
        "adds to what more candidates give; below, the two do part of the same work. A stage's time includes its "
        "own work (a plan call, the search, the look-up).")


def layout(report: Report) -> tuple[Section, ...]:
    """One section per selection mode with stage effects; none when the report's pools are not arms."""
    return tuple(_section(mode) for mode in report.modes if mode.stage_effects)


def _section(mode: ModeReport) -> Section:
    rows = []
    for cell in mode.stage_effects:
        arm, base = mode.figures(cell.name), mode.figures(cell.baseline)
        rows.append((cell.arm, str(cell.n), str(cell.k), text.estimate(arm.pass_at_1), text.estimate(base.pass_at_1),
                     text.signed(cell.effect), text.signed(cell.interaction) if cell.interaction else "–",
                     text.cost(arm.wall_s, CostKind.WALL_S), text.cost(base.wall_s, CostKind.WALL_S)))
    label = mode.selection.value
    table = TextTable(f"Prompt stages against none [{label}]", HEADERS, tuple(rows))
    return Section(f"Prompt stages, {MODE_LABEL[mode.selection]}", (NOTE,), (table,))
