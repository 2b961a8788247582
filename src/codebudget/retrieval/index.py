"""An index over a corpus's snippets, built once per corpus content and cached on disk.

Ranked by BM25 (``bm25s``) by default, or by a local sentence-embedding model
(``ranker="embeddings"``, :mod:`codebudget.retrieval.embedding`).

Tokens are the words of a snippet's qualified name (snake_case and camelCase split),
its signature's names and its docstring, lower-cased, without English stop words or
one-letter tokens. The index lives in the retrieval cache under the digest of the
snippets it was built from, so an unchanged corpus loads it instead of building it,
and a changed one builds a new one (the parse of unchanged files is cached apart,
:func:`codebudget.retrieval.corpus.snippets`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import shutil
from pathlib import Path
from typing import Callable, Sequence

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


def snippet_text(snippet: Snippet) -> str:
    """What a snippet is found by: its name, signature and docstring."""
    return f"{snippet.name} {snippet.signature} {snippet.doc}"


def snippet_words(snippet: Snippet) -> list[str]:
    """The index's tokens of :func:`snippet_text`."""
    return words(snippet_text(snippet))


def _bm25s():  # noqa: ANN202 - the optional library's module
    try:
        import bm25s
    except ImportError:
        raise CodebudgetError("the retrieval stage needs bm25s: pip install 'codebudget[retrieval]'") from None
    return bm25s


class Ranking:
    """BM25 (``bm25s``) over documents given as token lists: the best of them for a query, by position."""

    def __init__(self, model) -> None:  # noqa: ANN001 - a bm25s.BM25
        self._model = model

    @classmethod
    def built(cls, documents: Sequence[list[str]]) -> Ranking:
        """A new ranking of ``documents`` (a document without tokens gets a placeholder one)."""
        model = _bm25s().BM25()
        model.index([tokens or ["_"] for tokens in documents], show_progress=False)
        return cls(model)

    @classmethod
    def loaded(cls, path: Path) -> Ranking | None:
        """The ranking saved at ``path``; None when it is missing or unreadable."""
        try:
            return cls(_bm25s().BM25.load(str(path)))
        except CodebudgetError:
            raise
        except Exception:  # noqa: BLE001 - a missing or unreadable index is rebuilt by the caller
            return None

    def save(self, path: Path) -> None:
        """Save at ``path``; a folder that cannot be written only costs a rebuild next time."""
        try:
            self._model.save(str(path))
        except OSError:
            pass

    def best(self, query: str, top: int, keep: Callable[[int], bool] = lambda position: True) -> list[tuple[int, float]]:
        """Up to ``top`` (position, score) pairs with a positive score, best first, among the positions ``keep`` allows."""
        tokens = words(query)
        if not tokens:
            return []
        return best_positions(np.asarray(self._model.get_scores(tokens), dtype=float), top, keep)


def best_positions(scores: np.ndarray, top: int, keep: Callable[[int], bool]) -> list[tuple[int, float]]:
    """Up to ``top`` (position, score) pairs with a positive score, best first (ties: by position), among the
    positions ``keep`` allows."""
    found: list[tuple[int, float]] = []
    for position in np.argsort(-scores, kind="stable"):
        if scores[position] <= 0 or len(found) == top:
            break
        if keep(int(position)):
            found.append((int(position), float(scores[position])))
    return found


@dataclasses.dataclass(frozen=True)
class Hit:
    """A retrieved snippet and its score (BM25, or cosine similarity with embeddings)."""

    snippet: Snippet
    score: float


RANKERS = ("bm25", "embeddings")


class Index:
    """One corpus's snippets and their ranking."""

    def __init__(self, corpus: Corpus, items: Sequence[Snippet], digest: str, ranking, ranker: str = "bm25") -> None:  # noqa: ANN001 - Ranking or VectorRanking
        self.corpus = corpus
        self.items = tuple(items)
        self.digest = digest
        self.ranker = ranker
        self._ranking = ranking

    @classmethod
    def of(cls, corpus: Corpus, cache: Path | None = None, ranker: str = "bm25", embedder: str = "") -> Index:
        """The index of ``corpus``, loaded from ``cache`` (default :func:`cache_dir`) or built and saved there;
        ``ranker`` "embeddings" ranks with the embedding model at ``embedder`` (default: the installed one)."""
        if ranker not in RANKERS:
            raise CodebudgetError(f"unknown ranker {ranker!r}: one of {', '.join(RANKERS)}")
        model = None
        if ranker == "embeddings":  # a missing library or model is an error before the corpus is parsed
            from codebudget.retrieval.embedding import embedder as load_embedder

            model = load_embedder(embedder)
        else:
            _bm25s()
        base = (cache or cache_dir()) / hashlib.sha256(str(corpus.root).encode()).hexdigest()[:16]
        items, digest = snippets(corpus, base / "snippets.json")
        if not items:
            raise CodebudgetError(f"retrieval corpus {corpus.root} has no Python functions to retrieve")
        if model is not None:
            from codebudget.retrieval.embedding import VectorRanking

            saved = base / f"vectors-{model.id}-{digest}.npy"
            vectors = VectorRanking.loaded(model, saved, len(items))
            if vectors is None:
                vectors = VectorRanking.built(model, [snippet_text(s) for s in items])
                for old in base.glob(f"vectors-{model.id}-*.npy"):
                    old.unlink(missing_ok=True)
                vectors.save(saved)
            return cls(corpus, items, digest, vectors, ranker)
        saved = base / f"bm25-{digest}"
        ranking = Ranking.loaded(saved)
        if ranking is None:
            ranking = Ranking.built([snippet_words(s) for s in items])
            for old in base.glob("bm25-*"):
                shutil.rmtree(old, ignore_errors=True)
            ranking.save(saved)
        return cls(corpus, items, digest, ranking, ranker)

    def search(self, query: str, top: int, exclude: str = "") -> list[Hit]:
        """The ``top`` best snippets for ``query`` with a positive score; none whose code contains ``exclude``."""
        keep = (lambda position: exclude not in self.items[position].code) if exclude else (lambda position: True)
        return [Hit(self.items[position], score) for position, score in self._ranking.best(query, top, keep)]
