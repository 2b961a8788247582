"""One parse at a time: codebudget parses Python through ``codebudget.pyast.parse`` (see its docstring)."""

from __future__ import annotations

import ast
import re
import threading
import time
from pathlib import Path

import codebudget
from codebudget import pyast

PACKAGE = Path(codebudget.__file__).parent
WORKER_SIDE = PACKAGE / "sandbox" / "inside"  # runs in its own process and imports nothing of codebudget


def test_parses_from_many_threads_never_overlap(monkeypatch):
    inside, most = 0, 0
    guard = threading.Lock()
    real = ast.parse

    def slow(source, filename="<unknown>", mode="exec"):  # noqa: ANN001, ANN202
        nonlocal inside, most
        with guard:
            inside += 1
            most = max(most, inside)
        time.sleep(0.005)
        try:
            return real(source, filename, mode)
        finally:
            with guard:
                inside -= 1

    monkeypatch.setattr(ast, "parse", slow)
    trees = []
    threads = [threading.Thread(target=lambda i=i: trees.append(pyast.parse(f"x = {i}\n"))) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 1 and len(trees) == 8
    assert isinstance(pyast.parse("f(1)", mode="eval"), ast.Expression)


def test_the_package_parses_only_through_pyast():
    direct = re.compile(r"(?<![\w.])ast\.parse\(")
    found = [f"{path.relative_to(PACKAGE)}:{number}"
             for path in PACKAGE.rglob("*.py") if WORKER_SIDE not in path.parents and path.name != "pyast.py"
             for number, line in enumerate(path.read_text().splitlines(), 1) if direct.search(line)]
    assert found == []
