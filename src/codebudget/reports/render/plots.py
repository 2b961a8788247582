"""PNG figures of a report (matplotlib, headless, imported only when a figure is drawn).

* :func:`pareto_png` — like the seed paper's Fig. 1: pass@1 against mean cost
  per task, honest and oracle as separate series, each mode's Pareto front
  drawn as a line, fixed configurations labelled ``N,K``, adaptive policies
  as stars, selection policies (``--policies``) as diamonds, one colour each.
* :func:`grid_png` — the N×K heat map of pass@1, honest and oracle side by side.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from codebudget.analysis import CostKind, SelectionMode
from codebudget.errors import CodebudgetError
from codebudget.reports.model import MODE_LABEL, ModeReport, Report

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

COLOURS: dict[SelectionMode, str] = {SelectionMode.HONEST: "tab:blue", SelectionMode.ORACLE: "tab:orange"}
MARKERS: dict[SelectionMode, str] = {SelectionMode.HONEST: "o", SelectionMode.ORACLE: "s"}
ADAPTIVE_MARKERS: dict[SelectionMode, tuple[str, float]] = {  # marker and size: both stay visible when they coincide
    SelectionMode.HONEST: ("*", 170.0),
    SelectionMode.ORACLE: ("X", 60.0),
}
POLICY_COLOURS = ("tab:green", "tab:red", "tab:purple", "tab:brown", "tab:pink", "tab:olive", "tab:cyan",
                  "tab:gray", "black")  # one per selection policy (more than these are not drawn)
AXIS_LABEL: dict[CostKind, str] = {
    CostKind.WALL_S: "mean seconds per task",
    CostKind.TOKENS: "mean generated tokens per task",
    CostKind.CALLS: "mean model calls per task",
}
QUALITY_MARGIN = 0.05
DPI = 110


def _figure(width: float, height: float) -> Figure:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise CodebudgetError("report figures need matplotlib: pip install 'codebudget[analysis]'") from None

    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _label(axes: Axes, x: float, y: float, words: str, colour: str) -> None:
    axes.annotate(words, (x, y), xytext=(4, 3), textcoords="offset points", fontsize=7, color=colour)


def _pareto_series(axes: Axes, mode: ModeReport, kind: CostKind) -> None:
    colour, name, marker = COLOURS[mode.selection], MODE_LABEL[mode.selection], MARKERS[mode.selection]
    fixed = mode.configs
    axes.scatter([f.cost(kind) for f in fixed], [f.pass_at_1.value for f in fixed], s=18, color=colour, alpha=0.45,
                 marker=marker, label=f"{name}: fixed N,K")
    for f in fixed:
        _label(axes, f.cost(kind), f.pass_at_1.value, f.short_label, colour)
    axes.plot([p.cost for p in mode.front], [p.quality for p in mode.front], "-", marker=marker, color=colour,
              markersize=5, linewidth=1.6, label=f"{name}: Pareto front")
    if mode.adaptive:
        shape, size = ADAPTIVE_MARKERS[mode.selection]
        axes.scatter([a.cost(kind) for a in mode.adaptive], [a.pass_at_1.value for a in mode.adaptive],
                     marker=shape, s=size, zorder=3, color=colour, edgecolor="black", linewidth=0.6,
                     label=f"{name}: adaptive (one-by-one sampling)")
        for a in mode.adaptive:
            _label(axes, a.cost(kind), a.pass_at_1.value, a.name, colour)
    _policy_series(axes, mode, kind)


def _policy_series(axes: Axes, mode: ModeReport, kind: CostKind) -> None:
    """Each selection policy's (N, K) configurations as diamonds of its own colour, labelled ``N,K``."""
    names = list(dict.fromkeys(f.policy for f in mode.policies))
    for colour, name in zip(POLICY_COLOURS, names):
        found = [f for f in mode.policies if f.policy == name]
        axes.scatter([f.cost(kind) for f in found], [f.pass_at_1.value for f in found], marker="D", s=22, zorder=3,
                     color=colour, alpha=0.8, label=f"{mode.selection.value} selection policy: {name}")
        for f in found:
            _label(axes, f.cost(kind), f.pass_at_1.value, f.short_label, colour)


def _quality_range(report: Report) -> tuple[float, float]:
    values = [f.pass_at_1.value for mode in report.modes for f in mode.configs + mode.adaptive + mode.policies]
    return max(0.0, min(values) - QUALITY_MARGIN), min(1.0, max(values)) + QUALITY_MARGIN


def pareto_png(report: Report, path: Path) -> Path:
    """Write the Pareto plot of both modes to ``path``."""
    kind = report.cost_kind
    figure = _figure(8.0, 5.5)
    axes = figure.add_subplot()
    for mode in report.modes:
        _pareto_series(axes, mode, kind)
    axes.legend(fontsize=7, loc="best")
    axes.set_xlabel(AXIS_LABEL[kind])
    axes.set_ylabel("pass@1")
    axes.set_ylim(*_quality_range(report))
    axes.grid(alpha=0.3)
    axes.set_title(f"pass@1 vs {AXIS_LABEL[kind]}: honest and oracle selection\n{report.title}", fontsize=9)
    figure.savefig(path)
    return path


def _grid_matrix(mode: ModeReport) -> tuple[np.ndarray, list[list[str]]]:
    values = np.full((len(mode.ns), len(mode.ks)), np.nan)
    words = [["" for _ in mode.ks] for _ in mode.ns]
    for i, n in enumerate(mode.ns):
        for j, k in enumerate(mode.ks):
            found = mode.cell(n, k)
            if found is not None:
                values[i, j] = found.pass_at_1.value
                words[i][j] = f"{found.pass_at_1.value:.2f}\n{found.wall_s:.1f}s"
    return values, words


def _heat_map(axes: Axes, mode: ModeReport) -> Any:
    axes.set_title(f"{MODE_LABEL[mode.selection]}\npass@1 and s/task", fontsize=9)
    if not mode.grid:
        axes.text(0.5, 0.5, "no N×K grid", ha="center", va="center")
        axes.set_axis_off()
        return None
    values, words = _grid_matrix(mode)
    image = axes.imshow(values, vmin=0.0, vmax=1.0, cmap="viridis", aspect="auto")
    axes.set_xticks(range(len(mode.ks)), [f"K={k}" for k in mode.ks])
    axes.set_yticks(range(len(mode.ns)), [f"N={n}" for n in mode.ns])
    for (i, j), value in np.ndenumerate(values):
        colour = "black" if np.isfinite(value) and value > 0.6 else "white"
        axes.text(j, i, words[i][j], ha="center", va="center", fontsize=8, color=colour)
    return image


def grid_png(report: Report, path: Path) -> Path:
    """Write the N×K heat maps (honest left, oracle right) to ``path``."""
    figure = _figure(4.2 * len(report.modes) + 0.8, 4.2)
    images = [_heat_map(figure.add_subplot(1, len(report.modes), i + 1), mode) for i, mode in enumerate(report.modes)]
    shown = [image for image in images if image is not None]
    if shown:
        figure.colorbar(shown[-1], ax=figure.axes, label="pass@1", shrink=0.8)
    figure.suptitle(report.title, fontsize=8)
    figure.savefig(path)
    return path
