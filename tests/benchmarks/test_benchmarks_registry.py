"""Loading by name or by path, format detection, plugins, and the errors around them."""

from __future__ import annotations

import importlib.metadata as metadata
import json
from pathlib import Path

import pytest

from codebudget import plugins
from codebudget.benchmarks import BenchmarkError, available, detect, load, loader, registry
from codebudget.benchmarks.registry import split_of, with_split
from codebudget.benchmarks.sources import Record, read_file

FORMATS = [
    ("mbpp.jsonl", "mbpp"),
    ("sanitized-mbpp.json", "mbpp-sanitized"),
    ("HumanEvalPlus-v0.1.10.jsonl", "humaneval-plus"),
    ("MbppPlus-v0.2.0.jsonl", "mbpp-plus"),
    ("tasks.jsonl", "tasks"),
    ("hub/mbppplus.jsonl", "mbpp-plus"),
]


def test_builtin_names() -> None:
    assert {"humaneval", "mbpp", "mbpp-sanitized", "humaneval-plus", "mbpp-plus", "jsonl"} <= set(available())
    assert all(loader(name).name == name for name in registry.BUILTIN)


@pytest.mark.parametrize(("fixture", "expected"), FORMATS)
def test_format_is_detected_from_fields(fixtures: Path, fixture: str, expected: str) -> None:
    problems = load(str(fixtures / fixture))
    assert {p.benchmark for p in problems} == {expected}


@pytest.mark.parametrize(("fixture", "expected"), FORMATS[:5])
def test_detected_equals_named(fixtures: Path, fixture: str, expected: str) -> None:
    name = "jsonl" if expected == "tasks" else expected
    assert load(str(fixtures / fixture)) == load(name, path=fixtures / fixture)


def test_installed_humaneval_file_is_detected_as_humaneval() -> None:
    from codebudget.benchmarks.humaneval import installed_file

    path, _ = installed_file()
    problems = load(str(path))
    assert len(problems) == 164 and problems[0].benchmark == "humaneval"


def test_release_version_comes_from_the_file_name(fixtures: Path, tmp_path: Path) -> None:
    assert {p.benchmark_version for p in load("humaneval-plus", path=fixtures / "HumanEvalPlus-v0.1.10.jsonl")} == {"v0.1.10"}
    copy = tmp_path / "plus.jsonl"
    copy.write_bytes((fixtures / "HumanEvalPlus-v0.1.10.jsonl").read_bytes())
    assert load("humaneval-plus", path=copy)[0].benchmark_version.startswith("sha256:")


def test_unknown_format_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_text(json.dumps({"question": "?", "answer": 42}) + "\n", encoding="utf-8")
    with pytest.raises(BenchmarkError, match=rf"^{path}:1: unknown task format \(fields: answer, question\)"):
        load(str(path))


def test_ambiguous_format_asks_for_a_name() -> None:
    class Twin:
        def __init__(self, name: str) -> None:
            self.name = name
            self.formats = (frozenset({"a", "b"}),)

    record = Record({"a": 1, "b": 2}, "x:1")
    original = registry.loader
    try:
        registry.loader = lambda name: Twin(name)  # type: ignore[assignment]
        with pytest.raises(BenchmarkError, match="could be .* or .*; name the benchmark"):
            detect(record)
    finally:
        registry.loader = original


def test_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(BenchmarkError, match=r"unknown benchmark 'humaneva'; available: .*humaneval.*file path"):
        load("humaneva")


def test_duplicate_task_ids_name_both_lines(fixtures: Path, tmp_path: Path) -> None:
    lines = (fixtures / "tasks.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "dup.jsonl"
    path.write_text("\n".join([*lines, lines[0]]) + "\n", encoding="utf-8")
    with pytest.raises(BenchmarkError, match=rf"{path}:4: task id 'demo/add' already used at {path}:1"):
        load("jsonl", path=path)


def test_split_only_where_the_benchmark_has_splits(fixtures: Path) -> None:
    assert [p.task_id for p in load("mbpp", path=fixtures / "mbpp.jsonl", split="test")] == ["11", "13"]
    assert [p.task_id for p in load("mbpp", path=fixtures / "mbpp.jsonl", split="train")] == ["601"]
    with pytest.raises(BenchmarkError, match="MBPP has no split 'dev'"):
        load("mbpp", path=fixtures / "mbpp.jsonl", split="dev")
    with pytest.raises(BenchmarkError, match="humaneval has no splits"):
        load("humaneval", split="test")


def test_jsonl_needs_a_path() -> None:
    with pytest.raises(BenchmarkError, match="pass path="):
        load("jsonl")


def test_plugins_come_from_entry_points(monkeypatch: pytest.MonkeyPatch, fixtures: Path) -> None:
    point = metadata.EntryPoint(name="tiny", value="codebudget.benchmarks.generic:JSONL", group=registry.ENTRY_POINT_GROUP)
    real = metadata.entry_points

    def entry_points(**kwargs: str):  # noqa: ANN202
        return [point] if kwargs.get("group") == registry.ENTRY_POINT_GROUP else real(**kwargs)

    monkeypatch.setattr(plugins.metadata, "entry_points", entry_points)
    assert available()["tiny"] == "codebudget.benchmarks.generic:JSONL"
    assert len(load("tiny", path=fixtures / "tasks.jsonl")) == 3


def test_broken_plugin_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.BUILTIN, "ghost", "codebudget.benchmarks.nothing_here:LOADER")
    with pytest.raises(BenchmarkError, match="benchmark 'ghost': cannot import"):
        loader("ghost")


def test_every_fixture_record_has_a_location(fixtures: Path) -> None:
    for fixture, _ in FORMATS:
        assert all(r.where.startswith(str(fixtures)) for r in read_file(fixtures / fixture).records)


def test_a_loader_registered_in_process_is_loaded_by_name(monkeypatch: pytest.MonkeyPatch, fixtures: Path) -> None:
    from codebudget.benchmarks import BENCHMARKS
    from codebudget.benchmarks.generic import JsonlLoader

    class Mine(JsonlLoader):
        name = "mine"
        formats = ()

    monkeypatch.setitem(BENCHMARKS, "mine", Mine())
    assert "mine" in BENCHMARKS and "mine" not in available()  # registered, not a lazy target
    assert [p.task_id for p in load("mine", path=fixtures / "tasks.jsonl")][:1] == ["demo/add"]
    monkeypatch.undo()
    with pytest.raises(BenchmarkError, match="unknown benchmark 'mine'"):
        load("mine", path=fixtures / "tasks.jsonl")


def test_a_split_after_a_name_or_a_file_path(fixtures: Path, tmp_path: Path) -> None:
    mbpp = fixtures / "mbpp.jsonl"
    assert split_of("fresh:dev") == ("fresh", "dev")
    assert split_of(f"{mbpp}:test") == (str(mbpp), "test")
    assert split_of("humaneval") == ("humaneval", None)
    assert split_of("nothing-registered:dev") == ("nothing-registered:dev", None)
    odd = tmp_path / "tasks:v2.jsonl"  # an existing file whose name holds a colon is a file, not a split
    odd.write_text((fixtures / "tasks.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    assert split_of(str(odd)) == (str(odd), None) and len(load(str(odd))) == 3
    assert [p.task_id for p in load(f"{mbpp}:train")] == ["601"]
    assert with_split("fresh", "heldout") == with_split("fresh:heldout", "heldout") == "fresh:heldout"
    with pytest.raises(BenchmarkError, match="'fresh:dev' names split 'dev' but split 'heldout' was asked"):
        with_split("fresh:dev", "heldout")
