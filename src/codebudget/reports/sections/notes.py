"""The report's last section: what to keep in mind when reading the figures (gathered with the report)."""

from __future__ import annotations

from codebudget.reports.model import Report, Section


def layout(report: Report) -> tuple[Section, ...]:
    """Dropped tasks, cells a pool cannot derive, estimated times, the policies' assumptions."""
    return (Section("Notes", report.notes),)
