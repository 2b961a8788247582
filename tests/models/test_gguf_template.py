"""The chat template and special tokens read from a GGUF header, without llama.cpp."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from codebudget.models.errors import ModelError
from codebudget.models.gguf import chat_template_of, read_header


def _string(text: str) -> bytes:
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def _gguf(entries: list[tuple[str, int, bytes]]) -> bytes:
    """A GGUF v3 file with these metadata entries (key, type, encoded value) and no tensors."""
    body = b"".join(_string(key) + struct.pack("<I", kind) + value for key, kind, value in entries)
    return b"GGUF" + struct.pack("<IQQ", 3, 0, len(entries)) + body


TOKENS = ["<s>", "</s>", "hello"]
ENTRIES = [
    ("general.architecture", 8, _string("llama")),
    ("tokenizer.ggml.tokens", 9, struct.pack("<IQ", 8, len(TOKENS)) + b"".join(map(_string, TOKENS))),
    ("tokenizer.ggml.scores", 9, struct.pack("<IQ", 6, 3) + struct.pack("<3f", 0.0, 0.0, 0.0)),
    ("tokenizer.ggml.bos_token_id", 4, struct.pack("<I", 0)),
    ("tokenizer.ggml.eos_token_id", 4, struct.pack("<I", 1)),
    ("tokenizer.chat_template", 8, _string("{{ bos_token }}{% for m in messages %}{{ m.content }}{% endfor %}")),
]


def test_the_template_and_special_tokens_come_from_the_header(tmp_path: Path) -> None:
    path = tmp_path / "tiny.gguf"
    path.write_bytes(_gguf(ENTRIES))
    template, bos, eos = chat_template_of(path)
    assert template.startswith("{{ bos_token }}") and (bos, eos) == ("<s>", "</s>")
    assert read_header(path).kept == ()  # nothing is kept unless asked


def test_a_file_without_a_template_or_cut_short_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "plain.gguf"
    path.write_bytes(_gguf(ENTRIES[:-1]))
    with pytest.raises(ModelError, match="has no chat template"):
        chat_template_of(path)
    path.write_bytes(_gguf(ENTRIES)[:-20])
    with pytest.raises(ModelError, match="truncated GGUF file"):
        chat_template_of(path)
