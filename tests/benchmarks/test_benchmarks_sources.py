"""Reading task files: every malformed line is an error that names the file and the line."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from codebudget.benchmarks import BenchmarkError, load
from codebudget.benchmarks.sources import read_file

GOOD = {"task_id": "t/1", "prompt": "def f():\n    pass\n", "entry_point": "f", "hidden_tests": ["assert f() is None"]}


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_records_keep_their_line(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "t.jsonl", [json.dumps(GOOD), "", "   ", json.dumps({**GOOD, "task_id": "t/2"})])
    source = read_file(path)
    assert [r.where for r in source.records] == [f"{path}:1", f"{path}:4"]
    assert source.version.startswith("sha256:")


def test_gzip_is_read(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps(GOOD) + "\n").encode()))
    assert read_file(path).first().data["task_id"] == "t/1"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"task_id": "t/2", "prompt": ', "invalid JSON"),
        ("[1, 2]", "expected a JSON object, got a list"),
        ('"just a string"', "expected a JSON object, got a string"),
    ],
)
def test_malformed_line_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = write_lines(tmp_path / "t.jsonl", [json.dumps(GOOD), line])
    with pytest.raises(BenchmarkError, match=rf"^{path}:2: {message}"):
        read_file(path)


def test_json_array_elements_keep_their_line(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps([GOOD, {**GOOD, "task_id": "t/2"}], indent=4), encoding="utf-8")
    records = read_file(path).records
    assert [r.where for r in records] == [f"{path}:2", f"{path}:10"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('[\n  {"a": 1},\n  {"a": \n]', 4, "invalid JSON"),
        ('[\n  {"a": 1}\n  {"a": 2}\n]', 3, "expected ',' or ']'"),
        ('[\n  {"a": 1},\n  3\n]', 3, "expected a JSON object, got a number"),
        ('[\n  {"a": 1}\n] trailing', 3, "extra data"),
        ('[\n  {"a": 1},', 2, "unterminated array"),
    ],
)
def test_malformed_json_array(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "t.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BenchmarkError, match=rf"^{path}:{line}: .*{message}"):
        read_file(path)


@pytest.mark.parametrize("content", [b"", b"\n\n", b"[]"])
def test_empty_file_is_an_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "t.jsonl"
    path.write_bytes(content)
    with pytest.raises(BenchmarkError, match="no task records"):
        read_file(path)


def test_missing_file_and_bad_encoding(tmp_path: Path) -> None:
    with pytest.raises(BenchmarkError, match="no such file"):
        read_file(tmp_path / "absent.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(json.dumps(GOOD).encode() + b"\n\xff\xfe\n")
    with pytest.raises(BenchmarkError, match=r"bad.jsonl:2: not valid UTF-8"):
        read_file(bad)
    broken_gz = tmp_path / "t.jsonl.gz"
    broken_gz.write_bytes(b"not gzip")
    with pytest.raises(BenchmarkError, match="not a valid gzip file"):
        read_file(broken_gz)


@pytest.mark.parametrize(
    ("name", "fixture", "field"),
    [
        ("mbpp", "mbpp.jsonl", "test_list"),
        ("mbpp-sanitized", "sanitized-mbpp.json", "code"),
        ("humaneval-plus", "HumanEvalPlus-v0.1.10.jsonl", "plus_input"),
        ("mbpp-plus", "MbppPlus-v0.2.0.jsonl", "canonical_solution"),
        ("humaneval", "HumanEvalPlus-v0.1.10.jsonl", "test"),
    ],
)
def test_missing_field_names_the_line(tmp_path: Path, fixtures: Path, name: str, fixture: str, field: str) -> None:
    """Every loader reports a missing field at its exact line, in each original format."""
    records = read_file(fixtures / fixture).records
    broken = [dict(r.data) for r in records]
    del broken[1][field]
    path = write_lines(tmp_path / "broken.jsonl", [json.dumps(r) for r in broken])
    with pytest.raises(BenchmarkError, match=rf"^{path}:2: missing field '{field}'"):
        load(name, path=path)


def test_wrong_field_type_names_the_line(tmp_path: Path, fixtures: Path) -> None:
    records = [dict(r.data) for r in read_file(fixtures / "mbpp.jsonl").records]
    records[2]["test_list"] = "assert True"
    path = write_lines(tmp_path / "m.jsonl", [json.dumps(r) for r in records])
    with pytest.raises(BenchmarkError, match=rf"^{path}:3: field 'test_list' must be a list of strings"):
        load("mbpp", path=path)


def test_a_jsonl_file_whose_first_line_is_a_list_says_so(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "t.jsonl", ["[1, 2]", json.dumps(GOOD)])
    with pytest.raises(BenchmarkError, match=rf"^{path}:1: expected a JSON object, got a list$"):
        read_file(path)
