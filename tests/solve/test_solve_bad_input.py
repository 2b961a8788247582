"""``codebudget solve`` on bad input: one line ``error: ...`` with status 2, before any model is loaded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

STUB = 'def add_all(values):\n    """The sum."""\n'


@pytest.mark.parametrize(("args", "words"), [
    (("missing.py",), "no such file: missing.py"),
    (("{done}",), "has no function stub"),
    (("{calc}", "--tests", "nothing.py"), "no such tests file: nothing.py"),
    (("{calc}", "--budget", "fast"), "cannot read budget 'fast'"),
    (("-", "--write"), "--write needs a file"),
])
def test_bad_input_is_one_line(tmp_path: Path, args, words):
    (tmp_path / "done.py").write_text("def f(x):\n    return x\n")
    (tmp_path / "calc.py").write_text(STUB)
    args = [a.format(done=tmp_path / "done.py", calc=tmp_path / "calc.py") for a in args]
    done = subprocess.run([sys.executable, "-m", "codebudget", "solve", *args], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path, input="")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], done.stderr


