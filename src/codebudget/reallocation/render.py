"""A reallocation study as Markdown tables, and its plot (matplotlib, headless)."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from codebudget.analysis import Estimate
from codebudget.reallocation.arms import Arm
from codebudget.reallocation.compare import Matchup, Study
from codebudget.reallocation.findings import findings, verdict

UNITS = {"wall_s": "s/task", "gflops": "GFLOP/task"}


def _ci(e: Estimate | None) -> str:
    return "—" if e is None else f"{e.value:.3f} [{e.low:.3f}, {e.high:.3f}]"


def _diff(e: Estimate | None) -> str:
    return "—" if e is None else f"{e.value:+.3f} [{e.low:+.3f}, {e.high:+.3f}]"


def _cost(arm: Arm | None, kind: str) -> str:
    return "—" if arm is None else f"{arm.cost(kind):.3g}"


def _row(m: Matchup) -> str:
    b_name = "nothing fits" if m.b is None else m.b.name
    cells = [m.policy, f"[{m.a.selection.value}]", m.a.name, _ci(m.a_quality), _cost(m.a, m.cost_kind),
             b_name, _ci(m.b_quality), _cost(m.b, m.cost_kind), _diff(m.difference), verdict(m)]
    return "| " + " | ".join(cells) + " |"


def _table(rows: Sequence[Matchup], unit: str) -> list[str]:
    head = f"| policy | mode | arm A | pass@1 A [95% CI] | {unit} A | arm B (most that fit) | pass@1 B | {unit} B | A − B [95% CI] | verdict |"
    return [head, "|" + "---|" * 10] + [_row(m) for m in rows]


def study_markdown(found: Study) -> str:
    """The study's tables and the two findings, as Markdown."""
    unit = UNITS[found.cost_kind]
    lines = [f"### Equal cost in {unit} ({found.n_tasks} tasks)", "",
             f"**{found.small} × k within the cost of one {found.large} sample** (the seed paper's question):", ""]
    lines += _table(found.reference_rows, unit)
    lines += ["", f"**Every {found.small} × k against the most {found.large} samples that fit its cost:**", ""]
    lines += _table(found.budget_rows, unit)
    lines += ["", "| finding | verdicts | here |", "|---|---|---|"]
    lines += [f"| {f.claim} | {', '.join(f.verdicts) or '—'} | **{f.status}** |" for f in findings(found)]
    return "\n".join(lines) + "\n"


def plot_arms(arms: Sequence[Arm], kind: str, path: Path) -> Path:
    """pass@1 against mean cost per task, one line per (model, policy); writes a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4.5))
    series: dict[tuple[str, str], list[Arm]] = {}
    for arm in arms:
        series.setdefault((arm.model, arm.policy), []).append(arm)
    for (model, policy), members in sorted(series.items()):
        members.sort(key=lambda a: a.n)
        xs, ys = [a.cost(kind) for a in members], [a.pass_at_1() for a in members]
        ax.plot(xs, ys, marker="o", label=f"{model} · {policy} [{members[0].selection.value}]")
        for a, x, y in zip(members, xs, ys):
            ax.annotate(f"×{a.n}", (x, y), textcoords="offset points", xytext=(3, 3), fontsize=7)
    ax.set_xlabel(f"mean {UNITS[kind]}")
    ax.set_ylabel("pass@1")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))  # beside the axes: never over a line
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
