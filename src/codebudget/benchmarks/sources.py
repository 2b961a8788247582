"""Raw task records and where they came from: JSONL, gzipped JSONL or a JSON array file.

Every record keeps its location (``file:line``) so that a loader can say exactly
which line of which file is at fault. Nothing is skipped: a malformed line is an
error, blank lines are the only lines ignored.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
from pathlib import Path
from typing import Any, Mapping

from codebudget.benchmarks.errors import BenchmarkError, at
from codebudget.errors import json_kind


@dataclasses.dataclass(frozen=True)
class Record:
    """One task as the source file gives it, with its location for error messages."""

    data: Mapping[str, Any]
    where: str

    def has(self, key: str) -> bool:
        """True when the record has field ``key`` (even if it is null)."""
        return key in self.data

    def value(self, key: str) -> Any:
        """Field ``key``; an error naming the location when it is missing."""
        if key not in self.data:
            raise at(self.where, f"missing field {key!r} (fields: {', '.join(sorted(self.data))})")
        return self.data[key]

    def text(self, key: str, *, allow_empty: bool = False) -> str:
        """Field ``key`` as a string."""
        value = self.value(key)
        if not isinstance(value, str):
            raise at(self.where, f"field {key!r} must be a string, not {type(value).__name__}")
        if not allow_empty and not value.strip():
            raise at(self.where, f"field {key!r} is empty")
        return value

    def optional_text(self, key: str, default: str = "") -> str:
        """Field ``key`` as a string, ``default`` when absent or null."""
        if self.data.get(key) is None:
            return default
        return self.text(key, allow_empty=True)

    def strings(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        """Field ``key`` as a list of strings (absent: an error, or ``()`` if not required)."""
        if not required and self.data.get(key) is None:
            return ()
        value = self.value(key)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise at(self.where, f"field {key!r} must be a list of strings")
        return tuple(value)

    def task_id(self, key: str = "task_id") -> str:
        """The task id as a string (MBPP uses integers)."""
        value = self.value(key)
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise at(self.where, f"field {key!r} must be a string or an integer")
        if isinstance(value, str) and not value.strip():
            raise at(self.where, f"field {key!r} is empty")
        return str(value)


@dataclasses.dataclass(frozen=True)
class Source:
    """The records of one data file or dataset, and a version string for them."""

    records: tuple[Record, ...]
    origin: str  # the file path or the dataset name
    version: str  # a release version where known, else a content digest

    def first(self) -> Record:
        """The first record (sources are never empty)."""
        return self.records[0]


def read_file(path: Path, *, version: str | None = None) -> Source:
    """Read a ``.jsonl``, ``.jsonl.gz`` or ``.json`` (array of objects) task file."""
    raw = _read_bytes(path)
    text = _decode(raw, path)
    records = _json_array(text, str(path)) if _is_array(text, path) else _json_lines(text, str(path))
    if not records:
        raise BenchmarkError(f"{path}: no task records in file")
    return Source(records=tuple(records), origin=str(path), version=version or digest(raw))


def _is_array(text: str, path: Path) -> bool:
    """Whether ``text`` is one JSON array of records rather than JSON lines.

    A ``.jsonl`` (``.jsonl.gz``) file is JSON lines even when its first line is
    a list (that line is then an error of its own), unless the whole file is one array.
    """
    if not text.lstrip().startswith("["):
        return False
    if not path.name.lower().removesuffix(".gz").endswith(".jsonl"):
        return True
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def digest(raw: bytes) -> str:
    """A short content digest, the version of a file that carries none."""
    return "sha256:" + hashlib.sha256(raw).hexdigest()[:16]


def _read_bytes(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BenchmarkError(f"{path}: no such file") from None
    except OSError as exc:
        raise BenchmarkError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if path.suffix == ".gz":
        try:
            return gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise BenchmarkError(f"{path}: not a valid gzip file: {exc}") from None
    return raw


def _decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BenchmarkError(f"{path}:{line}: not valid UTF-8") from None


def _json_lines(text: str, name: str) -> list[Record]:
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise at(where, f"invalid JSON: {exc.msg} (column {exc.colno})") from None
        records.append(_as_record(value, where))
    return records


def _json_array(text: str, name: str) -> list[Record]:
    """Decode a top-level JSON array element by element, keeping each element's line."""
    decoder = json.JSONDecoder()
    records: list[Record] = []
    pos = _skip_space(text, text.index("[") + 1)
    while pos < len(text) and text[pos] != "]":
        where = f"{name}:{text.count(chr(10), 0, pos) + 1}"
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise BenchmarkError(f"{name}:{exc.lineno}: invalid JSON: {exc.msg} (column {exc.colno})") from None
        records.append(_as_record(value, where))
        pos = _skip_space(text, pos)
        if pos < len(text) and text[pos] == ",":
            pos = _skip_space(text, pos + 1)
        elif pos >= len(text) or text[pos] != "]":
            line = text.count("\n", 0, pos) + 1
            raise BenchmarkError(f"{name}:{line}: invalid JSON: expected ',' or ']' between array elements")
    if pos >= len(text):
        raise BenchmarkError(f"{name}:{text.count(chr(10)) + 1}: invalid JSON: unterminated array")
    if text[pos + 1 :].strip():
        line = text.count("\n", 0, pos + 1) + 1
        raise BenchmarkError(f"{name}:{line}: invalid JSON: extra data after the array")
    return records


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _as_record(value: Any, where: str) -> Record:
    if not isinstance(value, dict):
        raise at(where, f"expected a JSON object, got {json_kind(value)}")
    return Record(data=value, where=where)
