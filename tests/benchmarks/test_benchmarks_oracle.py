"""The EvalPlus oracle, in process: comparisons, special cases and input transforms."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codebudget.benchmarks import oracle
from codebudget.benchmarks.difftest import oracle_source, parse_outputs_program

floats = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(pairs=st.lists(st.tuples(floats, floats), min_size=1, max_size=5), atol=st.sampled_from([1e-6, 1e-3, 0.5]))
def test_allclose_matches_numpy(pairs: list[tuple[float, float]], atol: float) -> None:
    out, exp = [a for a, _ in pairs], [b for _, b in pairs]
    assert oracle.allclose(out, exp, atol) == bool(np.allclose(out, exp, rtol=1e-07, atol=atol))


@settings(max_examples=200, deadline=None)
@given(value=floats, delta=st.floats(0, 1e-3))
def test_allclose_scalars_match_numpy(value: float, delta: float) -> None:
    assert oracle.allclose(value + delta, value, 1e-6) == bool(np.allclose(value + delta, value, rtol=1e-07, atol=1e-6))


@pytest.mark.parametrize(
    ("out", "exp", "close"),
    [
        (math.inf, math.inf, True),
        (math.inf, -math.inf, False),
        (math.nan, math.nan, False),
        ("1.0", 1.0, False),
        (None, 1.0, False),
        ([1.0, 2.0], [1.0], False),
        ([[1.0], [2.0]], [[1.0], [2.0 + 1e-9]], True),
        (1 + 1j, 1 + 1j + 1e-9, True),
    ],
)
def test_allclose_edges(out: object, exp: object, close: bool) -> None:
    assert oracle.allclose(out, exp, 1e-6) is close


def test_compare_exact_float_and_type() -> None:
    assert oracle._compare(3, 3, [1], 0, "f", "humaneval", 0) == 0
    assert oracle._compare(0.1 + 0.2, 0.3, [1], 0, "f", "humaneval", 0) == 1e-6  # the tolerance then sticks
    with pytest.raises(AssertionError, match="int instead of float"):
        oracle._compare(1, 1.5, [1], 0, "f", "humaneval", 0)
    with pytest.raises(AssertionError, match="wrong output"):
        oracle._compare([1, 2], [2, 1], [1], 0, "f", "humaneval", 0)


def test_mbpp_special_oracles() -> None:
    oracle._compare([2, 1], (1, 2), [], 0, "similar_elements", "mbpp", 0)  # set equality
    oracle._compare(0, 12, [], 0, "sum_div", "mbpp", 0)  # zero also accepted
    oracle._compare("anything", False, [], 0, "are_equivalent", "mbpp", 0)
    oracle._compare(object(), True, [], 0, "check_str", "mbpp", 0)  # only "not None" counts
    with pytest.raises(AssertionError):
        oracle._compare(None, True, [], 0, "check_str", "mbpp", 0)
    with pytest.raises(AssertionError):
        oracle._compare([2, 1], (1, 2), [], 0, "similar_elements", "humaneval", 0)  # not for HumanEval


def test_transforms_turn_stored_lists_back_into_arguments() -> None:
    cases = {
        "args-to-tuples": ([[1, 2], [3]], [(1, 2), (3,)]),
        "args-items-to-tuples": ([[[1, 2]], [[3]]], [[(1, 2)], [(3,)]]),
        "first-items-to-tuples": ([[[1, 2], [3]], 5], [[(1, 2), (3,)], 5]),
        "second-to-tuple": ([1, [2, 3]], [1, (2, 3)]),
        "first-items-to-sets": ([[[1, 2], []]], [[{1, 2}, {}]]),
        "float-complex": (["1", "1+2j"], (1.0, 1 + 2j)),
        "first-to-tuple": ([[1, 2], 3], [(1, 2), 3]),
        "first-to-tuple-3": ([[1], 2, 3], [(1,), 2, 3]),
        "args-items-to-tuples-then-args": ([[[1, 2]], [[3]]], [((1, 2),), ((3,),)]),
        "first-lists-to-tuples-then-args": ([[[1, 2], 3]], [((1, 2), 3)]),
        "dict-values-to-tuples": ([{"a": [1, 2]}, 4], [{"a": (1, 2)}, 4]),
        "complex": (["2j"], [2j]),
        "all-to-tuples": ([[1, [2, [3]]]], ((1, (2, (3,))),)),
    }
    assert set(cases) == set(oracle.TRANSFORMS)
    for name, (stored, expected) in cases.items():
        assert oracle.TRANSFORMS[name](stored) == expected, name


def test_check_reference_in_process() -> None:
    reference = "def f(xs):\n    print('noise')\n    return sorted(xs)\n"
    inputs = json.dumps([[[3, 1, 2]], [[]]])
    oracle.check_reference(lambda xs: sorted(xs), reference, "f", inputs, 0, "humaneval")
    with pytest.raises(AssertionError, match="input 0"):
        oracle.check_reference(lambda xs: xs, reference, "f", inputs, 0, "humaneval")


def test_a_candidate_that_mutates_its_input_is_judged_on_its_output() -> None:
    def mutating(xs: list[int]) -> list[int]:
        result = sorted(xs)
        xs.clear()
        return result

    oracle.check_reference(mutating, "def f(xs):\n    return sorted(xs)\n", "f", json.dumps([[[2, 1]], [[3]]]), 0, "humaneval")


def test_check_outputs_needs_matching_lengths() -> None:
    oracle.check_outputs(abs, "f", [[-1], [2]], [1, 2], 0, "humaneval")
    with pytest.raises(ValueError, match="2 inputs but 1 expected"):
        oracle.check_outputs(abs, "f", [[-1], [2]], [1], 0, "humaneval")


def test_oracle_source_runs_standalone() -> None:
    namespace: dict[str, object] = {}
    exec(oracle_source(), namespace)
    assert callable(namespace["check_reference"]) and callable(namespace["check_outputs"])


def test_parse_outputs_program() -> None:
    program = parse_outputs_program(
        "import numpy as np\ndef assertion(out, exp, atol):\n    assert out == exp\n"
        "inputs = [[1], [inf]]\nresults = [2, inf]\nfor i, (inp, exp) in enumerate(zip(inputs, results)):\n"
        "    assertion(f(*inp), exp, 1e-3)\n"
    )
    assert program is not None and (program.inputs, program.results, program.atol) == ("[[1], [inf]]", "[2, inf]", 1e-3)
    assert parse_outputs_program("assert f(1) == 2") is None
    assert parse_outputs_program("def (") is None


def test_per_input_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setattr(oracle, "MIN_TIME_LIMIT_S", 0.05)

    def slow(xs: list[int]) -> list[int]:
        time.sleep(0.2)
        return sorted(xs)

    with pytest.raises(AssertionError, match=r"input 0: took 0\.2\d s, over the 0\.05 s limit"):
        oracle.check_reference(slow, "def f(xs):\n    return sorted(xs)\n", "f", json.dumps([[[2, 1]]]), 0, "humaneval")
    reference = "import time\ndef f(xs):\n    time.sleep(0.1)\n    return sorted(xs)\n"
    oracle.check_reference(slow, reference, "f", json.dumps([[[2, 1]]]), 0, "humaneval")  # within 4x the reference
