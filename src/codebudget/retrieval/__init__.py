"""Retrieval for the pipeline's retrieval stage: a corpus of Python functions and a BM25 index over it."""

from codebudget.retrieval.corpus import Corpus, Snippet, snippets
from codebudget.retrieval.index import Hit, Index, Ranking, cache_dir, words

__all__ = ["Corpus", "Hit", "Index", "Ranking", "Snippet", "cache_dir", "snippets", "words"]
