"""Mining the JDK's own source for training pairs: a method's Javadoc and signature, then its body.

The source is the ``src.zip`` a JDK ships (Debian's ``openjdk-17-source`` puts it beside the ``javac`` of
``openjdk-17-jdk``; other JDKs keep it in ``lib/``). Only ``java.base``'s ``java.util``, ``java.lang``,
``java.text``, ``java.time`` and ``java.io`` are read (not their subpackages). A method becomes a pair when a
Javadoc comment stands right before it and it has a body of 1 to :data:`MAX_BODY_LINES` non-blank lines:
``prompt`` is the comment and the signature up to its ``{`` (annotations kept, dedented to column 0),
``completion`` the body and its closing ``}``. Constructors are left out (wrapped in another class they are
not valid Java), as are native and abstract methods (no body). The source is read by
:func:`codebudget.train.clike.scan`, not a Java parser; every pair is then checked by ``javac``'s parser
(:func:`codebudget.train.metrics.syntax_ok_many`), which also drops methods written in syntax newer than the
``javac`` that checks them (a JDK 25 source read with JDK 17's ``javac``).
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

from codebudget.errors import CodebudgetError
from codebudget.train.clike import dedent, line_start, scan
from codebudget.train.metrics import parsing
from codebudget.train.pairs import Pair, distinct

PACKAGES = re.compile(r"java\.base/java/(?:util|lang|text|time|io)/[^/]+\.java")
MAX_BODY_LINES = 30
MAX_CHARS = 4000
"""A pair's prompt and completion together stay under this (Javadoc comments run long)."""
DEBIAN_JDK = Path("/usr/lib/jvm/java-17-openjdk-amd64")
JVM_DIR = Path("/usr/lib/jvm")
ENV = "CODEBUDGET_JDK_SRC"

_MODIFIERS = frozenset(
    "public protected private static final synchronized abstract native strictfp default transient volatile".split()
)
_NOT_NAMES = frozenset("if for while switch catch synchronized return new throw else do try assert".split())
_ANNOTATION = re.compile(r"@(?!interface\b)[\w$]+(?:\.[\w$]+)*\s*(?:\((?:[^()]|\([^()]*\))*\))?")
_PARAMS_END = re.compile(r"\)\s*(?:\[\s*\]\s*)*(?:throws\s+[\w$.,\s<>?]+)?$")
_NAME_AT_END = re.compile(r"[A-Za-z_$][\w$]*$")
_TYPE = re.compile(r"[\w$.]+(?:\s*<[\w$.,\s<>?\[\]&]*>)?(?:\s*\[\s*\])*")
_TYPE_DECLARATION = re.compile(r"(?<![\w.$@])(?:class|interface|enum|record)\s+([A-Za-z_$][\w$]*)")
_HEADER_END = re.compile(r"[{};]")
_NEWLINE_AFTER_BRACE = re.compile(r"[ \t]*\n")


def jdk_sources() -> Path:
    """The JDK's ``src.zip``: ``$CODEBUDGET_JDK_SRC``, else that of the ``javac`` on PATH, Debian's JDK 17, any JDK."""
    override = os.environ.get(ENV)
    if override:
        path = Path(override).expanduser()
        if not path.is_file():
            raise CodebudgetError(f"{ENV}={override}: no such file (it names the JDK's src.zip)")
        return path
    candidates = []
    javac = shutil.which("javac")
    if javac is not None:
        candidates.append(Path(javac).resolve().parent.parent / "lib" / "src.zip")
    candidates.append(DEBIAN_JDK / "lib" / "src.zip")
    if JVM_DIR.is_dir():
        candidates += sorted(JVM_DIR.glob("*/lib/src.zip"))
    for candidate in candidates:
        if candidate.is_file():  # Debian's src.zip is a link that dangles until openjdk-17-source is installed
            return candidate
    raise CodebudgetError(
        f"no JDK source archive (src.zip) found: install Debian's openjdk-17-source or set {ENV} to a JDK's src.zip"
    )


