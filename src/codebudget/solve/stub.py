"""A user's function stub: which function to write, the prompt it makes, and writing the answer back.

A stub is a top-level function whose body is only a docstring, perhaps followed by
``pass``, ``...`` or ``raise NotImplementedError`` (or with no docstring, only one of
those). The prompt is the file up to the end of the stub's docstring (its imports,
constants and the functions above it included), so the model continues where the
file stops, as it does on HumanEval. What follows the stub in the file (helpers it may
call) is run before each test, without any ``if __name__ == "__main__":`` block.
The docstring's examples are the first public tests
(:func:`codebudget.benchmarks.examples.docstring_examples`).
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from codebudget import pyast
from codebudget.benchmarks.examples import docstring_examples
from codebudget.errors import CodebudgetError
from codebudget.records import Problem

BENCHMARK = "solve"


@dataclasses.dataclass(frozen=True)
class Stub:
    """One function to write, found in a file's text."""

    source: str  # the whole file
    origin: str  # its path, or "<stdin>"
    name: str
    first_line: int  # 1-based, decorators included
    last_line: int  # 1-based, inclusive
    prompt: str  # the file up to the end of the stub's docstring (or its signature)
    after: str  # the code after the stub that tests run first ("" when none)
    examples: tuple[str, ...]  # public tests read from the docstring

    def problem(self, tests: tuple[str, ...] = ()) -> Problem:
        """The stub as a task: the docstring's examples and ``tests`` as public tests, no hidden tests."""
        public = tuple(dict.fromkeys((*self.examples, *tests)))
        if self.after:
            public = tuple(f"{self.after}\n{test}" for test in public)
        return Problem(f"{Path(self.origin).name}:{self.name}", self.prompt, self.name, public_tests=public,
                       benchmark=BENCHMARK)


def _is_placeholder(node: ast.stmt) -> bool:
    if isinstance(node, ast.Pass):
        return True
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and node.value.value is Ellipsis:
        return True
    if isinstance(node, ast.Raise) and node.exc is not None:
        exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"
    return False


def _docstring_node(function: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.Expr | None:
    first = function.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return first
    return None


def is_stub(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether ``function``'s body is only a docstring and/or a placeholder."""
    body = function.body[1:] if _docstring_node(function) else function.body
    return len(body) <= 1 and all(_is_placeholder(node) for node in body) and (bool(body) or len(function.body) == 1)


def _is_main_guard(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and "__name__" in ast.unparse(node.test) and "__main__" in ast.unparse(node.test)


def find_stub(source: str, origin: str, name: str | None = None) -> Stub:
    """The stub to write in ``source``: the one called ``name``, or the only one there is (one-line errors)."""
    try:
        tree = pyast.parse(source)
    except SyntaxError as error:
        raise CodebudgetError(f"{origin} is not valid Python: {error.msg} (line {error.lineno})") from None
    functions = [node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    stubs = [f for f in functions if is_stub(f)]
    if name is not None:
        chosen = [f for f in functions if f.name == name]
        if not chosen:
            raise CodebudgetError(f"{origin} has no top-level function {name!r}")
        function = chosen[-1]
    elif len(stubs) == 1:
        function = stubs[0]
    elif not stubs:
        raise CodebudgetError(f"{origin} has no function stub (a signature with only a docstring, pass or ...)")
    else:
        raise CodebudgetError(f"{origin} has {len(stubs)} stubs ({', '.join(f.name for f in stubs)}): "
                              "name one with --function")
    lines = source.splitlines(keepends=True)
    doc = _docstring_node(function)
    head_end = doc.end_lineno if doc is not None else function.body[0].lineno - 1
    if doc is None and head_end < function.lineno:  # a one-line stub: def f(x): ...
        raise CodebudgetError(f"{origin}: put the body of {function.name} on its own line below the signature")
    prompt = "".join(lines[:head_end])
    prompt = prompt if prompt.endswith("\n") else prompt + "\n"
    first = min([function.lineno, *(d.lineno for d in function.decorator_list)])
    rest = [node for node in tree.body if node.lineno > function.end_lineno and not _is_main_guard(node)]
    after = "\n".join(ast.get_source_segment(source, node, padded=False) or "" for node in rest).strip()
    examples = docstring_examples(prompt, function.name).tests
    return Stub(source, origin, function.name, first, function.end_lineno, prompt, after, examples)


def read_stub(path: str, name: str | None = None) -> Stub:
    """The stub in the file at ``path`` ("-": standard input)."""
    import sys

    if path == "-":
        return find_stub(sys.stdin.read(), "<stdin>", name)
    file = Path(path)
    try:
        source = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CodebudgetError(f"no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CodebudgetError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
    return find_stub(source, path, name)


def written(stub: Stub, code: str) -> str:
    """The stub's file with the stub replaced by ``code``'s function of the same name; the imports and
    top-level functions or classes ``code`` adds that the file lacks go just before and after it."""
    try:
        tree = pyast.parse(code)
    except SyntaxError:
        raise CodebudgetError("the chosen code does not parse; nothing written") from None
    original = pyast.parse(stub.source)
    have_imports = {ast.unparse(n) for n in original.body if isinstance(n, (ast.Import, ast.ImportFrom))}
    have_names = {n.name for n in original.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    function, imports, helpers = None, [], []
    for node in tree.body:
        segment = ast.get_source_segment(code, node) or ast.unparse(node)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == stub.name:
            decorated = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            function = "".join(code.splitlines(keepends=True)[decorated - 1:node.end_lineno])
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and ast.unparse(node) not in have_imports:
            imports.append(segment)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name not in have_names:
            helpers.append(segment)
    if function is None:
        raise CodebudgetError(f"the chosen code has no function {stub.name}; nothing written")
    lines = stub.source.splitlines(keepends=True)
    parts = [function.rstrip("\n") + "\n", *(f"\n\n{helper}\n" for helper in helpers)]
    text = "".join(lines[:stub.first_line - 1]) + "".join(parts) + "".join(lines[stub.last_line:])
    if not imports:
        return text
    at = _import_line(original, stub.first_line)
    lines = text.splitlines(keepends=True)
    return "".join(lines[:at]) + "".join(f"{line}\n" for line in imports) + "".join(lines[at:])


def _import_line(tree: ast.Module, before: int) -> int:
    """How many lines precede where new imports go: after the last import above line ``before``, else after
    the module's docstring (or at the top)."""
    above = [node for node in tree.body if node.lineno < before]
    imports = [node for node in above if isinstance(node, (ast.Import, ast.ImportFrom))]
    if imports:
        return imports[-1].end_lineno
    first = above[0] if above else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return first.end_lineno
    return 0
