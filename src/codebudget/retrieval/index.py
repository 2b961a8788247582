"""A BM25 index over a corpus's snippets (``bm25s``), built once per corpus content and cached on disk.

Tokens are the words of a snippet's qualified name (snake_case and camelCase split),
its signature's names and its docstring, lower-cased, without English stop words or
one-letter tokens. The index lives in the retrieval cache under the digest of the
snippets it was built from, so an unchanged corpus loads it instead of building it,
and a changed one builds a new one (the parse of unchanged files is cached apart,
:func:`codebudget.retrieval.corpus.snippets`).
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path
from typing import Sequence

import numpy as np

from codebudget.cachedirs import user_cache
from codebudget.errors import CodebudgetError
from codebudget.retrieval.corpus import Corpus, Snippet, snippets

_WORD = re.compile(r"[A-Za-z][a-z]+|[A-Z]+(?![a-z])|[a-z]+|\d+")
STOP = frozenset("""a an and are as at be by for from has have if in into is it its of on or that the then this to
was were will with which when return returns value values given list str int none true false self""".split())
CACHE_ENV = "CODEBUDGET_RETRIEVAL_CACHE"


def cache_dir() -> Path:
    """Where indexes live: ``$CODEBUDGET_RETRIEVAL_CACHE`` or the platform's user cache."""
    return user_cache("retrieval", CACHE_ENV)


def words(text: str) -> list[str]:
    """The index's tokens of ``text``."""
    return [w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if len(w) > 1 and w not in STOP]


def snippet_words(snippet: Snippet) -> list[str]:
    """What a snippet is found by: its name, signature and docstring."""
    return words(f"{snippet.name} {snippet.signature} {snippet.doc}")


def _bm25s():  # noqa: ANN202 - the optional library's module
    try:
        import bm25s
    except ImportError:
        raise CodebudgetError("the retrieval stage needs bm25s: pip install 'codebudget[retrieval]'") from None
    return bm25s


@dataclasses.dataclass(frozen=True)
class Hit:
    """A retrieved snippet and its BM25 score."""

    snippet: Snippet
    score: float


class Index:
    """BM25 over one corpus's snippets."""

    def __init__(self, corpus: Corpus, items: Sequence[Snippet], digest: str, model) -> None:  # noqa: ANN001
        self.corpus = corpus
        self.items = tuple(items)
        self.digest = digest
        self._model = model

    @classmethod
    def of(cls, corpus: Corpus, cache: Path | None = None) -> Index:
        """The index of ``corpus``, loaded from ``cache`` (default :func:`cache_dir`) or built and saved there."""
        bm25s = _bm25s()
        import hashlib

        base = (cache or cache_dir()) / hashlib.sha256(str(corpus.root).encode()).hexdigest()[:16]
        items, digest = snippets(corpus, base / "snippets.json")
        if not items:
            raise CodebudgetError(f"retrieval corpus {corpus.root} has no Python functions to retrieve")
        saved = base / f"bm25-{digest}"
        try:
            model = bm25s.BM25.load(str(saved))
        except Exception:  # noqa: BLE001 - a missing or unreadable index is rebuilt
            model = bm25s.BM25()
            model.index([snippet_words(s) or ["_"] for s in items], show_progress=False)
            for old in base.glob("bm25-*"):
                shutil.rmtree(old, ignore_errors=True)
            try:
                model.save(str(saved))
            except OSError:
                pass
        return cls(corpus, items, digest, model)

    def search(self, query: str, top: int, exclude: str = "") -> list[Hit]:
        """The ``top`` best snippets for ``query`` with a positive score; none whose code contains ``exclude``."""
        tokens = words(query)
        if not tokens:
            return []
        scores = np.asarray(self._model.get_scores(tokens), dtype=float)
        hits: list[Hit] = []
        for position in np.argsort(-scores, kind="stable"):
            if scores[position] <= 0 or len(hits) == top:
                break
            snippet = self.items[int(position)]
            if exclude and exclude in snippet.code:
                continue
            hits.append(Hit(snippet, float(scores[position])))
        return hits