def mine(archive: Path | None = None, *, check: bool = True) -> tuple[Pair, ...]:
    """The pairs of every documented method in the chosen packages of ``archive`` (default: :func:`jdk_sources`).

    In archive order (sorted paths), exact duplicate completions dropped, and with ``check`` only those that
    ``javac`` parses.
    """
    path = archive if archive is not None else jdk_sources()
    try:
        with zipfile.ZipFile(path) as zipped:
            names = sorted(name for name in zipped.namelist() if PACKAGES.fullmatch(name))
            sources = [(name, zipped.read(name).decode("utf-8", errors="replace")) for name in names]
    except (OSError, zipfile.BadZipFile) as error:
        raise CodebudgetError(f"cannot read the JDK sources {path}: {error}") from None
    pairs: list[Pair] = []
    for name, text in sources:
        pairs += methods(text, name)
    return parsing(distinct(pairs), "java") if check else tuple(distinct(pairs))


def methods(text: str, path: str) -> list[Pair]:
    """The pairs of one Java source file's documented methods (``path`` names it in the pairs' ids)."""
    scanned = scan(text, "java")
    text, code, closes = scanned.text, scanned.code, scanned.closes
    types = _type_spans(code, closes)
    docs = [comment for comment in scanned.comments if comment.doc]
    found = []
    for index, comment in enumerate(docs):
        end = _HEADER_END.search(code, comment.end)
        if end is None or end.group() != "{":
            continue
        brace = end.start()
        if index + 1 < len(docs) and docs[index + 1].start < brace:
            continue  # another Javadoc before the body: this one documents no method
        name = method_name(code[comment.end : brace])
        close = closes.get(brace)
        start = line_start(text, comment.start)
        if name is None or close is None or text[start : comment.start].strip():
            continue
        if not 1 <= sum(1 for line in text[brace + 1 : close].split("\n") if line.strip()) <= MAX_BODY_LINES:
            continue
        width = comment.start - start
        prompt = dedent(text[start : brace + 1], width)
        rest = text[brace + 1 : close + 1]
        newline = _NEWLINE_AFTER_BRACE.match(rest)
        if newline:
            prompt += "\n"
            completion = dedent(rest[newline.end() :], width) + "\n"
        else:
            completion = dedent(rest, width, partial_first=True) + "\n"
        if len(prompt) + len(completion) > MAX_CHARS:
            continue
        owner = ".".join(type_name for open_, close_, type_name in types if open_ < brace < close_)
        header_at = comment.end + len(code[comment.end : brace]) - len(code[comment.end : brace].lstrip())
        line = text.count("\n", 0, header_at) + 1
        found.append(
            Pair(
                pair_id=f"jdk:{path}:{owner + '.' if owner else ''}{name}:{line}",
                language="java",
                prompt=prompt,
                completion=completion,
                source="jdk",
                entry_point=name,
            )
        )
    return found


def method_name(header: str) -> str | None:
    """The name of the method that blanked ``header`` (from after its Javadoc to before its ``{``) declares.

    None for anything else: a constructor, a class, a field, an initializer, a native or abstract method.
    """
    flat = " ".join(_ANNOTATION.sub(" ", header).split())
    params_end = _PARAMS_END.search(flat)
    if params_end is None or "=" in flat:
        return None
    depth, open_at = 0, -1
    for position in range(params_end.start(), -1, -1):
        depth += {")": 1, "(": -1}.get(flat[position], 0)
        if depth == 0:
            open_at = position
            break
    if open_at < 0:
        return None
    before = flat[:open_at].rstrip()
    name = _NAME_AT_END.search(before)
    if name is None or name.group() in _NOT_NAMES:
        return None
    words = before[: name.start()].split(" ")
    while words and words[0] in _MODIFIERS:
        if words[0] in ("native", "abstract"):
            return None
        words = words[1:]
    rest = " ".join(words).strip()
    if rest.startswith("<"):  # a generic method's type parameters
        depth = 0
        for position, char in enumerate(rest):
            depth += {"<": 1, ">": -1}.get(char, 0)
            if depth == 0:
                rest = rest[position + 1 :].strip()
                break
    if not rest or _TYPE.fullmatch(rest) is None:
        return None  # no return type: a constructor (or not a method at all)
    return name.group()


def _type_spans(code: str, closes: dict[int, int]) -> list[tuple[int, int, str]]:
    """The classes, interfaces, enums and records of blanked ``code``: where their body opens and closes, and name."""
    spans = []
    for declaration in _TYPE_DECLARATION.finditer(code):
        end = _HEADER_END.search(code, declaration.end())
        if end is not None and end.group() == "{" and end.start() in closes:
            spans.append((end.start(), closes[end.start()], declaration.group(1)))
    return spans
