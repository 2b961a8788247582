"""The per-task log lines of long runs whose output is not a terminal (``nohup ... > log``)."""

from __future__ import annotations

from codebudget.cli.session import TaskLines


def test_resumed_tasks_count_as_done_but_not_towards_the_eta():
    lines = TaskLines(total=10, started=100.0)
    first = lines.line("HumanEval/0", honest=1, now=100.1)  # found in the store: returns at once
    assert first == "1/10 HumanEval/0 took 0.1s · honest pass 1/1 · elapsed 0:00:00 · eta 0:00:00"
    second = lines.line("HumanEval/1", honest=1, now=160.1)  # a minute of work
    assert second == "2/10 HumanEval/1 took 60.0s · honest pass 1/2 · elapsed 0:01:00 · eta 0:08:00"
    third = lines.line("HumanEval/2", honest=2, now=280.1)  # two minutes: mean 90 s over 7 left
    assert third.endswith("took 120.0s · honest pass 2/3 · elapsed 0:03:00 · eta 0:10:30")


def test_hours_are_shown_in_the_clock():
    lines = TaskLines(total=3, started=0.0)
    assert lines.line("t", honest=0, now=3725.0).endswith("elapsed 1:02:05 · eta 2:04:10")
