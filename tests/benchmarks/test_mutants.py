"""Mutants of a reference and the strength of a hidden suite (codebudget.benchmarks.mutants, .strength)."""

from __future__ import annotations

from codebudget.benchmarks.mutants import KINDS, mutants
from codebudget.benchmarks.strength import passes, strength

CLAMP = '''def clamp(value: int, low: int, high: int) -> int:
    """Clamp value into [low, high]; ValueError when low > high. Docstring 7 stays."""
    if low > high:
        raise ValueError("empty range")
    if value < low:
        return low
    elif value > high:
        return high
    return value
'''
STRONG = (
    "assert clamp(5, 0, 10) == 5", "assert clamp(-1, 0, 10) == 0", "assert clamp(11, 0, 10) == 10",
    "assert clamp(0, 0, 10) == 0", "assert clamp(10, 0, 10) == 10", "assert clamp(3, 3, 3) == 3",
    "try:\n    clamp(1, 2, 1)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError",
)


def test_each_mutant_differs_from_the_reference_at_one_site_and_compiles() -> None:
    found = mutants(CLAMP)
    assert {m.kind for m in found} <= set(KINDS)
    assert {"comparison", "dropped-branch", "wrong-exception"} <= {m.kind for m in found}
    assert len({m.source for m in found}) == len(found)
    for mutant in found:
        compile(mutant.source, "<m>", "exec")
        assert "Docstring 7 stays" in mutant.source  # docstrings are never mutated
    assert [m.line for m in found] == sorted(m.line for m in found)


def test_a_suite_that_checks_boundaries_and_errors_kills_more_than_one_that_does_not() -> None:
    weak = strength(CLAMP, ("assert clamp(5, 0, 10) == 5",))
    strong = strength(CLAMP, STRONG)
    assert strong.mutants == weak.mutants > 5
    assert strong.score > weak.score
    # < and <= (> and >=) at the clamp's edges return the same value: equivalent mutants survive any suite
    assert sorted(s.description for s in strong.survivors) == ["Gt -> GtE", "Lt -> LtE"]


def test_a_looping_mutant_is_killed_by_its_time_limit_and_a_broken_one_by_its_error() -> None:
    looping = "def f():\n    while True:\n        pass\n"
    assert passes([looping, "def f():\n    return 1\n", "def f(:\n"], ("f()",), timeout_s=1) == [False, True, False]


def test_the_main_guard_and_exceptions_of_other_modules_are_left_alone() -> None:
    source = 'import json\n\ndef f(x):\n    raise json.JSONDecodeError("m", "d", x)\n\nif __name__ == "__main__":\n    f(1)\n'
    assert [m.kind for m in mutants(source)] == []
