"""The retrieval stage's corpus and BM25 index, on a real folder and the real standard library; live with a model."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from codebudget.benchmarks import load
from codebudget.errors import CodebudgetError
from codebudget.pipeline import PipelineConfig, run_config
from codebudget.retrieval import Corpus, Index, corpus as corpus_module, words
from codebudget.retrieval.corpus import cut, module_name
from codebudget.store import Store

pytest.importorskip("bm25s")

TEXT = '''
import re


def slugify(title):
    """Turn a title into a lower-case URL slug: words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _private(x):
    """Never retrieved."""
    return x


class Interval:
    def overlaps(self, other):
        """Whether two closed intervals share a point."""
        return self.start <= other.end and other.start <= self.end
'''
MATH = '''
def moving_average(values, width):
    """The mean of each window of ``width`` consecutive values."""
    return [sum(values[i:i + width]) / width for i in range(len(values) - width + 1)]
'''
STUB = '''
def make_slug(title: str) -> str:
    """Make a URL slug out of a title."""
'''


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "text.py").write_text(TEXT)
    (root / "pkg" / "__init__.py").write_text("")
    (root / "numbers.py").write_text(MATH)
    (root / "broken.py").write_text("def oops(:\n")
    (root / "wip.py").write_text(STUB)
    (root / ".venv").mkdir()
    (root / ".venv" / "skipped.py").write_text("def slugify_again(t):\n    return t\n")
    return root


def test_a_file_is_cut_into_its_public_functions():
    found = cut(TEXT, Path("pkg/text.py"))
    assert [s.name for s in found] == ["pkg.text.slugify", "pkg.text.Interval.overlaps"]
    slug = found[0]
    assert slug.source == "pkg/text.py:5" and slug.signature == "def slugify(title):"
    assert slug.doc.startswith("Turn a title") and slug.code.startswith("def slugify(title):")
    assert found[1].code.startswith("def overlaps(self, other):")  # dedented out of the class
    assert cut("def broken(:", Path("x.py")) == []
    assert module_name(Path("collections/__init__.py")) == "collections"
    assert words("parseHTTPHeaders of the url_path") == ["parse", "http", "headers", "url", "path"]


def test_search_ranks_by_bm25_and_never_returns_the_task_stub(folder: Path, tmp_path: Path):
    index = Index.of(Corpus.folder(folder), cache=tmp_path / "cache")
    assert {s.name for s in index.items} == {"pkg.text.slugify", "pkg.text.Interval.overlaps",
                                              "numbers.moving_average", "wip.make_slug"}
    hits = index.search("Make a URL slug out of a title", 2, exclude="def make_slug(")
    assert hits[0].snippet.name == "pkg.text.slugify" and hits[0].score > 0
    assert all(h.snippet.name != "wip.make_slug" for h in hits)
    assert index.search("window mean of consecutive values", 1)[0].snippet.name == "numbers.moving_average"
    assert index.search("zzz qqq", 3) == []  # nothing in common: nothing retrieved


def test_the_index_is_cached_and_only_changed_files_are_parsed_again(folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = Index.of(Corpus.folder(folder), cache=cache)
    parsed: list[str] = []
    real = corpus_module.cut

    def counting(source, relative):
        parsed.append(relative.as_posix())
        return real(source, relative)

    monkeypatch.setattr(corpus_module, "cut", counting)
    again = Index.of(Corpus.folder(folder), cache=cache)
    assert parsed == [] and again.digest == first.digest
    text = folder / "numbers.py"
    text.write_text(MATH + '\n\ndef median(values):\n    """The middle value."""\n    return sorted(values)[len(values) // 2]\n')
    os.utime(text, ns=(1, 1))
    changed = Index.of(Corpus.folder(folder), cache=cache)
    assert parsed == ["numbers.py"] and changed.digest != first.digest
    assert changed.search("the middle value", 1)[0].snippet.name == "numbers.median"
    assert len(list((next(cache.iterdir())).glob("bm25-*"))) == 1  # the stale index is gone


def test_bad_corpora_are_one_line_errors(tmp_path: Path):
    with pytest.raises(ValueError, match="is not a folder"):
        Corpus.folder(tmp_path / "none")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CodebudgetError, match="has no Python functions"):
        Index.of(Corpus.folder(tmp_path / "empty"), cache=tmp_path / "cache")
    with pytest.raises(ValueError, match="is not a folder"):
        PipelineConfig(stages=(f"retrieval:corpus={tmp_path / 'none'}",))


@pytest.mark.slow
def test_the_standard_library_is_the_default_corpus(tmp_path: Path):
    index = Index.of(Corpus.stdlib(), cache=tmp_path / "cache")
    assert len(index.items) > 5000
    names = [h.snippet.name for h in index.search("Deserialize a JSON document from a string to a Python object", 3)]
    assert any(name.startswith("json.") for name in names), names
    assert not any("/test/" in s.source or s.source.startswith("test/") for s in index.items)


@pytest.mark.model
def test_retrieved_functions_reach_the_prompt_and_the_store(folder, tmp_path, sandbox, smollm2, monkeypatch):
    monkeypatch.setenv("CODEBUDGET_RETRIEVAL_CACHE", str(tmp_path / "cache"))
    task = {"task_id": "demo/slug", "prompt": STUB, "entry_point": "make_slug",
            "public_tests": ["assert make_slug('Hello World') == 'hello-world'"],
            "hidden_tests": ["assert make_slug('A  b') == 'a-b'"]}
    path = tmp_path / "tasks.jsonl"
    path.write_text(json.dumps(task) + "\n")
    problems = load(str(path))
    config = PipelineConfig(model="smollm2-135m", max_tokens=48, stages=(f"retrieval:corpus={folder}:top=2",))
    with Store.open(tmp_path / "runs.db") as store:
        summary = run_config(config, problems, store=store, backend=smollm2, sandbox=sandbox)
        (found,) = store.iter_preparations(summary.run_hash)
        prepared = found.preparation
        assert prepared.sources[0] == "pkg.text.slugify (pkg/text.py:5)" and prepared.calls == 0
        assert prepared.detail["corpus"] == str(folder.resolve()) and prepared.detail["hits"][0]["score"] > 0
        (generation,) = store.iter_generations(summary.run_hash)
        assert "def slugify(title):" in generation.prompt and "def make_slug" not in prepared.text
