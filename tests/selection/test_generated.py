"""Model-generated tests: assert extraction from answers, the generator on a fake backend, the generator key."""

from __future__ import annotations

import dataclasses

import pytest
from fake_tester import FakeTester
from pool_records import PROBLEMS

from codebudget.evidence import GeneratorSettings, generate_tests
from codebudget.evidence.asserts import extract_asserts, imported_names
from codebudget.evidence.generated import generator_key, generator_spec, merge, task_seed
from codebudget.records import Problem

ANSWER = '''Here are some tests for `f`:

```python
assert f(1) == 2
assert f([1,
          2]) == [2, 4], "lists double"
assert f(1) == 2  # the same again
```

You can also write them as a test function:

    def test_f():
        assert f(0) == 0
        x = 3
        assert f(x) == 6

>>> assert f(-1) == -2
assert that f works for big numbers
assert g(1) == 1
assert all(f(i) == 2 * i for i in range(3))
assert math.isclose(f(0.5), 1.0)
assert f(2) == 4; assert f(3) == 6
assert f(10) ==
'''


def test_asserts_are_found_in_fences_prose_doctests_and_test_functions():
    assert extract_asserts(ANSWER, "f") == (
        "assert f(1) == 2",
        "assert f([1, 2]) == [2, 4]",  # multi-line, message dropped; its repeat below counts once
        "assert f(0) == 0",  # dedented out of the test function
        "assert f(-1) == -2",  # doctest prompt removed
        "assert all((f(i) == 2 * i for i in range(3)))",  # i is bound by the comprehension
        "import math\nassert math.isclose(f(0.5), 1.0)",  # a common module gets its import
        "assert f(2) == 4",
        "assert f(3) == 6",  # two asserts on one line
    )
    # dropped: f(x) (x is defined outside the assert), prose, g(1) (not the entry point), a cut-off assert


DOCTESTS = '''```python
def f(x):
    """Double x.
    >>> f(2)
    4
    >>> f(0) == 0
    >>> f(1.25)
    2.5
    >>> f([1])
    [1,
     1]
    >>> y = 3
    >>> f(y)
    6
    >>> f(7)
    <f object>
    >>> f(8)
    >>> g(1)
    2
    >>> f(-1)
    """
    return x * 2
```
>>> f(5)
10
'''


def test_doctest_examples_with_literal_outputs_become_asserts():
    assert extract_asserts(DOCTESTS, "f") == (
        "assert f(2) == 4",
        "assert f(0) == 0",  # a comparison without an output line asserts itself
        "assert abs(f(1.25) - 2.5) <= 2.5e-06",  # a float within 1e-6, relative above 1
        "assert f([1]) == [1, 1]",  # an output over two lines
        "assert f(5) == 10",
    )
    # dropped: f(y) (y is set by an earlier example), a non-literal output, f(8) without an output
    # (the next prompt follows), g(1), and f(-1) whose "output" would be the closing quotes
    assert extract_asserts(">>> f(1)\n  2\n>>> f(3)\n\n5", "f") == ("assert f(1) == 2",)


def test_names_the_prompt_imports_are_visible_others_are_not():
    answer = "assert f(List) == 1\nassert f(np.array([1])) == 2\nassert f(Counter()) == 3"
    assert extract_asserts(answer, "f") == ()
    assert extract_asserts(answer, "f", known={"List"}) == ("assert f(List) == 1",)
    prompt = "from typing import List\nimport os.path as p, math\n\ndef f(x):\n    '''doc'''\n"
    assert imported_names(prompt) == {"List", "p", "math"}
    assert imported_names("def f(:") == frozenset()


def test_limit_and_nothing_usable():
    assert extract_asserts(ANSWER, "f", limit=2) == ("assert f(1) == 2", "assert f([1, 2]) == [2, 4]")
    assert extract_asserts("I cannot write tests for this function.", "f") == ()
    assert extract_asserts("```python\nassert True\nassert 1 == 1\n```", "f") == ()  # never calls f
    assert extract_asserts("assert f(1) == 2\nassert f(1) == 2", "f") == ("assert f(1) == 2",)


