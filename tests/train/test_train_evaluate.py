"""Held-out scoring: BLEU, CodeBLEU and the real toolchains' parse, per pair; an empty completion never passes."""

from __future__ import annotations

import pytest

from codebudget.train.evaluate import reference_of, score
from codebudget.train.pairs import Pair

pytest.importorskip("sacrebleu", reason="the [train] extra is not installed")
pytest.importorskip("codebleu", reason="the [train] extra is not installed")

PY = Pair("py", "python", 'def add(a, b):\n    """Sum of a and b."""\n', "    total = a + b\n    return total\n", "t", "add")
JAVA = Pair("java", "java", "/** Sum. */\npublic static int add(int a, int b) {", "\n    int total = a + b;\n    return total;\n}",
            "t", "add")
JS = Pair("js", "javascript", "/** Sum. */\nfunction add(a, b) {", "\n  const total = a + b;\n  return total;\n}", "t", "add")
MBPP = Pair("mbpp", "python", "Write a function to add two numbers.", "def add(a, b):\n    return a + b\n", "t", "add", prose=True)


def test_a_perfect_completion_scores_full_marks_and_parses_in_every_language():
    pairs = [PY, JAVA, JS, MBPP]
    rows = score(pairs, [reference_of(p, "body") for p in pairs], [(1, 0.1)] * 4)
    assert all(r.syntax_ok for r in rows)
    assert all(r.bleu > 99 and r.codebleu > 0.99 for r in rows), rows


def test_broken_and_empty_completions_fail_the_parse_and_score_low():
    broken = ["    total = a +\n    return total\n", "\n    int total = a + ;\n    return total;\n}",
              "\n  const total = a + ;\n  return total;\n}", "def add(a, b)\n    return a + b\n"]
    rows = score([PY, JAVA, JS, MBPP], broken, [(1, 0.1)] * 4)
    assert [r.syntax_ok for r in rows] == [False] * 4
    empty = score([PY, JAVA, JS, MBPP], ["", "", "", ""], [(0, 0.0)] * 4)
    # a Python header with its docstring compiles with no body: the check must not pass it
    assert [r.syntax_ok for r in empty] == [False] * 4 and all(r.codebleu == 0.0 and r.bleu == 0.0 for r in empty)


def test_a_different_but_valid_body_parses_and_scores_between():
    other = score([PY], ["    return b + a\n"], [(1, 0.1)])[0]
    assert other.syntax_ok and 0 < other.bleu < 99 and 0.2 < other.codebleu < 0.99
