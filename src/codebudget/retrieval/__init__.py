"""Retrieval for the pipeline's retrieval stage: a corpus of Python functions and an index over it (BM25 or embeddings)."""

from codebudget.retrieval.corpus import Corpus, Snippet, snippets
from codebudget.retrieval.index import RANKERS, Hit, Index, Ranking, cache_dir, words

__all__ = ["RANKERS", "Corpus", "Hit", "Index", "Ranking", "Snippet", "cache_dir", "snippets", "words"]
