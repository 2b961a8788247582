"""Per-task success of every configuration, one table per selection mode (folded away in HTML)."""

from __future__ import annotations

from codebudget.reports.model import Report, Section, TextTable

PER_TASK_NOTE = ("1 = passes the hidden tests; fractions are expectations over draws of candidates (pools) "
                 "or orderings (adaptive policies).")


def layout(report: Report) -> tuple[Section, ...]:
    """Per-task success of every configuration, one table per mode."""
    tables = tuple(TextTable(f"Per-task success [{m.selection.value}]", ("task", *m.per_task.names), tuple(
        (task, *(f"{v:.2f}" for v in values)) for task, values in m.per_task.rows)) for m in report.modes)
    return (Section("Per-task outcomes", (PER_TASK_NOTE,), tables, collapsed=True),)
