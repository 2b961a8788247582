"""Fetching and verification, on small fake chunk distributions and on the real zoo."""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

import pytest

from codebudget.models import fetch, verify
from codebudget.models.cache import models_dir
from codebudget.models.errors import ModelNotFetchedError, ModelVerificationError
from codebudget.models.fetch import assemble, missing_chunks
from codebudget.models.zoo import Chunk, ModelEntry, get_entry


def _fake_distribution(site: Path, name: str, payload: bytes) -> Chunk:
    """Write an installed-looking distribution whose data file holds ``payload``."""
    module = name.replace("-", "_")
    (site / module / "data").mkdir(parents=True)
    (site / module / "data" / "part.bin").write_bytes(payload)
    info = site / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    return Chunk(name, "1.0", f"{module}/data/part.bin")


@pytest.fixture()
def fake_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModelEntry:
    site = tmp_path / "site"
    parts = [b"GGUF" + b"a" * 1000, b"b" * 777, b"c" * 5]
    chunks = tuple(_fake_distribution(site, f"cb-fake-part{i}", data) for i, data in enumerate(parts))
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    monkeypatch.setenv("CODEBUDGET_MODELS_DIR", str(tmp_path / "models"))
    whole = b"".join(parts)
    return ModelEntry("fake", "fake", "fake.gguf", len(whole), hashlib.sha256(whole).hexdigest(), chunks, 0.0)


def test_assembles_chunks_in_order_and_verifies(fake_entry: ModelEntry) -> None:
    assert missing_chunks(fake_entry) == []
    path = fetch(fake_entry)
    assert path.read_bytes().startswith(b"GGUF" + b"a" * 1000 + b"b")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == fake_entry.sha256
    assert verify(fake_entry) == fake_entry.sha256


def test_hash_mismatch_is_refused_and_leaves_no_file(fake_entry: ModelEntry) -> None:
    wrong = ModelEntry(**{**fake_entry.__dict__, "sha256": "0" * 64})
    with pytest.raises(ModelVerificationError) as caught:
        fetch(wrong)
    message = str(caught.value)
    assert "fake" in message and "0" * 64 in message and fake_entry.sha256 in message
    assert "\n" not in message
    assert list(models_dir().iterdir()) == [], "a refused file must not stay in the cache"


def test_size_mismatch_is_refused(fake_entry: ModelEntry, tmp_path: Path) -> None:
    wrong = ModelEntry(**{**fake_entry.__dict__, "size": fake_entry.size + 1})
    with pytest.raises(ModelVerificationError, match="bytes"):
        assemble(wrong, tmp_path / "out.gguf")
    assert not (tmp_path / "out.gguf").exists()


def test_corrupted_cached_file_fails_verify(fake_entry: ModelEntry) -> None:
    path = fetch(fake_entry)
    data = bytearray(path.read_bytes())
    data[10] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelVerificationError, match="verification failed"):
        verify(fake_entry)


def test_truncated_cached_file_is_refused_then_refetched(fake_entry: ModelEntry) -> None:
    path = fetch(fake_entry)
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(ModelVerificationError):
        verify(fake_entry)
    assert fetch(fake_entry).stat().st_size == fake_entry.size  # fetch repairs it


def test_verify_before_fetch_says_how_to_fetch(fake_entry: ModelEntry) -> None:
    with pytest.raises(ModelNotFetchedError, match="codebudget models fetch fake"):
        verify(fake_entry)


@pytest.mark.model
def test_real_default_model_verifies(qwen05_path: Path) -> None:
    entry = get_entry("qwen2.5-coder-0.5b")
    assert qwen05_path.stat().st_size == 491_400_064
    assert verify(entry) == "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
