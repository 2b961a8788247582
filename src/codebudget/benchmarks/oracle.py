"""EvalPlus's differential oracle, as a self-contained module.

The hidden tests of HumanEval+ and MBPP+ (release files) run the candidate and the
reference solution on the same inputs and compare the outputs the way EvalPlus
(v0.3.1, ``evalplus/eval/__init__.py`` and ``_special_oracle.py``) does. This module
imports nothing from codebudget: a test snippet executes its source in a private
namespace inside the sandbox, so its helpers never shadow names of the candidate.

Differences from EvalPlus: the per-input time limit (max(1 s, 4x the reference's
time)) is checked after the call returns, and the job's own time limit bounds the
whole snippet; the reference outputs are computed inside the snippet instead of
once up front; ``numpy.allclose`` is replaced by a pure-Python equivalent that does
not broadcast shapes (the sandbox has no third-party packages).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import time
from typing import Any, Callable

# EvalPlus's per-input time limit: max(1 s, 4 x the reference's time on that input).
MIN_TIME_LIMIT_S = 1.0
TIME_LIMIT_FACTOR = 4.0
# Tasks whose outputs are only checked for being not None, and tasks compared as sets.
MBPP_OUTPUT_NOT_NONE = ("check_str", "text_match_three", "text_starta_endb")
MBPP_OUTPUT_SET_EQ = (
    "similar_elements", "find_char_long", "common_in_nested_lists", "extract_singly",
    "larg_nnum", "intersection_array", "find_dissimilar", "Diff",
)  # fmt: skip


def check_reference(candidate: Callable[..., Any], reference_source: str, entry_point: str, inputs_json: str,
                    atol: float, dataset: str, transform: str = "") -> None:  # fmt: skip
    """Raise ``AssertionError`` at the first input where ``candidate`` disagrees with the reference.

    ``inputs_json`` is the release file's argument lists, ``transform`` the name of the
    conversion back to arguments (:data:`TRANSFORMS`, MBPP+ only).
    """
    namespace: dict[str, Any] = {}
    with _quiet():
        exec(compile(reference_source, "<reference>", "exec"), namespace)
    reference = namespace[entry_point]
    inputs = [TRANSFORMS[transform](inp) if transform else inp for inp in json.loads(inputs_json)]
    not_none = dataset == "mbpp" and entry_point in MBPP_OUTPUT_NOT_NONE
    for index, inp in enumerate(inputs):
        expected, reference_s = _timed(reference, inp)
        output, candidate_s = _timed(candidate, inp)
        limit = max(MIN_TIME_LIMIT_S, TIME_LIMIT_FACTOR * reference_s)
        assert candidate_s <= limit, f"input {index}: took {candidate_s:.2f} s, over the {limit:.2f} s limit"
        if not_none:
            expected = expected is not None
        atol = _compare(output, expected, inp, atol, entry_point, dataset, index)


def _timed(function: Callable[..., Any], inp: Any) -> tuple[Any, float]:
    """``function(*inp)`` on a copy of the input, quietly, and the seconds it took."""
    args = copy.deepcopy(inp)
    with _quiet():
        start = time.perf_counter()
        result = function(*args)
        return result, time.perf_counter() - start


def check_outputs(candidate: Callable[..., Any], entry_point: str, inputs: list, expected: list,
                  atol: float, dataset: str) -> None:  # fmt: skip
    """Raise ``AssertionError`` at the first input where ``candidate`` does not give the expected output."""
    if len(inputs) != len(expected):
        raise ValueError(f"{len(inputs)} inputs but {len(expected)} expected outputs")
    not_none = dataset == "mbpp" and entry_point in MBPP_OUTPUT_NOT_NONE
    for index, (inp, exp) in enumerate(zip(inputs, expected)):
        with _quiet():
            output = candidate(*copy.deepcopy(inp))
        if not_none and not isinstance(exp, bool):
            exp = exp is not None
        atol = _compare(output, exp, inp, atol, entry_point, dataset, index)


def _compare(out: Any, exp: Any, inp: Any, atol: float, entry_point: str, dataset: str, index: int) -> float:
    """EvalPlus's comparison of one output; returns the tolerance for the next input."""
    exact = _special(out, exp, inp, atol, entry_point, dataset, out == exp)
    if dataset == "humaneval" and entry_point == "find_zero":
        assert abs(_poly(*inp, out)) <= atol, f"input {index}: not a zero of the polynomial"
        return atol
    if atol == 0 and is_floats(exp):
        atol = 1e-6  # EvalPlus keeps this tolerance for the inputs that follow
    if not exact and atol != 0:
        assert type(out) is type(exp), f"input {index}: {type(out).__name__} instead of {type(exp).__name__}"
        if isinstance(exp, (list, tuple)):
            assert len(out) == len(exp), f"input {index}: length {len(out)} instead of {len(exp)}"
        assert allclose(out, exp, atol), f"input {index}: {out!r} is not close to {exp!r}"
    else:
        assert exact, f"input {index}: wrong output"
    return atol


