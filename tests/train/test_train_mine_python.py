"""Mining (signature + docstring → body) pairs from Python source: a made-up tree, then the real standard library."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from codebudget.train.mine_python import MAX_BODY_LINES, MAX_CHARS, functions, mine, source_files, stdlib_root

MODULE = '''\
import os


@decorated
def top(a, b=1):
    """Add.

    Two lines of docstring, kept as written.
    """
    # a comment in the body
    return a + b


class Outer:
    """A class."""

    class Inner:
        def method(self,
                   x):
            \'\'\'Doubles.\'\'\'
            text = """
no indent here
"""
            return x * 2

    async def fetch(self, url):
        "Fetch."
        return await self.session.get(url)

    def stub(self):
        """Not written."""
        raise NotImplementedError("later")

    def dots(self):
        """Not written either."""
        ...

    def no_doc(self):
        return 1

    def one_line(self): """Doc on the def line."""; return 1


if os.name == "nt":
    def platform():
        """Windows."""
        return "nt"
else:
    def platform():
        """Elsewhere."""
        return "posix"


def outer():
    """Has a nested function."""
    def nested():
        """Not mined: not a top-level function or a method."""
        return 2
    return nested
'''


def test_functions_and_methods_become_pairs_dedented_and_exactly_as_written() -> None:
    pairs = {pair.pair_id: pair for pair in functions(MODULE, "pkg/mod.py")}
    assert set(pairs) == {"stdlib:pkg/mod.py:top", "stdlib:pkg/mod.py:Outer.fetch", "stdlib:pkg/mod.py:platform",
                          "stdlib:pkg/mod.py:platform:49", "stdlib:pkg/mod.py:outer"}
    top = pairs["stdlib:pkg/mod.py:top"]
    assert top.prompt == 'def top(a, b=1):\n    """Add.\n\n    Two lines of docstring, kept as written.\n    """\n'
    assert top.completion == "    # a comment in the body\n    return a + b\n"
    assert (top.language, top.source, top.entry_point, top.prose) == ("python", "stdlib", "top", False)
    fetch = pairs["stdlib:pkg/mod.py:Outer.fetch"]
    assert fetch.prompt == 'async def fetch(self, url):\n    "Fetch."\n'  # a method dedented to the top, self kept
    assert fetch.completion == "    return await self.session.get(url)\n"
    assert pairs["stdlib:pkg/mod.py:platform:49"].completion == '    return "posix"\n'
    assert "def nested" in pairs["stdlib:pkg/mod.py:outer"].completion
    for pair in pairs.values():
        compile(pair.prompt + pair.completion, pair.pair_id, "exec")
        assert isinstance(ast.parse(pair.prompt + pair.completion).body[0], (ast.FunctionDef, ast.AsyncFunctionDef))
    # Inner.method is left out: a string in its body starts at column 0, so it cannot be dedented as it is
    assert functions("def broken(:\n    pass\n", "bad.py") == []


def test_mine_walks_sorted_paths_skips_test_folders_and_drops_duplicate_bodies(tmp_path: Path) -> None:
    body = '    """{doc}"""\n    return value * 3\n'
    (tmp_path / "b.py").write_text("def triple(value):\n" + body.format(doc="Three times."))
    (tmp_path / "a.py").write_text("def thrice(value):\n" + body.format(doc="Thrice."))
    (tmp_path / "test").mkdir()
    (tmp_path / "test" / "c.py").write_text("def tested(value):\n    '''Doc.'''\n    return value\n")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "long.py").write_text(
        "def long(value):\n    '''Doc.'''\n" + "".join(f"    value += {i}\n" for i in range(MAX_BODY_LINES + 1))
    )
    (tmp_path / "pkg" / "latin.py").write_bytes(
        b"# -*- coding: latin-1 -*-\ndef cafe(value):\n    '''Caf\xe9.'''\n    return value - 1\n"
    )
    (tmp_path / "pkg" / "broken.py").write_text("def (:\n")
    assert [p.relative_to(tmp_path).as_posix() for p in source_files(tmp_path)] == [
        "a.py", "b.py", "pkg/broken.py", "pkg/latin.py", "pkg/long.py"]
    pairs = mine(tmp_path)
    assert [pair.pair_id for pair in pairs] == ["stdlib:a.py:thrice", "stdlib:pkg/latin.py:cafe"]
    assert pairs[1].prompt == "def cafe(value):\n    '''Café.'''\n"


@pytest.fixture(scope="module")
def stdlib_pairs():
    return mine()


def test_the_standard_library_gives_thousands_of_pairs_that_compile(stdlib_pairs) -> None:
    assert len(stdlib_pairs) >= 3000
    assert len({pair.pair_id for pair in stdlib_pairs}) == len(stdlib_pairs)
    assert len({pair.completion for pair in stdlib_pairs}) == len(stdlib_pairs)
    paths = [pair.pair_id.split(":")[1] for pair in stdlib_pairs]
    assert paths == sorted(paths)
    assert not any(part in {"test", "idlelib", "tkinter", "turtledemo", "lib2to3"}
                   for path in paths for part in path.split("/"))
    for pair in stdlib_pairs:
        assert pair.prompt.startswith(("def ", "async def ")) and len(pair.prompt + pair.completion) <= MAX_CHARS
        assert 1 <= sum(1 for line in pair.completion.splitlines() if line.strip()) <= MAX_BODY_LINES
        compile(pair.prompt + pair.completion, pair.pair_id, "exec")
    decode = next(pair for pair in stdlib_pairs if pair.pair_id == "stdlib:json/decoder.py:JSONDecoder.decode")
    source = (stdlib_root() / "json" / "decoder.py").read_text()
    assert decode.prompt.startswith("def decode(self, s, _w=WHITESPACE.match):\n")
    assert "\n".join("    " + line if line else "" for line in decode.completion.splitlines()) in source
