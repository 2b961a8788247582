"""Mining well-known npm packages for training pairs: a function's JSDoc comment and header, then its body.

:func:`ensure_npm_corpus` installs the pinned :data:`PACKAGES` once with npm (scripts off) into a cache folder
(``$CODEBUDGET_NPM_CORPUS`` overrides it). Only each package's unminified per-module sources are read
(:data:`SOURCES`: lodash's per-method files, not ``lodash.js``; ramda's ``es/``, not ``dist/``), so one
function is not mined from several builds. A function becomes a pair when a ``/** ... */`` comment (or, at a
file's top level, a run of whole-line ``//`` comments, as underscore writes its docs) stands right before it
and its body has 1 to :data:`MAX_BODY_LINES` non-blank lines, in the forms
``[export [default]] [async] function name(...) {``, ``[[export] var|let|const] name = [async] function(...) {``,
``[[export] var|let|const] name = (...) => {`` and those wrapped in calls
(``var adjust = _curry3(function adjust(...) {``): ``prompt`` is the comment and the header up to its ``{``,
``completion`` the body, its ``}`` and what closes the statement on that line (``});``). Every pair is
checked by node's parser.
"""

from __future__ import annotations

import bisect
import json
import re
import shutil
import subprocess
from pathlib import Path

from codebudget.cachedirs import user_cache
from codebudget.errors import CodebudgetError
from codebudget.train.clike import Comment, dedent, line_start, scan
from codebudget.train.metrics import parsing
from codebudget.train.pairs import Pair, distinct

PACKAGES = ("lodash@4.17.21", "underscore@1.13.7", "date-fns@2.30.0", "validator@13.12.0", "ramda@0.30.1")
SOURCES = {
    "lodash": ("*.js",),
    "underscore": ("modules/*.js",),
    "date-fns": ("esm/**/*.js",),
    "validator": ("es/lib/**/*.js",),
    "ramda": ("es/**/*.js",),
}
"""Each package's unminified source files (globs under its folder)."""
BUNDLES = frozenset({"lodash/lodash.js", "lodash/core.js", "lodash/fp.js"})
"""Whole-library builds among those globs, left out: their functions are in the per-method files."""
MAX_BODY_LINES = 30
MAX_CHARS = 4000
MAX_LINE = 500
"""A file with a longer line is minified (or generated) and not read."""
INSTALL_TIMEOUT_S = 600

_FORMS = (
    re.compile(r"(?:export (?:default )?)?(?:async )?function ?\*? ?(?P<name>[\w$]+) ?\(.*\)"),
    re.compile(
        r"(?:(?:export )?(?:var|let|const) )?(?P<target>[\w$]+(?:\.[\w$]+)*) ?= ?(?:[\w$.]+ ?\( ?)*"
        r"(?:(?:async )?function ?\*? ?[\w$]* ?\(.*\)|(?:async )?(?:\(.*\)|[\w$]+) ?=>)"
    ),
)
_NEWLINE_AFTER_BRACE = re.compile(r"[ \t]*\n")
_NPM_ERROR = re.compile(r"^npm (?:error|ERR!) ")
_NPM_TAG = re.compile(r"^[a-z]+ (?=[A-Z])")  # "notarget No matching version ..."
_CLOSERS = {")": "(", "]": "[", "}": "{"}


def corpus_folder() -> Path:
    """Where the packages are installed: ``$CODEBUDGET_NPM_CORPUS``, else ``npm-corpus`` in codebudget's cache."""
    return user_cache("npm-corpus", "CODEBUDGET_NPM_CORPUS")


def installed(folder: Path) -> bool:
    """True when every one of :data:`PACKAGES` is installed in ``folder`` at its pinned version."""
    for spec in PACKAGES:
        name, version = spec.rsplit("@", 1)
        try:
            manifest = json.loads((folder / "node_modules" / name / "package.json").read_text())
        except (OSError, ValueError):
            return False
        if manifest.get("version") != version:
            return False
    return True


def ensure_npm_corpus(folder: Path | None = None) -> Path:
    """Install :data:`PACKAGES` into ``folder`` (default: :func:`corpus_folder`) unless they are there; the folder."""
    target = folder if folder is not None else corpus_folder()
    if installed(target):
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise CodebudgetError("npm is not on PATH: the JavaScript corpus is installed with it (install Debian's npm)")
    target.mkdir(parents=True, exist_ok=True)
    command = [npm, "install", "--prefix", str(target), "--no-audit", "--no-fund", "--ignore-scripts", *PACKAGES]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise CodebudgetError(f"npm install of the JavaScript corpus took over {INSTALL_TIMEOUT_S} s") from None
    if done.returncode != 0 or not installed(target):
        raise CodebudgetError(f"npm install of the JavaScript corpus into {target} failed: {_npm_reason(done)}")
    return target


def _npm_reason(done: subprocess.CompletedProcess[str]) -> str:
    """The line of npm's output that says what went wrong (not its error code or where its log is)."""
    lines = [line.strip() for line in (done.stderr + "\n" + done.stdout).splitlines() if line.strip()]
    for line in lines:
        said = _NPM_ERROR.sub("", line)
        if said != line and not said.startswith(("code ", "A complete log")):
            return _NPM_TAG.sub("", said)
    return lines[-1] if lines else f"exit status {done.returncode}"


def source_files(folder: Path) -> list[tuple[str, Path]]:
    """Each package's unminified source files in ``folder``: (path from node_modules, file), sorted."""
    modules = folder / "node_modules"
    found = {}
    for package, patterns in SOURCES.items():
        for pattern in patterns:
            for path in (modules / package).glob(pattern):
                relative = path.relative_to(modules).as_posix()
                if path.is_file() and relative not in BUNDLES and not relative.endswith(".min.js"):
                    found[relative] = path
    return sorted(found.items())


