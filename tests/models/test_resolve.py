"""Turning ``--model`` values into files: zoo names, local paths, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from codebudget.models import ModelError, resolve_model


def test_missing_local_file_is_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="model file not found"):
        resolve_model(str(tmp_path / "nothing.gguf"))


def test_unknown_name_lists_zoo(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="qwen2.5-coder-0.5b"):
        resolve_model("gpt-17")


def test_file_without_gguf_magic_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "weights.gguf"
    bad.write_bytes(b"PK\x03\x04 not a gguf file")
    with pytest.raises(ModelError, match="not a GGUF file"):
        resolve_model(str(bad))


def test_local_gguf_path_resolves(smollm2_path: Path) -> None:
    assert resolve_model(str(smollm2_path)) == smollm2_path.resolve()
