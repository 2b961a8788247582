"""Read a GGUF file's header and check that the file holds what it announces.

llama.cpp trusts the header: given a truncated or damaged file it may read
past the end, allocate what a garbage count asks for, or load garbage weights.
This reader walks the header (metadata and tensor table) without loading any
weights, bounds every count by the bytes that are left, and computes how large
the file must be: the data section's start plus the end of its last tensor.
It needs no llama.cpp and answers in well under a second for any file size.

Format: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md
"""

from __future__ import annotations

import dataclasses
import mmap
import struct
from pathlib import Path

from codebudget.models.errors import ModelError

MAGIC = b"GGUF"
VERSIONS = (2, 3)
MAX_DIMS = 4
DEFAULT_ALIGNMENT = 32

# Metadata value types: fixed sizes (string = 8, array = 9 are variable).
_SCALAR = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
_STRING, _ARRAY = 8, 9

# ggml tensor types: (elements per block, bytes per block), as libggml reports them.
BLOCKS: dict[int, tuple[int, int]] = {
    0: (1, 4), 1: (1, 2), 2: (32, 18), 3: (32, 20), 6: (32, 22), 7: (32, 24), 8: (32, 34), 9: (32, 36),
    10: (256, 84), 11: (256, 110), 12: (256, 144), 13: (256, 176), 14: (256, 210), 15: (256, 292),
    16: (256, 66), 17: (256, 74), 18: (256, 98), 19: (256, 50), 20: (32, 18), 21: (256, 110),
    22: (256, 82), 23: (256, 136), 24: (1, 1), 25: (1, 2), 26: (1, 4), 27: (1, 8), 28: (1, 8),
    29: (256, 56), 30: (1, 2), 34: (256, 54), 35: (256, 66), 39: (32, 17), 40: (64, 36), 41: (128, 18),
    42: (64, 18),
}


@dataclasses.dataclass(frozen=True)
class GgufHeader:
    """What a GGUF file's header announces, and how large the file must be for it."""

    version: int
    n_tensors: int
    n_kv: int
    alignment: int
    data_offset: int  # where the tensor data section starts
    required_size: int  # data_offset + the end of the last tensor (unknown tensor types count as empty)
    kept: tuple[tuple[str, object], ...] = ()  # the metadata values asked for (strings, integers, string lists)

    def get(self, key: str, default: object = None) -> object:
        """A kept metadata value."""
        return dict(self.kept).get(key, default)


class _Truncated(Exception):
    """The header runs past the end of the file."""


class _Bad(Exception):
    """The header holds something no valid file has."""

    kind = "corrupt GGUF header"


class _NotGguf(_Bad):
    """The file does not start with the GGUF magic."""

    kind = "not a GGUF file"


class _TooMany(_Bad):
    """A count larger than the rest of the file can hold: the file is cut short, or the count is garbage."""

    kind = "truncated or corrupt GGUF file"


class _Reader:
    def __init__(self, data: mmap.mmap | bytes):
        self.data, self.pos, self.size = data, 0, len(data)

    def take(self, fmt: str) -> int:
        width = struct.calcsize(fmt)
        if self.pos + width > self.size:
            raise _Truncated
        (value,) = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += width
        return value

    def skip(self, count: int) -> None:
        if count < 0 or self.pos + count > self.size:
            raise _Truncated
        self.pos += count

    def string(self) -> bytes:
        """A key or a tensor name (its first 256 bytes: longer ones match nothing looked for)."""
        length = self.take("<Q")
        start = self.pos
        self.skip(length)
        return bytes(self.data[start : min(self.pos, start + 256)])

    def count(self, what: str, least_bytes_each: int) -> int:
        """A count read from the file, refused when the rest of the file cannot hold that many items."""
        value = self.take("<Q")
        if value * least_bytes_each > self.size - self.pos:
            left = self.size - self.pos
            raise _TooMany(f"its header announces {value} {what}, more than the {left} bytes left can hold")
        return value

    def text(self) -> str:
        """A whole string value."""
        length = self.take("<Q")
        start = self.pos
        self.skip(length)
        return bytes(self.data[start : self.pos]).decode("utf-8", "replace")

    def kept(self, kind: int) -> object:
        """One metadata value that is kept: a string, an integer, a list of strings (others are skipped)."""
        if kind == _STRING:
            return self.text()
        if kind != _ARRAY:
            return self.value(kind)
        item = self.take("<I")
        if item == _STRING:
            return [self.text() for _ in range(self.count("strings", 8))]
        self.skip_array(item)
        return None

    def value(self, kind: int) -> int | None:
        """Skip one metadata value; return it when it is an integer (alignment needs one)."""
        if kind in _SCALAR:
            width = _SCALAR[kind]
            if kind in (4, 5, 10, 11):
                return self.take({4: "<I", 5: "<i", 10: "<Q", 11: "<q"}[kind])
            self.skip(width)
        elif kind == _STRING:
            self.skip(self.take("<Q"))
        elif kind == _ARRAY:
            self.skip_array(self.take("<I"))
        else:
            raise _Bad(f"metadata value of unknown type {kind}")
        return None

    def skip_array(self, item: int) -> None:
        """Skip an array's items of type ``item`` (its count comes next)."""
        if item == _STRING:
            for _ in range(self.count("strings", 8)):
                self.skip(self.take("<Q"))
        elif item in _SCALAR:
            self.skip(self.count("array items", _SCALAR[item]) * _SCALAR[item])
        else:  # arrays of arrays included: llama.cpp reads none
            raise _Bad(f"metadata array of unknown type {item}")