def mine(folder: Path | None = None, *, check: bool = True) -> tuple[Pair, ...]:
    """The pairs of every documented function of the npm corpus (installed first if missing), duplicates dropped.

    In path order, then source order; a completion seen before is left out, as is a minified file; with
    ``check`` only pairs node parses are kept.
    """
    target = ensure_npm_corpus(folder)
    pairs: list[Pair] = []
    for relative, path in source_files(target):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if any(len(line) > MAX_LINE for line in text.splitlines()):
            continue
        pairs += functions(text, relative)
    return parsing(distinct(pairs), "javascript") if check else tuple(distinct(pairs))


def functions(text: str, path: str) -> list[Pair]:
    """The pairs of one JavaScript file's documented functions (``path``, from node_modules, names them)."""
    scanned = scan(text, "javascript")
    text, code, closes = scanned.text, scanned.code, scanned.closes
    docs = sorted([c for c in scanned.comments if c.doc] + _line_comment_runs(text, scanned.comments, closes),
                  key=lambda comment: comment.start)  # fmt: skip
    pairs: list[Pair] = []
    ids: set[str] = set()
    for index, comment in enumerate(docs):
        start = line_start(text, comment.start)
        if text[start : comment.start].strip():
            continue
        brace = _body_brace(code, comment.end, closes)
        if brace is None or (index + 1 < len(docs) and docs[index + 1].start < brace):
            continue
        header = " ".join(code[comment.end : brace].split())
        name = _function_name(header)
        close = closes.get(brace)
        if name is None or close is None:
            continue
        if not 1 <= sum(1 for line in text[brace + 1 : close].split("\n") if line.strip()) <= MAX_BODY_LINES:
            continue
        tail = _statement_end(code, close + 1, header.count("(") - header.count(")"))
        if tail is None:
            continue
        width = comment.start - start
        prompt = dedent(text[start : brace + 1], width)
        rest = text[brace + 1 : tail]
        newline = _NEWLINE_AFTER_BRACE.match(rest)
        if newline:
            prompt += "\n"
            completion = dedent(rest[newline.end() :], width) + "\n"
        else:
            completion = dedent(rest, width, partial_first=True) + "\n"
        if len(prompt) + len(completion) > MAX_CHARS:
            continue
        pair_id = f"npm:{path}:{name}"
        if pair_id in ids:
            pair_id += f":{text.count(chr(10), 0, brace) + 1}"
        ids.add(pair_id)
        pairs.append(Pair(pair_id, "javascript", prompt, completion, "npm", entry_point=name))
    return pairs


def _line_comment_runs(text: str, comments: tuple[Comment, ...], closes: dict[int, int]) -> list[Comment]:
    """Runs of whole-line ``//`` comments at a file's top level (outside every brace), each as one doc comment."""
    outer = []  # the top-level brace pairs, in order
    for open_at in sorted(closes):
        if not outer or open_at > outer[-1][1]:
            outer.append((open_at, closes[open_at]))
    opens = [open_at for open_at, _ in outer]
    runs: list[Comment] = []
    for comment in comments:
        whole_line = not text[line_start(text, comment.start) : comment.start].strip()
        if comment.doc or not text.startswith("//", comment.start) or not whole_line:
            continue
        index = bisect.bisect_left(opens, comment.start) - 1
        if index >= 0 and comment.start < outer[index][1]:
            continue  # inside a function or an object
        between = text[runs[-1].end : comment.start] if runs else "x"
        if not between.strip() and between.count("\n") == 1:
            runs[-1] = Comment(runs[-1].start, comment.end, True)
        else:
            runs.append(Comment(comment.start, comment.end, True))
    return runs


def _body_brace(code: str, position: int, closes: dict[int, int], limit: int = 400) -> int | None:
    """The ``{`` that opens the body of a function whose header starts at ``position`` (blanked code), if any.

    That is the first ``{`` after a ``)`` or ``=>``; a ``{`` inside the parameters (a destructuring default)
    is stepped over; a ``;``, a ``}`` or an object literal's ``{`` first means no function starts here.
    """
    depth = 0
    end = min(len(code), position + limit)
    while position < end:
        char = code[position]
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char in ";}":
            return None
        elif char == "{":
            back = position - 1
            while back > 0 and code[back].isspace():
                back -= 1
            if code[back] == ")" or code[back - 1 : back + 1] == "=>":
                return position
            if depth == 0 or position not in closes:
                return None
            position = closes[position]
        position += 1
    return None


def _function_name(header: str) -> str | None:
    """The function's name when blanked, flattened ``header`` is one of the mined forms."""
    for form in _FORMS:
        match = form.fullmatch(header)
        if match:
            name = match.groupdict().get("name") or match.group("target").rsplit(".", 1)[-1]
            return name
    return None


def _statement_end(code: str, position: int, unclosed: int, limit: int = 80) -> int | None:
    """Where the statement ends after a body's ``}`` at ``position - 1``: past the ``unclosed`` parentheses of the
    calls around the function and an optional ``;``, with nothing else on that line; None when that is not so.
    """
    depth = unclosed
    end = min(len(code), position + limit)
    stack: list[str] = []
    while depth > 0 or stack:
        if position >= end or code[position] == "\n":
            return None
        char = code[position]
        if char in "([{":
            stack.append(char)
        elif char in ")]}":
            if stack:
                if stack.pop() != _CLOSERS[char]:
                    return None
            elif char == ")":
                depth -= 1
            else:
                return None
        position += 1
    rest = code[position:].split("\n", 1)[0]
    if rest.strip() not in ("", ";"):
        return None  # the statement goes on past the function (``f(function() {...}()) ? a : b``)
    return position + rest.index(";") + 1 if ";" in rest else position
