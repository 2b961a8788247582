"""Shared inputs from the public tests: the entry point's call in each check, and the source registry."""

from __future__ import annotations

import pytest

from codebudget.benchmarks import docstring_examples
from codebudget.evidence import Probe, PublicArguments, entry_call, get_source, register_source
from codebudget.evidence.evaluate import PUBLIC_ARGUMENTS
from codebudget.evidence.inputs import SOURCES, UnknownSource
from codebudget.records import Problem

PROMPT = '''from typing import List


def below_zero(operations: List[int]) -> bool:
    """ Detect whether the balance falls below zero.
    >>> below_zero([1, 2, 3])
    False
    >>> below_zero([1, 2, -4, 5])
    True
    >>> ops = [1, -2]
    >>> below_zero(ops)
    True
    """
'''


def test_the_call_of_a_plain_assertion():
    assert entry_call("assert f([1, 2], 'a') == 3", "f") == Probe("f([1, 2], 'a')")


def test_the_outermost_call_and_calls_inside_other_calls():
    assert entry_call("assert f(f(1)) == 2", "f") == Probe("f(f(1))")
    assert entry_call("assert set(f((3, 4), (4, 5))) == {4}", "f") == Probe("f((3, 4), (4, 5))")


def test_statements_before_the_call_become_the_prelude():
    snippet = "import math\nx = [1, 2]\nassert math.isclose(f(x), 1.5)"
    assert entry_call(snippet, "f") == Probe("f(x)", "import math\nx = [1, 2]")
    assert Probe("f(x)", "x = 1").source == "x = 1\nf(x)"
    assert Probe("f(x)", "x = 1").sha256 != Probe("f(x)", "x = 2").sha256


def test_snippets_without_the_entry_point_give_nothing():
    assert entry_call("assert g(1) == 1", "f") is None
    assert entry_call("assert f(1 ==", "f") is None  # does not parse


def test_public_arguments_of_docstring_examples():
    tests = docstring_examples(PROMPT, "below_zero").tests
    problem = Problem("T/1", PROMPT, "below_zero", public_tests=tests + tests[:1])  # a repeated check counts once
    probes = PUBLIC_ARGUMENTS.inputs(problem)
    assert [p.call for p in probes] == ["below_zero([1, 2, 3])", "below_zero([1, 2, -4, 5])", "below_zero(ops)"]
    assert probes[2].prelude == "ops = [1, -2]"
    assert len(PublicArguments(limit=2).inputs(problem)) == 2
    assert PUBLIC_ARGUMENTS.inputs(Problem("T/2", "p", "f")) == ()  # no public tests, no inputs


def test_sources_are_registered_by_name():
    assert get_source("public-args") is PUBLIC_ARGUMENTS

    class Fixed:
        name = "fixed-test-source"

        def inputs(self, problem: Problem) -> tuple[Probe, ...]:
            return (Probe(f"{problem.entry_point}(0)"),)

    try:
        register_source(Fixed())
        assert get_source("fixed-test-source").inputs(Problem("T", "p", "g")) == (Probe("g(0)"),)
    finally:
        SOURCES.pop("fixed-test-source")
    with pytest.raises(UnknownSource, match="public-args"):
        get_source("fixed-test-source")
