"""Reading a user's stub and tests file, writing the answer back, and choosing N and K for a budget (no model)."""

from __future__ import annotations

import pytest

from codebudget.errors import CodebudgetError
from codebudget.solve.choice import Option, choose, options_of
from codebudget.solve.stub import find_stub, written
from codebudget.solve.tests_file import read_tests

FILE = '''"""Text helpers."""
import re

LIMIT = 80


def shout(text):
    return text.upper()


@functools.cache
def slugify(title: str) -> str:
    """A lower-case URL slug of ``title``.

    >>> slugify("Hello, World!")
    'hello-world'
    """
    ...


def later(x):
    return slugify(x) + "!"


if __name__ == "__main__":
    print(slugify("x"))
'''


def test_the_stub_is_found_with_its_prompt_examples_and_the_code_after_it():
    stub = find_stub(FILE, "text.py")
    assert stub.name == "slugify" and stub.first_line == 11 and stub.last_line == 18
    assert stub.prompt.startswith('"""Text helpers."""') and stub.prompt.endswith("    \"\"\"\n")
    assert "def shout" in stub.prompt and "..." not in stub.prompt
    assert stub.examples == ("assert slugify('Hello, World!') == 'hello-world'",)
    assert stub.after == 'def later(x):\n    return slugify(x) + "!"'  # the __main__ block is left out
    problem = stub.problem(("assert later('a') == 'a!'",))
    assert problem.task_id == "text.py:slugify" and problem.entry_point == "slugify" and not problem.hidden_tests
    assert all(test.startswith("def later(x):") for test in problem.public_tests) and len(problem.public_tests) == 2


@pytest.mark.parametrize("body", ["pass", "...", "raise NotImplementedError", "raise NotImplementedError('todo')"])
def test_placeholders_without_a_docstring_make_a_stub(body: str):
    stub = find_stub(f"def f(x):\n    {body}\n", "f.py")
    assert stub.prompt == "def f(x):\n" and stub.examples == ()


def test_which_stub_and_bad_files_are_one_line_errors():
    two = "def a():\n    '''A.'''\n\n\ndef b():\n    '''B.'''\n"
    with pytest.raises(CodebudgetError, match="has 2 stubs .a, b.: name one with --function"):
        find_stub(two, "two.py")
    assert find_stub(two, "two.py", "b").name == "b"
    with pytest.raises(CodebudgetError, match="no top-level function 'c'"):
        find_stub(two, "two.py", "c")
    with pytest.raises(CodebudgetError, match="has no function stub"):
        find_stub("def done(x):\n    return x\n", "done.py")
    with pytest.raises(CodebudgetError, match="is not valid Python"):
        find_stub("def broken(:\n", "broken.py")
    with pytest.raises(CodebudgetError, match="on its own line"):
        find_stub("def f(x): ...\n", "f.py")


def test_the_answer_replaces_the_stub_and_brings_its_imports_and_helpers():
    stub = find_stub(FILE, "text.py")
    code = (stub.prompt.replace("@functools.cache\n", "") + "    import string\n    return _clean(title)\n\n\n"
            "def _clean(t):\n    return re.sub('[^a-z0-9]+', '-', t.lower()).strip('-')\n")
    text = written(stub, "import os\n" + code)
    assert text.splitlines()[1:4] == ["import re", "import os", ""]  # after the file's last import
    assert "@functools.cache" not in text  # the answer's own function, decorators and all, replaces the stub's
    assert "    return _clean(title)\n\n\ndef _clean(t):" in text and text.count("def later(x):") == 1
    assert text.endswith('if __name__ == "__main__":\n    print(slugify("x"))\n') and "    ...\n" not in text
    compile(text, "text.py", "exec")
    with pytest.raises(CodebudgetError, match="no function slugify"):
        written(stub, "def other():\n    return 1\n")
    with pytest.raises(CodebudgetError, match="does not parse"):
        written(stub, "def slugify(:\n")


def test_a_tests_file_gives_one_test_per_function_and_assert():
    source = '''import pytest
from text import slugify
import text
WORDS = ["a b", "c"]


def test_words():
    for w in WORDS:
        assert "-" not in slugify(w) or " " in w


@pytest.mark.slow
def test_marked():
    assert slugify("A") == "a"


def test_fixture(tmp_path):
    assert tmp_path


async def test_async():
    assert True


assert slugify("x y") == "x-y"
'''
    found = read_tests(source, "test_text.py", "text")
    assert len(found.tests) == 3
    assert found.tests[0] == 'WORDS = ["a b", "c"]\ndef test_words():\n    for w in WORDS:\n        assert "-" not in slugify(w) or " " in w\ntest_words()'
    assert "pytest" not in found.tests[1] and found.tests[1].endswith("test_marked()")
    assert found.tests[2].endswith('assert slugify("x y") == "x-y"') and "from text" not in "".join(found.tests)
    assert [s.split(" ")[0] for s in found.skipped] == ["test_fixture", "test_async"]
    with pytest.raises(CodebudgetError, match="has no test"):
        read_tests("x = 1\n", "empty.py")
    with pytest.raises(CodebudgetError, match="is not valid Python"):
        read_tests("def test(:\n", "bad.py")


def test_the_choice_is_the_best_whose_ninth_decile_fits_else_the_quickest():
    options = [Option(1, 0, 0.60, 3.0, 5.0, 0.0), Option(5, 0, 0.70, 8.0, 14.0), Option(5, 1, 0.70, 12.0, 25.0),
               Option(3, 0, 0.66, 5.0, 9.0)]
    assert choose(options, 20.0) == (options[1], True)  # 5,1 ties on quality but its 90th percentile is over
    assert choose(options, 10.0) == (options[3], True)
    assert choose(options, 2.0) == (options[0], False)
    assert options[0].name == "N=1 K=0 T=0" and options[1].name == "N=5 K=0"
    assert options[1].scaled(2.0).p90_s == 28.0
    (made,) = options_of([(2, 1, 0.8, [1, 0, 1, 1], [1.0, 2.0, 3.0, 10.0])])
    assert made.pass_at_1 == 0.75 and made.mean_s == 4.0 and made.p90_s == pytest.approx(7.9) and made.temperature == 0.8
    with pytest.raises(CodebudgetError):
        choose([], 10.0)
