"""Docstring examples become public tests: doctests and the prose forms HumanEval uses."""

from __future__ import annotations

import ast
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from codebudget.benchmarks.examples import docstring_examples


def prompt(doc: str, signature: str = "f(x)") -> str:
    body = "\n".join("    " + line if line else "" for line in doc.splitlines())
    return f'def {signature}:\n    """\n{body}\n    """\n'


def run(tests: tuple[str, ...], returns: Any) -> list[bool]:
    """Run each test against a stub entry point ``f`` that returns ``returns``."""
    outcomes = []
    for test in tests:
        namespace: dict[str, Any] = {"f": lambda *args, **kwargs: returns}
        try:
            exec(test, namespace)
        except AssertionError:
            outcomes.append(False)
        else:
            outcomes.append(True)
    return outcomes


def test_doctest_with_output() -> None:
    found = docstring_examples(prompt(">>> f(3)\n[1, 2]\n>>> f('a')\n'b'"), "f")
    assert found.tests == ("assert f(3) == [1, 2]", "assert f('a') == 'b'")


def test_doctest_float_uses_tolerance_only_for_floats() -> None:
    tests = docstring_examples(prompt(">>> f(3.5)\n0.5\n>>> f(2)\n4"), "f").tests
    assert run(tests[:1], 0.5 + 1e-9) == [True]
    assert run(tests[:1], 0.51) == [False]
    assert tests[1] == "assert f(2) == 4"


def test_doctest_float_list_and_type_must_match() -> None:
    (test,) = docstring_examples(prompt(">>> f(1)\n[0.0, 0.25]"), "f").tests
    assert run((test,), [0.0, 0.25000000001]) == [True]
    assert run((test,), (0.0, 0.25)) == [False]
    assert run((test,), [True, 0.25]) == [False]


def test_doctest_comparison_without_output_is_an_assertion() -> None:
    assert docstring_examples(prompt(">>> f([]) == 0"), "f").tests == ("assert f([]) == 0",)


def test_doctest_call_without_output_returns_none() -> None:
    assert docstring_examples(prompt(">>> f([])"), "f").tests == ("assert f([]) is None",)


def test_doctest_statements_carry_into_later_examples() -> None:
    (test,) = docstring_examples(prompt(">>> data = [1, 2]\n>>> f(data)\n3"), "f").tests
    assert test == "data = [1, 2]\nassert f(data) == 3"


def test_doctest_comment_is_dropped_and_wrapping_call_kept() -> None:
    (test,) = docstring_examples(prompt(">>> round(f([1, 2]), 2) # f(x) = 1 + 2x\n-0.5"), "f").tests
    assert "round(f([1, 2]), 2)" in test and "#" not in test.splitlines()[-1]


def test_doctest_escapes_stay_escapes() -> None:
    source = 'def f(s):\n    """\n    >>> f("a\\nb")\n    \'b\\na\'\n    """\n'
    (test,) = docstring_examples(source, "f").tests
    assert run((test,), "b\na") == [True]


def test_doctest_of_another_function_is_rejected() -> None:
    found = docstring_examples(prompt(">>> g(1)\n2"), "f")
    assert found.tests == ()
    assert found.rejected[0].reason == "the example does not call f"


def test_doctest_with_unreadable_output_is_rejected() -> None:
    found = docstring_examples(prompt(">>> f(1)\n<object at 0x1>"), "f")
    assert found.tests == () and "not a Python literal" in found.rejected[0].reason


def test_prose_arrows() -> None:
    doc = "\n".join(
        [
            "Examples:",
            "f(1) == 2",
            "f(2) ➞ True",
            "f(3) => false",
            "* f(4) ==> [1]",
            "for f(5) == 5",
            "f(6) -> 19 - 5 - 6 = 8",
            "f(7) should return 16.",
            "f(8) # returns \"db1\"",
            "f(9) returns 'x'",
            "f(10) = -1",
        ]
    )
    tests = docstring_examples(prompt(doc), "f").tests
    assert tests == (
        "assert f(1) == 2",
        "assert f(2) == True",
        "assert f(3) == False",
        "assert f(4) == [1]",
        "assert f(5) == 5",
        "assert f(6) == 8",
        "assert f(7) == 16",
        "assert f(8) == 'db1'",
        "assert f(9) == 'x'",
        "assert f(10) == -1",
    )


def test_prose_call_spanning_lines() -> None:
    doc = "f([\n  [1, 2],\n  [3]\n], 1) == [(0, 0)]"
    (test,) = docstring_examples(prompt(doc, "f(grid, x)"), "f").tests
    assert test == "assert f([[1, 2], [3]], 1) == [(0, 0)]"


