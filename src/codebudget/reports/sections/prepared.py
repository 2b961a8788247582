"""What the runs' prompt stages put before each task (a plan, retrieved functions, worked examples)."""

from __future__ import annotations

from codebudget.reports.model import Report, Section, TextTable

PREPARED_NOTE = ("Prepared once per task before sampling by the run's prompt stages and put before the task in "
                 "every prompt; its seconds are part of every configuration's time. Plans a candidate wrote for "
                 "itself (plan:mode=sampled) are comments in that candidate's code.")
SHOWN = 400  # characters of a prepared text shown per task


def layout(report: Report) -> tuple[Section, ...]:
    """One table per run that prepared anything; none otherwise."""
    runs = list(dict.fromkeys(p.run_hash for p in report.prepared))
    tables = []
    for run in runs:
        rows = tuple((p.task_id, p.stage, f"{p.wall_s:.2f}", _what(p.text, p.sources))
                     for p in report.prepared if p.run_hash == run)
        tables.append(TextTable(f"Prepared before sampling, run {run}", ("task", "stage", "s", "what"), rows))
    return (Section("Prepared before sampling", (PREPARED_NOTE,), tuple(tables), collapsed=True),) if tables else ()


def _what(text: str, sources: tuple[str, ...]) -> str:
    if sources and not sources[0].startswith("model "):
        return "; ".join(sources)
    flat = " ".join(text.split())
    return flat if len(flat) <= SHOWN else flat[: SHOWN - 1] + "…"
