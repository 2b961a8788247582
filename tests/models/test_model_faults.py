"""Damaged model files: listed as what they are, refused in one line before llama.cpp sees them.

Zoo models are checked against their sha256 (hashed again only when the file
changed since it was last hashed); local GGUF files against their own header.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from codebudget.models import ModelError, ModelVerificationError, get_entry, model_state, resolve_model
from codebudget.models.gguf import BLOCKS, check_gguf, read_header

SMOLLM2 = "smollm2-135m"
REFETCH = f"run `codebudget models fetch {SMOLLM2}` again"


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "400", **(env or {})}
    return subprocess.run([sys.executable, "-m", "codebudget", *args], capture_output=True, text=True, env=env,
                          timeout=300)


@pytest.fixture()
def zoo_copy(smollm2_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private model cache holding a verified copy of SmolLM2; returns the copy's path."""
    cache = tmp_path / "models"
    cache.mkdir()
    monkeypatch.setenv("CODEBUDGET_MODELS_DIR", str(cache))
    copy = cache / smollm2_path.name
    shutil.copyfile(smollm2_path, copy)
    assert model_state(get_entry(SMOLLM2)).ok  # hashes the copy once and remembers it
    return copy


def _damage_keeping_mtime(path: Path, offset: int, data: bytes) -> None:
    """Overwrite bytes in place and set the mtime back, as bit rot or a careless copy would leave it."""
    before = path.stat()
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _state_line(name: str, listing: str) -> str:
    return next(line for line in listing.splitlines() if name in line)


# --- zoo models: `models list` and loading -----------------------------------------------------


def test_list_shows_a_damaged_model_as_corrupt(zoo_copy: Path) -> None:
    _damage_keeping_mtime(zoo_copy, 50_000_000, b"\xff" * 4)
    state = model_state(get_entry(SMOLLM2))
    assert not state.ok and state.describe() == f"corrupt: sha256 mismatch — {REFETCH}"
    listing = cli("models", "list").stdout
    assert f"corrupt: sha256 mismatch — {REFETCH}" in _state_line(SMOLLM2, listing)