def _parse(data: mmap.mmap | bytes, keep: frozenset[str] = frozenset()) -> GgufHeader:
    reader = _Reader(data)
    if bytes(data[:4]) != MAGIC:
        raise _NotGguf(f"bad magic {bytes(data[:4])!r}")
    reader.skip(4)
    version = reader.take("<I")
    if version not in VERSIONS:
        raise _Bad(f"unsupported GGUF version {version}")
    n_tensors = reader.count("tensors", 8 + 4 + 8 + 4 + 8)
    n_kv = reader.count("metadata entries", 8 + 4 + 1)
    alignment = DEFAULT_ALIGNMENT
    kept: list[tuple[str, object]] = []
    for _ in range(n_kv):
        key = reader.string()
        name = key.decode("utf-8", "replace")
        if name in keep:
            kept.append((name, reader.kept(reader.take("<I"))))
            continue
        found = reader.value(reader.take("<I"))
        if key == b"general.alignment":
            alignment = found or 0
    if alignment <= 0 or alignment & (alignment - 1):
        raise _Bad(f"alignment {alignment} is not a power of two")
    end = 0
    for _ in range(n_tensors):
        name = reader.string()
        n_dims = reader.take("<I")
        if n_dims > MAX_DIMS:
            raise _Bad(f"tensor {name[:60]!r} has {n_dims} dimensions")
        dims = [reader.take("<Q") for _ in range(n_dims)]
        kind, offset = reader.take("<I"), reader.take("<Q")
        if offset % alignment:
            raise _Bad(f"tensor {name[:60]!r} is not aligned")
        end = max(end, offset + _nbytes(kind, dims))
    data_offset = -(-reader.pos // alignment) * alignment
    return GgufHeader(version, n_tensors, n_kv, alignment, data_offset, data_offset + end, tuple(kept))


def _nbytes(kind: int, dims: list[int]) -> int:
    block = BLOCKS.get(kind)
    if block is None:  # a type newer than this table: its size is unknown, its offset still counts
        return 0
    elements = 1
    for dim in dims:
        elements *= dim
    return -(-elements // block[0]) * block[1]


def read_header(path: Path, keep: frozenset[str] = frozenset()) -> GgufHeader:
    """The header of the GGUF file at ``path`` (with the values of the metadata keys in ``keep``), or a
    one-line :class:`ModelError` saying what is wrong."""
    try:
        with open(path, "rb") as handle:
            size = handle.seek(0, 2)
            if size < 4:
                raise ModelError(f"not a GGUF file ({size} bytes): {path}")
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
                return _parse(data, keep)
    except _Truncated:
        raise ModelError(f"truncated GGUF file (its header runs past the end): {path}") from None
    except _Bad as error:
        raise ModelError(f"{error.kind} ({error}): {path}") from None
    except OSError as error:
        raise ModelError(f"cannot read model file {path}: {error.strerror or error}") from None


def check_gguf(path: Path) -> GgufHeader:
    """Raise a one-line :class:`ModelError` unless ``path`` is a GGUF file as large as its header says."""
    if not path.is_file():
        raise ModelError(f"model file not found: {path}")
    header = read_header(path)
    size = path.stat().st_size
    if size < header.required_size:
        raise ModelError(f"truncated GGUF file: {size} bytes, its header needs {header.required_size}: {path}")
    return header


TEMPLATE_KEYS = frozenset({"tokenizer.chat_template", "tokenizer.ggml.tokens", "tokenizer.ggml.bos_token_id",
                           "tokenizer.ggml.eos_token_id"})


def chat_template_of(path: Path) -> tuple[str, str, str]:
    """The chat template of the GGUF file at ``path`` and the text of its BOS and EOS tokens (no weights loaded)."""
    header = read_header(path, TEMPLATE_KEYS)
    template = header.get("tokenizer.chat_template")
    if not isinstance(template, str) or not template:
        raise ModelError(f"{path}: the GGUF file has no chat template")
    tokens = header.get("tokenizer.ggml.tokens") or []

    def special(which: str) -> str:
        index = header.get(f"tokenizer.ggml.{which}_token_id")
        return tokens[index] if isinstance(index, int) and isinstance(tokens, list) and index < len(tokens) else ""

    return template, special("bos"), special("eos")
