"""Finding code in an answer: fences, unclosed fences, runs of code among prose."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from codebudget.extraction.fences import code_runs, dedent, fenced_blocks, outside_fences


def test_fences_in_order_with_their_language() -> None:
    text = "a\n```python\nx = 1\n```\nb\n~~~\ny = 2\n~~~\n```bash\nls\n```\n```Python3\nz = 3\n```"
    blocks = fenced_blocks(text)
    assert [(b.code, b.language) for b in blocks] == [("x = 1\n", "python"), ("y = 2\n", ""), ("z = 3\n", "python3")]
    assert all(b.closed for b in blocks)


def test_unclosed_fence_runs_to_the_end() -> None:
    (block,) = fenced_blocks("Here:\n```python\ndef f():\n    return 1\n")
    assert block.code == "def f():\n    return 1\n" and not block.closed


def test_indented_fence_is_dedented_and_longer_fences_close_only_themselves() -> None:
    (block,) = fenced_blocks("1. Step:\n   ````python\n   s = 1\n   ```\n   t = 1\n   ````\n")
    assert block.code == "s = 1\n```\nt = 1\n"


def test_empty_blocks_are_skipped() -> None:
    assert fenced_blocks("```python\n\n```") == []


def test_outside_fences() -> None:
    assert outside_fences("a\n```\nx\n```\nb") == "a\nb"


def test_dedent_keeps_whitespace_inside_strings() -> None:
    assert dedent("    s = '''\n      \n    '''\n") == "s = '''\n  \n'''\n"
    assert dedent("x\n  y") == "x\n  y"


def test_code_runs_split_at_prose() -> None:
    text = "Here is the code:\nimport math\n\ndef f(x):\n    return x\nIt returns x.\nx = f(2)\nprint(x)"
    assert [b.code for b in code_runs(text)] == ["import math\n\ndef f(x):\n    return x\n", "x = f(2)\nprint(x)\n"]


@given(st.text(max_size=300))
def test_never_raises(text: str) -> None:
    for block in [*fenced_blocks(text), *code_runs(text)]:
        assert block.code.endswith("\n")
