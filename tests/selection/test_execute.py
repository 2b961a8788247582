"""Running candidates on shared probes in the real sandbox: outputs, failures as outputs, and a vote."""

from __future__ import annotations

import pytest

from codebudget.candidates import Behaviour, Candidate, Version
from codebudget.evidence import Probe, Request, observe
from codebudget.evidence.execute import LOST
from codebudget.sandbox import Limits
from codebudget.selection import get_policy

FAST = Limits(timeout_s=0.5)
PROBES = (Probe("f(1)"), Probe("f(2)"), Probe("f(-1)"))


def outputs(sandbox, code: str, probes=PROBES, setup: str = "") -> tuple[str, ...]:
    (seen,) = observe(sandbox, [Request(code, probes, setup)], FAST)
    return seen.outputs


def test_returned_values_are_canonical_reprs(sandbox):
    assert outputs(sandbox, "def f(x):\n    return x * 2") == ("=2", "=4", "=-2")
    # sets in any order, floats within rounding, whole floats as ints, dicts by key
    same = ("def f(x):\n    return [{3, 1, 2}, 0.1 + 0.2, 2.0, {'b': 1, 'a': x}]",
            "def f(x):\n    return [{1, 2, 3}, 0.3, 2, {'a': x, 'b': 1}]")
    first, second = (outputs(sandbox, code) for code in same)
    assert first == second
    assert first[0] == "=[{1, 2, 3}, 0.3, 2, {'a': 1, 'b': 1}]"
    # tuples and lists differ, as == says
    assert outputs(sandbox, "def f(x):\n    return (x,)")[0] == "=(1,)"


def test_addresses_are_dropped_and_long_outputs_capped_with_a_digest(sandbox):
    obj = outputs(sandbox, "class A:\n    pass\ndef f(x):\n    return A()")
    assert obj[0] == "=<__candidate__.A object>"
    long = outputs(sandbox, "def f(x):\n    return 'a' * 1000 + str(x)")
    assert all(len(o) < 250 and "...#" in o for o in long)
    assert len(set(long)) == 3  # equal prefixes, different digests


def test_exceptions_and_timeouts_are_outputs_and_later_probes_still_run(sandbox):
    raising = "def f(x):\n    if x < 0:\n        raise ValueError('negative')\n    return x"
    assert outputs(sandbox, raising) == ("=1", "=2", "!raise ValueError")
    looping = "def f(x):\n    while x == 2:\n        pass\n    return x"
    assert outputs(sandbox, looping) == ("=1", "!timeout", "=-1")


def test_a_program_that_fails_before_any_probe_fails_every_probe(sandbox):
    assert outputs(sandbox, "import not_a_module_anywhere\ndef f(x):\n    return x") == ("!program ModuleNotFoundError",) * 3
    assert outputs(sandbox, "while True:\n    pass") == ("!program timeout",) * 3


def test_reports_drowned_in_printing_are_retried_one_by_one(sandbox):
    chatty = "def f(x):\n    print('#' * 3000)\n    return x"
    assert outputs(sandbox, chatty) == ("=1", "=2", "=-1")
    assert outputs(sandbox, "import os\ndef f(x):\n    os._exit(0)") == ("!error",) * 3


def test_preludes_setup_and_wall_times(sandbox):
    probes = (Probe("f(xs)", "xs = [3, 4]"), Probe("f([1])"))
    (seen,) = observe(sandbox, [Request("def f(v):\n    return helper(v)", probes, "def helper(v):\n    return sum(v)")], FAST)
    assert seen.outputs == ("=7", "=1")
    assert all(0 < s < FAST.timeout_s for s in seen.wall_s)


def test_requests_without_probes_give_empty_outputs(sandbox):
    assert observe(sandbox, [Request("x = 1", ()), Request("def f(x):\n    return x", (Probe("f(5)"),))], FAST)[0].outputs == ()
    assert LOST.startswith("!")


def test_three_candidates_two_agree_and_the_vote_follows_them(sandbox):
    codes = ("def f(x):\n    return x + 1",  # likeliest, the odd one out
             "def f(x):\n    return 2 * x",
             "def f(x):\n    return x * 2")
    seen = observe(sandbox, [Request(c, PROBES) for c in codes], FAST)
    assert seen[1].outputs == seen[2].outputs != seen[0].outputs
    versions = [Version(0, True, None, None, mean_logprob=lp, behaviour=Behaviour(s.outputs, sum(s.wall_s)))
                for lp, s in zip((-0.1, -0.9, -0.5), seen)]
    candidates = [Candidate(i, (v,)) for i, v in enumerate(versions)]
    assert get_policy("behaviour-vote").select(candidates).position == 2
    assert get_policy("logprob").select(candidates).position == 0
    assert get_policy("behaviour-vote").extra_s(candidates) == pytest.approx(sum(sum(s.wall_s) for s in seen))
