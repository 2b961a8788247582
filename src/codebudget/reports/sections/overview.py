"""The report's first section, under its title: the runs, their provenance and how the intervals were computed."""

from __future__ import annotations

from codebudget.reports.model import MODE_LABEL, MODE_MEANING, Report, RunProvenance, Section, TextTable

RUN_HEADERS = ("run", "kind", "model", "model sha256", "tasks finished", "configuration")
MACHINE_HEADERS = ("run", "machine", "cpus", "platform", "python", "packages", "sandbox isolation", "git", "created")


def layout(report: Report) -> tuple[Section, ...]:
    """Runs, their provenance and how the intervals were computed."""
    dropped = f"; {report.dropped_tasks} tasks not finished by every run were dropped" if report.dropped_tasks else ""
    paragraphs = (
        f"{report.n_tasks} tasks{dropped}. Intervals: {report.level:.0%} paired bootstrap over tasks, "
        f"{report.n_resamples} resamples. Costs are means per task; the Pareto front and budgets use "
        f"{report.cost_kind.value}.",
        *(f"{MODE_LABEL[m.selection]}: {MODE_MEANING[m.selection]}." for m in report.modes),
    )
    return (Section(report.title, paragraphs, (runs_table(report), machine_table(report))),)


def runs_table(report: Report) -> TextTable:
    """Each run: model, its sha256, tasks and configuration."""
    rows = tuple((r.run_hash, r.kind, r.model, r.model_sha256 or "–", str(r.tasks_finished), _config(r))
                 for r in report.runs)
    return TextTable("Runs", RUN_HEADERS, rows)


def machine_table(report: Report) -> TextTable:
    """Where each run ran: machine, package versions, sandbox isolation, code revision."""
    rows = tuple((r.run_hash, r.machine, r.cpu_count, r.platform, r.python, _packages(r), r.isolation,
                  r.git or "–", r.created_at) for r in report.runs)
    return TextTable("Where the runs ran", MACHINE_HEADERS, rows)


def _config(run: RunProvenance) -> str:
    """``key=value`` pairs, space-separated."""
    return " ".join(f"{key}={value}" for key, value in run.config)


def _packages(run: RunProvenance) -> str:
    """``name version`` pairs, comma-separated."""
    return ", ".join(f"{name} {version}" for name, version in run.packages)