def test_prose_trailing_explanation_is_cut() -> None:
    tests = docstring_examples(prompt("f('a') # => 'No' (the name is bad)\nf(1) ==> 24 # sum of 21 + 3"), "f").tests
    assert tests == ("assert f('a') == 'No'", "assert f(1) == 24")


def test_prose_with_variables_is_rejected() -> None:
    found = docstring_examples(prompt("f(a) => False\nf(n) = f(n - 1) + 1"), "f")
    assert found.tests == ()
    assert {r.reason for r in found.rejected} == {"the arguments are not literals"}


def test_for_the_output_should_be() -> None:
    doc = "For lst = [1, 2] the output should be 3\nFor N = 150, the sum of digits will be 6 the output should be \"110\"."
    tests = docstring_examples(prompt(doc, "f(lst)"), "f").tests
    assert tests[0] == "assert f([1, 2]) == 3"
    assert docstring_examples(prompt(doc.splitlines()[1], "f(N)"), "f").tests == ("assert f(150) == '110'",)


def test_for_with_two_parameters_in_order() -> None:
    doc = 'For s = "abcde", c = "ae", the result should be (\'bcd\',False)'
    assert docstring_examples(prompt(doc, "f(s, c)"), "f").tests == ("assert f('abcde', 'ae') == ('bcd', False)",)


def test_input_output_blocks() -> None:
    doc = "Example 1:\n    Input: arr = [1, 2], k = 3\n    Output: [2]\n\nExample 2:\n    Input: [4]\n    Output: 0"
    tests = docstring_examples(prompt(doc, "f(arr, k=1)"), "f").tests
    assert tests == ("assert f([1, 2], 3) == [2]",)  # a bare [4] fits only a one-parameter function
    single = docstring_examples(prompt("Input: [4,2]\nOutput: [2, 1]"), "f").tests
    assert single == ("assert f([4, 2]) == [2, 1]",)


def test_input_names_must_be_the_parameters() -> None:
    found = docstring_examples(prompt("Input:\n    grid : [[1]]\n    bucket_capacity : 1\nOutput: 6", "f(grid, capacity)"), "f")
    assert found.tests == () and found.rejected[0].reason == "the inputs do not match the parameters"


def test_no_docstring_no_tests() -> None:
    assert docstring_examples("def f(x):\n    pass\n", "f").tests == ()
    assert docstring_examples("not python at all (", "f").tests == ()


def test_duplicates_are_kept_once() -> None:
    assert docstring_examples(prompt(">>> f(1)\n2\n\nf(1) == 2"), "f").tests == ("assert f(1) == 2",)


literals = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.text("abc xyz'", max_size=6)
    | st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 3)),
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner),
    max_leaves=6,
)
arrows = st.sampled_from(["==", "➞", "=>", "==>", "->", "should return", "returns"])


@settings(max_examples=150, deadline=None)
@given(args=st.lists(literals, min_size=1, max_size=3), expected=literals, arrow=arrows, bullet=st.sampled_from(["", "* ", "- "]))
def test_prose_example_round_trips(args: list[Any], expected: Any, arrow: str, bullet: str) -> None:
    """Any literal example, in any arrow style, gives one test that holds exactly for its value."""
    call = f"f({', '.join(repr(a) for a in args)})"
    (test,) = docstring_examples(prompt(f"{bullet}{call} {arrow} {expected!r}", "f(*args)"), "f").tests
    assert run((test,), expected) == [True]
    assert run((test,), ["something else"]) == [False]
    assert ast.parse(test)


@settings(max_examples=100, deadline=None)
@given(arg=literals, expected=literals)
def test_doctest_round_trips(arg: Any, expected: Any) -> None:
    (test,) = docstring_examples(prompt(f">>> f({arg!r})\n{expected!r}", "f(x)"), "f").tests
    assert run((test,), expected) == [True]
    assert run((test,), {"other": 1}) == [False]


def test_a_comparison_with_an_output_line_is_compared_as_a_whole_not_chained() -> None:
    prompt = 'def f(x):\n    """D.\n\n    >>> f(1) == 2\n    True\n    >>> not f(1)\n    False\n    >>> -f(1)\n    -2\n    """\n'
    tests = docstring_examples(prompt, "f").tests
    assert tests == ("assert (f(1) == 2) == True", "assert (not f(1)) == False", "assert -f(1) == -2")
    namespace: dict = {}
    exec("def f(x):\n    return 2 * x\n", namespace)
    for test in tests:
        exec(test, namespace)  # each holds for the function the docstring describes