def _special(out: Any, exp: Any, inp: Any, atol: float, entry_point: str, dataset: str, exact: Any) -> Any:
    """The MBPP+ special oracles (EvalPlus ``_special_oracle``)."""
    if dataset != "mbpp":
        return exact
    if entry_point == "are_equivalent":
        return True
    if entry_point == "sum_div":
        return exact or out == 0
    if entry_point == "surface_Area":
        return exact or abs(out - _surface_area(*inp)) <= atol
    if entry_point == "digit_distance_nums":
        return exact or out == _digit_distance_nums(*inp)
    if entry_point in MBPP_OUTPUT_SET_EQ:
        return set(out) == set(exp)
    if entry_point in MBPP_OUTPUT_NOT_NONE:
        return out == exp if isinstance(out, bool) else exp == (out is not None)
    return exact


def is_floats(x: Any) -> bool:
    """A float or a list/tuple of floats (EvalPlus ``is_floats``; numpy arrays cannot occur here)."""
    if isinstance(x, float):
        return True
    if isinstance(x, (list, tuple)):
        return all(isinstance(i, float) for i in x)
    return False


def allclose(out: Any, exp: Any, atol: float, rtol: float = 1e-07) -> bool:
    """``numpy.allclose`` for numbers and equally shaped lists/tuples of them, in pure Python.

    The sandbox runs without third-party packages. Unlike numpy, shapes never broadcast.
    """
    if isinstance(out, (list, tuple)) or isinstance(exp, (list, tuple)):
        if not isinstance(out, (list, tuple)) or not isinstance(exp, (list, tuple)) or len(out) != len(exp):
            return False
        return all(allclose(o, e, atol, rtol) for o, e in zip(out, exp))
    if not isinstance(out, (bool, int, float, complex)) or not isinstance(exp, (bool, int, float, complex)):
        return False
    if _infinite(out) or _infinite(exp):
        return out == exp
    return abs(out - exp) <= atol + rtol * abs(exp)  # NaN compares false, as in numpy


def _infinite(x: Any) -> bool:
    return isinstance(x, (float, complex)) and math.isinf(abs(x))


def _poly(xs: list, x: float) -> float:
    return sum(coeff * math.pow(x, i) for i, coeff in enumerate(xs))


def _surface_area(base_edge: float, height: float) -> int:
    slant_height = math.sqrt((base_edge / 2) ** 2 + height**2)
    return round(base_edge**2 + 4 * (base_edge * slant_height) / 2)


def _digit_distance_nums(num1: int, num2: int) -> int:
    a, b = str(num1), str(num2)
    width = max(len(a), len(b))
    return sum(abs(int(x) - int(y)) for x, y in zip(a.zfill(width), b.zfill(width)))


@contextlib.contextmanager
def _quiet() -> Any:
    """Swallow what the code prints, as EvalPlus does."""
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        yield


# How MBPP+ release files store inputs that JSON cannot (EvalPlus ``mbpp_deserialize_inputs``):
# each transform turns one stored argument list back into the arguments.
def _tuples(items: list) -> list:
    return [tuple(item) for item in items]


def _all_tuples(value: Any) -> Any:
    return tuple(_all_tuples(item) for item in value) if isinstance(value, list) else value


TRANSFORMS: dict[str, Callable[[list], Any]] = {
    "args-to-tuples": _tuples,
    "args-items-to-tuples": lambda inp: [_tuples(arg) for arg in inp],
    "first-items-to-tuples": lambda inp: [_tuples(inp[0]), inp[1]],
    "second-to-tuple": lambda inp: [inp[0], tuple(inp[1])],
    "first-items-to-sets": lambda inp: [[set(i) if isinstance(i, list) and len(i) else {} for i in inp[0]]],
    "float-complex": lambda inp: (float(inp[0]), complex(inp[1])),
    "first-to-tuple": lambda inp: [tuple(inp[0]), inp[1]],
    "first-to-tuple-3": lambda inp: [tuple(inp[0]), inp[1], inp[2]],
    "args-items-to-tuples-then-args": lambda inp: _tuples([_tuples(arg) for arg in inp]),
    "first-lists-to-tuples-then-args": lambda inp: _tuples(
        [[tuple(i) if isinstance(i, list) else i for i in inp[0]]]
    ),
    "dict-values-to-tuples": lambda inp: [{k: tuple(v) for k, v in inp[0].items()}, *inp[1:]],
    "complex": lambda inp: [complex(inp[0])],
    "all-to-tuples": _all_tuples,
}