def test_list_shows_a_truncated_model_without_hashing_it(zoo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open(zoo_copy, "r+b") as handle:
        handle.truncate(5_000_000)
    monkeypatch.setattr("codebudget.models.state.file_sha256", _no_hashing)
    assert model_state(get_entry(SMOLLM2)).describe() == f"corrupt: truncated (5000000 of 98362432 bytes) — {REFETCH}"
    assert "corrupt: truncated (5000000 of 98362432 bytes)" in _state_line(SMOLLM2, cli("models", "list").stdout)


def test_verdicts_are_remembered_until_the_file_changes(zoo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = get_entry(SMOLLM2)
    with monkeypatch.context() as patched:
        patched.setattr("codebudget.models.state.file_sha256", _no_hashing)
        assert model_state(entry).ok  # verified by the fixture: not hashed again
        _damage_keeping_mtime(zoo_copy, 50_000_000, b"\x00" * 4)
        with pytest.raises(AssertionError, match="hashed"):  # changed (its ctime did), so hashed again
            model_state(entry)
    assert model_state(entry).problem == "sha256 mismatch"
    with monkeypatch.context() as patched:
        patched.setattr("codebudget.models.state.file_sha256", _no_hashing)
        assert model_state(entry).problem == "sha256 mismatch"  # a bad verdict is remembered too


def _no_hashing(path: Path) -> str:
    raise AssertionError(f"hashed {path}")


def test_damaged_zoo_model_is_refused_not_loaded_or_refetched(zoo_copy: Path) -> None:
    _damage_keeping_mtime(zoo_copy, 50_000_000, b"\xff" * 4)
    with pytest.raises(ModelVerificationError) as caught:
        resolve_model(SMOLLM2, allow_fetch=True)
    assert str(caught.value) == f"{SMOLLM2}: corrupt: sha256 mismatch — {REFETCH}"
    assert zoo_copy.read_bytes()[50_000_000:50_000_004] == b"\xff" * 4  # left for the user to repair


def test_generate_with_a_damaged_zoo_model_is_one_line_error(zoo_copy: Path) -> None:
    _damage_keeping_mtime(zoo_copy, 50_000_000, b"\xff" * 4)
    started = time.monotonic()
    done = cli("generate", "HumanEval/0", "--model", SMOLLM2)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"error: {SMOLLM2}: corrupt: sha256 mismatch — {REFETCH}"]
    assert time.monotonic() - started < 30


def test_fetch_repairs_what_list_called_corrupt(zoo_copy: Path) -> None:
    _damage_keeping_mtime(zoo_copy, 50_000_000, b"\xff" * 4)
    done = cli("models", "fetch", SMOLLM2)
    assert done.returncode == 0, done.stderr
    assert model_state(get_entry(SMOLLM2)).ok


# --- local GGUF files: checked against their own header ----------------------------------------


def _local(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _refusal(path: Path) -> tuple[str, float]:
    started = time.perf_counter()
    with pytest.raises(ModelError) as caught:
        resolve_model(str(path))
    took = time.perf_counter() - started
    assert "\n" not in str(caught.value)
    return str(caught.value), took


def test_header_needs_exactly_the_real_file(smollm2_path: Path) -> None:
    started = time.perf_counter()
    header = check_gguf(smollm2_path)
    assert time.perf_counter() - started < 0.5
    assert header.version == 3 and header.n_tensors == 272 and header.required_size == smollm2_path.stat().st_size


@pytest.mark.parametrize("keep", [2_000_000, 49_181_216, 98_362_431])
def test_truncated_local_gguf_is_refused_from_its_header(smollm2_path: Path, tmp_path: Path, keep: int) -> None:
    with open(smollm2_path, "rb") as source:
        path = _local(tmp_path, "cut.gguf", source.read(keep))
    message, took = _refusal(path)
    assert message == f"truncated GGUF file: {keep} bytes, its header needs 98362432: {path}"
    assert took < 0.5


def test_file_cut_inside_its_header_is_refused(smollm2_path: Path, tmp_path: Path) -> None:
    with open(smollm2_path, "rb") as source:
        path = _local(tmp_path, "head.gguf", source.read(100_000))
    message, took = _refusal(path)
    assert message.startswith("truncated or corrupt GGUF file (its header announces 49152 strings") and took < 0.5


@pytest.mark.parametrize(("offset", "value", "says"), [
    (8, 2**40, "announces 1099511627776 tensors"),
    (16, 2**40, "announces 1099511627776 metadata entries"),
    (1070 + 21 + 8, 2**33, "announces 8589934592 strings"),  # the length of tokenizer.ggml.tokens
])
def test_garbage_counts_are_refused_without_allocating(smollm2_path: Path, tmp_path: Path, offset: int, value: int,
                                                       says: str) -> None:
    data = bytearray(smollm2_path.read_bytes())
    assert data[1070 - 8 : 1070 + 21].endswith(b"tokenizer.ggml.tokens")
    data[offset : offset + 8] = struct.pack("<Q", value)
    message, took = _refusal(_local(tmp_path, "counts.gguf", bytes(data)))
    assert message.startswith("truncated or corrupt GGUF file (its header ") and says in message and took < 0.5


def test_garbage_after_the_magic_is_refused(smollm2_path: Path, tmp_path: Path) -> None:
    data = smollm2_path.read_bytes()[:8] + os.urandom(1_000_000)
    message, took = _refusal(_local(tmp_path, "noise.gguf", data))
    assert message.startswith(("corrupt GGUF header", "truncated")) and took < 0.5


def test_file_that_is_not_gguf_is_refused(tmp_path: Path) -> None:
    message, _ = _refusal(_local(tmp_path, "zip.gguf", b"PK\x03\x04" + b"\x00" * 100))
    assert message.startswith("not a GGUF file (bad magic b'PK\\x03\\x04')")


def test_generate_with_a_truncated_local_file_is_one_line_error(smollm2_path: Path, tmp_path: Path) -> None:
    with open(smollm2_path, "rb") as source:
        path = _local(tmp_path, "cut.gguf", source.read(50_000_000))
    done = cli("generate", "HumanEval/0", "--model", str(path))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"error: truncated GGUF file: 50000000 bytes, its header needs "
                                                f"98362432: {path}"]


def test_block_sizes_agree_with_libggml() -> None:
    llama_cpp = pytest.importorskip("llama_cpp")
    lib = ctypes.CDLL(str(Path(llama_cpp.__file__).parent / "lib" / "libggml-base.so"))
    lib.ggml_type_size.restype, lib.ggml_blck_size.restype = ctypes.c_size_t, ctypes.c_int64
    for kind, (block, size) in BLOCKS.items():
        assert (lib.ggml_blck_size(kind), lib.ggml_type_size(kind)) == (block, size), kind


def test_read_header_of_the_real_file_is_fast(smollm2_path: Path) -> None:
    started = time.perf_counter()
    for _ in range(10):
        read_header(smollm2_path)
    assert (time.perf_counter() - started) / 10 < 0.1


def test_random_header_damage_is_always_one_line(smollm2_path: Path, tmp_path: Path) -> None:
    import random

    with open(smollm2_path, "rb") as source:
        head = source.read(read_header(smollm2_path).data_offset)
    rng, path = random.Random(16), tmp_path / "damaged.gguf"
    for _ in range(300):
        data = bytearray(head)
        at = rng.randrange(len(data) - 8) if rng.random() < 0.7 else rng.randrange(4, 64)
        data[at : at + rng.choice((1, 4, 8))] = rng.randbytes(8)[: rng.choice((1, 4, 8))]
        path.write_bytes(bytes(data[: len(head)]))
        started = time.perf_counter()
        try:
            read_header(path)
        except ModelError as error:
            assert "\n" not in str(error)
        assert time.perf_counter() - started < 0.5
