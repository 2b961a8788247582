"""The adapter store: content addresses, names, resolution, tamper checks; and adapters in the run identity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codebudget.adapters import AdapterError, AdapterStore
from codebudget.backends.registry import BackendSpec, model_identity
from codebudget.pipeline import PipelineConfig, build_config
from codebudget.pipeline.reuse import DECODER_FIELDS


def fake_gguf(folder: Path, content: bytes) -> Path:
    path = folder / "made.gguf"
    path.write_bytes(b"GGUF" + content)
    return path


def test_an_adapter_is_stored_under_its_sha256_and_found_by_name_id_and_prefix(tmp_path: Path):
    store = AdapterStore(tmp_path / "store")
    added = store.add(fake_gguf(tmp_path, b"one"), {"base_model": "smollm2-135m"}, name="first")
    assert added.folder.name == added.sha256 and added.gguf.read_bytes() == b"GGUFone"
    assert json.loads((added.folder / "provenance.json").read_text())["sha256"] == added.sha256
    for spec in ("first", added.id, added.sha256[:6], added.sha256):
        assert store.resolve(spec).sha256 == added.sha256
    again = store.add(fake_gguf(tmp_path, b"one"), {"other": True}, name="second")
    assert again.sha256 == added.sha256 and again.names == ("first", "second")
    assert again.provenance == added.provenance  # the first copy is kept
    assert [a.sha256 for a in store.list()] == [added.sha256]


def test_a_gguf_file_given_as_adapter_is_copied_in(tmp_path: Path):
    store = AdapterStore(tmp_path / "store")
    path = fake_gguf(tmp_path, b"outside")
    found = store.resolve(str(path))
    assert found.gguf != path and found.gguf.read_bytes() == path.read_bytes()
    assert found.provenance["imported_from"] == str(path.resolve())


def test_unknown_ambiguous_changed_and_badly_named_adapters_are_one_line_errors(tmp_path: Path):
    store = AdapterStore(tmp_path / "store")
    with pytest.raises(AdapterError, match="unknown adapter 'nothing'"):
        store.resolve("nothing")
    made = [store.add(fake_gguf(tmp_path, bytes([i])), {}) for i in range(40)]
    shared = next(p for p in {a.sha256[:1] for a in made} if sum(a.sha256.startswith(p) for a in made) > 1)
    with pytest.raises(AdapterError):  # one hex digit is no id (too short), nor a name
        store.resolve(shared)
    six = [a.sha256[:6] for a in made]
    assert len(set(six)) == len(six)
    with pytest.raises(AdapterError, match="use letters"):
        store.add(fake_gguf(tmp_path, b"x"), {}, name="no spaces")
    made[0].gguf.write_bytes(b"GGUFchanged")
    with pytest.raises(AdapterError, match="has changed since it was stored"):
        store.resolve(made[0].id)


def test_the_adapter_is_part_of_the_run_identity_and_of_greedy_reuse(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CODEBUDGET_ADAPTERS", str(tmp_path / "store"))
    plain = PipelineConfig()
    assert plain.hash() == PipelineConfig(adapter=None).hash()  # runs stored before adapters keep their hash
    path = fake_gguf(tmp_path, b"adapter")
    config = build_config(None, model="smollm2-135m", adapter=str(path))
    assert config.adapter is not None and len(config.adapter) == 16  # the id, not the path typed
    assert build_config(None, model="smollm2-135m", adapter=config.adapter[:8]).adapter == config.adapter
    assert config.hash() != build_config(None, model="smollm2-135m").hash()
    assert f"+{config.adapter}" in config.describe()
    assert "adapter" in DECODER_FIELDS
    spec = BackendSpec.from_config(config)
    assert spec.adapter == config.adapter
    assert model_identity(spec).key.endswith("+" + config.adapter)


def test_an_unknown_adapter_in_a_config_is_refused_in_one_line(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CODEBUDGET_ADAPTERS", str(tmp_path / "store"))
    with pytest.raises(AdapterError, match="unknown adapter 'missing'"):
        build_config(None, adapter="missing")


def test_a_store_that_cannot_be_written_is_a_one_line_error(tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    store = AdapterStore(blocker / "store")
    with pytest.raises(AdapterError, match="cannot store the adapter in"):
        store.add(fake_gguf(tmp_path, b"x"), {}, name="x")