def test_answers_are_merged_in_turn_each_assert_once():
    assert merge([("a", "b", "c"), ("d", "a"), ()], 10) == ("a", "d", "b", "c")
    assert merge([("a", "b", "c"), ("d", "a")], 3) == ("a", "d", "b")
    assert merge([], 3) == ()


def test_generation_asks_the_backend_and_keeps_usable_asserts():
    tester = FakeTester()
    made = generate_tests(tester, PROBLEMS[0], GeneratorSettings(samples=2, temperature=0.7, max_tokens=99, count=5))
    (request,) = tester.calls
    assert request.params.n == 2 and request.params.temperature == 0.7 and request.params.max_tokens == 99
    assert request.params.seed == task_seed(0, PROBLEMS[0])
    user = request.messages[-1].content
    assert request.messages[0].role == "system" and PROBLEMS[0].prompt.strip() in user
    assert "Write 5 different test cases for `f`" in user
    # answers in turn: the first of each, then the second of each; h(1) and the prose are dropped
    assert made.tests == ("assert f(1) == 2", "assert f(0) == 1", "assert f(10) == 20")
    assert (made.wall_s, made.tokens, made.prompt_tokens, made.model) == (2.0, 24, 40, "fake-tester")
    assert made.texts == tuple(tester.answers["f"])
    assert generate_tests(FakeTester(), PROBLEMS[0], GeneratorSettings(samples=1, limit=1)).tests == ("assert f(1) == 2",)


def test_each_task_has_its_own_stable_seed():
    assert task_seed(0, PROBLEMS[0]) == task_seed(0, PROBLEMS[0])
    assert len({task_seed(0, PROBLEMS[0]), task_seed(0, PROBLEMS[1]), task_seed(1, PROBLEMS[0])}) == 3


def test_the_generator_key_covers_model_backend_and_every_setting():
    base = GeneratorSettings()
    key = generator_key(generator_spec("sha-a", "llamacpp", base))
    assert key == generator_key(generator_spec("sha-a", "llamacpp", GeneratorSettings()))
    others = [generator_spec("sha-b", "llamacpp", base), generator_spec("sha-a", "openai", base)]
    others += [generator_spec("sha-a", "llamacpp", dataclasses.replace(base, **{f.name: _other(getattr(base, f.name))}))
               for f in dataclasses.fields(base)]
    keys = {generator_key(spec) for spec in others}
    assert len(keys) == len(others) and key not in keys


def _other(value):
    if isinstance(value, str):  # the prompt style
        return "body" if value != "body" else "whole-function"
    return value + 1 if isinstance(value, int) else value / 2


def test_tests_asked_in_the_body_style_start_as_an_assert_and_are_kept_whole():
    from codebudget.evidence.generated import generate_tests
    from codebudget.records import FinishReason, Generation, Sample, Problem

    class Continuing:
        name, model = "scripted", "scripted"
        asked = None

        def generate(self, request):
            Continuing.asked = request
            return Generation((Sample("1, 2) == 3\nassert add(0, 0) == 0", 9, None, FinishReason.STOP, 0),), 5, 0.1,
                              "scripted", "scripted")

    problem = Problem("toy/add", 'def add(a, b):\n    """Sum."""\n', "add", benchmark="toy")
    found = generate_tests(Continuing(), problem, GeneratorSettings(samples=1, prompt_style="body"))
    assert Continuing.asked.messages[-1].content == "```python\nassert add("
    assert found.tests == ("assert add(1, 2) == 3", "assert add(0, 0) == 0")
    legacy = generator_spec("sha-a", "llamacpp", GeneratorSettings())
    assert "prompt_style" not in legacy  # tests stored before styles keep their keys


def test_bad_settings_are_refused():
    for bad in ({"samples": 0}, {"max_tokens": 8}, {"limit": 0}, {"temperature": -1.0}, {"prompt_style": "terse"}):
        with pytest.raises(ValueError, match="invalid test generator settings"):
            GeneratorSettings(**bad)


def test_a_task_without_imports_still_sees_builtins():
    problem = Problem("T/S", "def s(xs):\n    '''sum'''\n", "s", benchmark="b")
    tester = FakeTester({"s": ["assert s(list(range(3))) == sum([0, 1, 2])"]}, {"s": 0.5})
    assert generate_tests(tester, problem).tests == ("assert s(list(range(3))) == sum([0, 1, 2])",)
