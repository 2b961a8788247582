"""A corpus of Python functions to retrieve from: a folder of ``.py`` files cut into snippets.

A :class:`Snippet` is one public function or method (name not starting with ``_``):
where it is, its qualified name, its signature, its docstring and its source. The
default corpus is the standard library's own source, which every Python install has
(test suites, the IDE and demo folders left out). Parsing is the slow part, so each
file's snippets are cached by the file's path, size and modification time: a changed
corpus re-parses only the files that changed (:func:`snippets`).
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import json
import os
import sysconfig
from pathlib import Path
from typing import Iterator

from codebudget import pyast
from codebudget.files import write_atomic

#: Folders of the standard library that hold no code a solution would reuse.
STDLIB_SKIPPED = frozenset({
    "test", "tests", "idlelib", "tkinter", "turtledemo", "lib2to3", "ensurepip", "site-packages",
    "dist-packages", "__pycache__", "pydoc_data", "venv", "unittest", "distutils", "msilib",
})
SKIPPED = frozenset({"__pycache__", ".git", ".hg", ".venv", "venv", "node_modules", "build", "dist", ".tox"})
FORMAT = 1  # bump when a snippet's fields or the cutting rules change: old cache entries are ignored


@dataclasses.dataclass(frozen=True)
class Snippet:
    """One function of the corpus."""

    source: str  # "relative/path.py:line"
    name: str  # qualified: module.function or module.Class.method
    signature: str  # "def name(args) -> result:"
    doc: str  # the docstring, cleaned ("" when none)
    code: str  # the whole function's source


@dataclasses.dataclass(frozen=True)
class Corpus:
    """A folder of Python files and the folders inside it to leave out."""

    root: Path
    label: str
    skipped: frozenset[str] = SKIPPED

    @classmethod
    def stdlib(cls) -> Corpus:
        """The standard library of the running Python."""
        return cls(Path(sysconfig.get_paths()["stdlib"]), "the Python standard library", SKIPPED | STDLIB_SKIPPED)

    @classmethod
    def folder(cls, path: str | Path) -> Corpus:
        """The ``.py`` files under ``path`` (one-line ``ValueError`` when it is not a folder)."""
        root = Path(path).expanduser()
        if not root.is_dir():
            raise ValueError(f"retrieval corpus {str(path)!r} is not a folder")
        return cls(root.resolve(), f"the code under {root.name or root}")

    def files(self) -> Iterator[Path]:
        """Every ``.py`` file of the corpus, in a stable order."""
        for folder, dirs, names in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if d not in self.skipped and not d.startswith("."))
            for name in sorted(names):
                if name.endswith(".py"):
                    yield Path(folder) / name


def module_name(relative: Path) -> str:
    """``json/decoder.py`` → ``json.decoder``; ``collections/__init__.py`` → ``collections``."""
    parts = list(relative.with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts) or relative.stem


def cut(source: str, relative: Path) -> list[Snippet]:
    """The public functions and methods of one file's ``source`` (none when it does not parse)."""
    try:
        tree = pyast.parse(source)
    except (SyntaxError, ValueError):
        return []
    lines = source.splitlines()
    module = module_name(relative)
    found: list[Snippet] = []

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                visit(node.body, f"{prefix}{node.name}.")
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                code = "\n".join(lines[start - 1: node.end_lineno])
                header = "\n".join(lines[node.lineno - 1: node.body[0].lineno - 1]).strip() or f"def {node.name}(...):"
                doc = ast.get_docstring(node) or ""
                found.append(Snippet(f"{relative.as_posix()}:{node.lineno}", f"{module}.{prefix}{node.name}",
                                     _signature(header), doc.strip(), _dedent(code)))

    visit(tree.body, "")
    return found


def _signature(header: str) -> str:
    """The ``def`` line(s) up to the colon that opens the body."""
    text = " ".join(line.strip() for line in header.splitlines() if not line.strip().startswith("@"))
    depth = 0
    for index, char in enumerate(text):
        depth += char in "([{"
        depth -= char in ")]}"
        if char == ":" and depth == 0:
            return text[: index + 1]
    return text


def _dedent(code: str) -> str:
    lines = code.splitlines()
    indent = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=0)
    return "\n".join(line[indent:] for line in lines)


def snippets(corpus: Corpus, cache: Path) -> tuple[list[Snippet], str]:
    """Every snippet of ``corpus`` and a digest of them, parsing only files changed since ``cache`` was written.

    ``cache`` is a JSON file (created with its folder if missing); a file that cannot be
    read is skipped, and a cache that cannot be written only costs the parse next time.
    """
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored.get("format") != FORMAT:
            stored = {}
    except (OSError, ValueError):
        stored = {}
    old = stored.get("files", {})
    files: dict[str, dict] = {}
    for path in corpus.files():
        relative = path.relative_to(corpus.root)
        try:
            status = path.stat()
        except OSError:
            continue
        stamp = [status.st_size, status.st_mtime_ns]
        entry = old.get(relative.as_posix())
        if entry is None or entry["stamp"] != stamp:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            entry = {"stamp": stamp, "snippets": [dataclasses.asdict(s) for s in cut(text, relative)]}
        files[relative.as_posix()] = entry
    if files != old:
        try:
            write_atomic(cache, json.dumps({"format": FORMAT, "files": files}))
        except OSError:
            pass
    found = [Snippet(**s) for name in sorted(files) for s in files[name]["snippets"]]
    digest = hashlib.sha256(json.dumps([dataclasses.asdict(s) for s in found]).encode()).hexdigest()[:16]
    return found, digest
