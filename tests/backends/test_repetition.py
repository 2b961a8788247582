"""The runaway-repetition guard."""

from codebudget.backends.repetition import RepetitionGuard


def test_same_line_repeated_trips() -> None:
    guard = RepetitionGuard(max_same_lines=4)
    assert not guard.tripped([], "x = 1\n" * 3)
    assert guard.tripped([], "def f():\n" + "    x = 1\n" * 4)


def test_distinct_lines_do_not_trip() -> None:
    text = "".join(f"    x{i} = {i}\n" for i in range(50))
    assert not RepetitionGuard().tripped(list(range(500)), text)


def test_token_cycle_trips_only_past_threshold() -> None:
    guard = RepetitionGuard(min_cycle_tokens=24, max_period=4)
    assert guard.tripped([5, 9, 7] * 8, "")
    assert not guard.tripped([5, 9, 7] * 7, "")
    assert not guard.tripped(list(range(30)), "")
