"""How close a tuned model's completions come: BLEU against the reference, and the real toolchain's syntax verdict.

:func:`bleu` is sacrebleu's corpus BLEU (its default 13a tokenizer, scores 0 to 100) and
:func:`sentence_bleu` the per-pair scores a bootstrap interval resamples. :func:`syntax_ok_many` asks the
language's own parser whether each prompt followed by its completion is well-formed: Python's ``compile``;
``javac`` stopped after parsing (``-XDshould-stop.ifError=PARSE -XDshould-stop.ifNoError=PARSE``, so
unresolved names and types, which a method alone always has, are not errors) on the method wrapped in a class;
node's V8 parser (as ``node --check`` runs it: a CommonJS script, else an ES module). Java and JavaScript are
checked in one process for many snippets. :func:`sentence_codebleu` is CodeBLEU (the ``codebleu`` package,
tree-sitter grammars for all three languages): n-gram, weighted n-gram, syntax-tree and data-flow match, 0 to 1.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path
from typing import Sequence

from codebudget.errors import CodebudgetError
from codebudget.train.pairs import Pair

TOOL_TIMEOUT_S = 900
_JAVAC_ERROR = re.compile(r"^(?:.*[/\\])?T(\d+)\.java:\d+: error:", re.MULTILINE)
_NODE_CHECK = r"""
const vm = require('vm');
const sources = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const wrapper = ['exports', 'require', 'module', '__filename', '__dirname'];
const parses = (source) => {
  for (const parse of [() => vm.compileFunction(source, wrapper), () => new vm.SourceTextModule(source)]) {
    try { parse(); return true; } catch (error) { if (!(error instanceof SyntaxError)) throw error; }
  }
  return false;
};
process.stdout.write(JSON.stringify(sources.map(parses)));
"""


def bleu(hypotheses: Sequence[str], references: Sequence[str]) -> float:
    """Corpus BLEU (0 to 100) of ``hypotheses``, each against its one reference."""
    sacrebleu = _sacrebleu()
    _same_length(hypotheses, references)
    return float(sacrebleu.corpus_bleu(list(hypotheses), [list(references)]).score)


def sentence_bleu(hypotheses: Sequence[str], references: Sequence[str]) -> tuple[float, ...]:
    """Each hypothesis's own BLEU (0 to 100) against its reference: what a bootstrap interval resamples."""
    sacrebleu = _sacrebleu()
    _same_length(hypotheses, references)
    return tuple(float(sacrebleu.sentence_bleu(h, [r]).score) for h, r in zip(hypotheses, references))


CODEBLEU_LANGUAGES = {"python": "python", "java": "java", "javascript": "javascript"}


def sentence_codebleu(hypotheses: Sequence[str], references: Sequence[str], language: str) -> tuple[float, ...]:
    """Each hypothesis's CodeBLEU (0 to 1) against its reference, both whole code in ``language``."""
    _same_length(hypotheses, references)
    if language not in CODEBLEU_LANGUAGES:
        raise ValueError(f"no CodeBLEU for language {language!r} (known: {', '.join(CODEBLEU_LANGUAGES)})")
    try:
        from codebleu import calc_codebleu
    except ImportError:
        raise CodebudgetError("CodeBLEU needs the codebleu package: pip install 'codebudget[train]'") from None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tuple(float(calc_codebleu([r], [h], lang=CODEBLEU_LANGUAGES[language])["codebleu"]) if h.strip() else 0.0
                     for h, r in zip(hypotheses, references))


def syntax_ok(language: str, prompt: str, completion: str) -> bool:
    """True when ``prompt + completion`` parses in ``language`` (python, java, javascript)."""
    return syntax_ok_many(language, [(prompt, completion)])[0]


def syntax_ok_many(language: str, items: Sequence[tuple[str, str]]) -> tuple[bool, ...]:
    """For each (prompt, completion), whether it parses in ``language``; one toolchain process for them all."""
    checkers = {"python": _python, "java": _java, "javascript": _javascript}
    if language not in checkers:
        raise ValueError(f"no syntax check for language {language!r} (known: {', '.join(checkers)})")
    if not items:
        return ()
    return checkers[language]([prompt + completion for prompt, completion in items])


def parsing(pairs: Sequence[Pair], language: str) -> tuple[Pair, ...]:
    """The pairs whose prompt and completion parse in ``language`` (one toolchain process for them all)."""
    verdicts = syntax_ok_many(language, [(pair.prompt, pair.completion) for pair in pairs])
    return tuple(pair for pair, ok in zip(pairs, verdicts) if ok)


def _python(sources: list[str]) -> tuple[bool, ...]:
    verdicts = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarning (invalid escapes) is not a syntax error
        for source in sources:
            try:
                compile(source, "<completion>", "exec", dont_inherit=True)
                verdicts.append(True)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                verdicts.append(False)
    return tuple(verdicts)


def _java(sources: list[str]) -> tuple[bool, ...]:
    javac = _tool("javac", "Debian's openjdk-17-jdk-headless")
    with tempfile.TemporaryDirectory(prefix="codebudget-javac-") as folder:
        root = Path(folder)
        files = []
        for index, source in enumerate(sources):
            path = root / f"T{index}.java"
            path.write_text(f"class T{index} {{\n{source}\n}}\n", encoding="utf-8")
            files.append(path.name)
        (root / "files").write_text("\n".join(files) + "\n")
        command = [
            javac, "-proc:none", "-implicit:none", "-encoding", "UTF-8", "-nowarn", "-Xmaxerrs", "1000000",
            "-XDshould-stop.ifError=PARSE", "-XDshould-stop.ifNoError=PARSE", "-d", "out", "@files",
        ]  # fmt: skip
        done = _run(command, root, None)
    failed = {int(index) for index in _JAVAC_ERROR.findall(done.stdout + done.stderr)}
    if done.returncode != 0 and not failed:
        raise CodebudgetError(f"javac failed: {_first_line(done.stderr or done.stdout)}")
    return tuple(index not in failed for index in range(len(sources)))


def _javascript(sources: list[str]) -> tuple[bool, ...]:
    node = _tool("node", "Debian's nodejs")
    done = _run([node, "--no-warnings", "--experimental-vm-modules", "-e", _NODE_CHECK], None, json.dumps(sources))
    try:
        verdicts = json.loads(done.stdout) if done.returncode == 0 else None
    except json.JSONDecodeError:
        verdicts = None
    if not isinstance(verdicts, list) or len(verdicts) != len(sources):
        raise CodebudgetError(f"node's syntax check failed: {_first_line(done.stderr or done.stdout)}")
    return tuple(bool(verdict) for verdict in verdicts)


def _tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise CodebudgetError(f"{name} is not on PATH: checking this language's syntax needs it (install {package})")
    return found


def _run(command: list[str], cwd: Path | None, stdin: str | None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            command, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=TOOL_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        raise CodebudgetError(f"{Path(command[0]).name} took over {TOOL_TIMEOUT_S} s to check syntax") from None


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "no output")


def _same_length(hypotheses: Sequence[str], references: Sequence[str]) -> None:
    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses but {len(references)} references")


def _sacrebleu():
    try:
        import sacrebleu
    except ImportError:
        raise CodebudgetError("BLEU needs sacrebleu: pip install 'codebudget[train]'") from None
    return sacrebleu
