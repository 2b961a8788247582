"""The ``datasets`` path: imported lazily, clear errors offline, hub rows read like files.

No network here, so a stand-in ``datasets`` module serves rows in the hub's schemas
(``tests/fixtures/hub``); the real module is never imported by these tests.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from codebudget.benchmarks import BenchmarkError, load


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def fake_datasets(monkeypatch: pytest.MonkeyPatch, splits: dict[str, list[dict[str, Any]]], calls: list[Any]) -> None:
    def load_dataset(repo: str, config: str | None = None) -> dict[str, list[dict[str, Any]]]:
        calls.append((repo, config))
        return splits

    monkeypatch.setitem(sys.modules, "datasets", types.SimpleNamespace(load_dataset=load_dataset))


@pytest.fixture(autouse=True)
def no_local_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the hub: no folder of MBPP's files is named."""
    monkeypatch.delenv("CODEBUDGET_MBPP", raising=False)


def test_not_installed_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "datasets", None)  # makes ``import datasets`` fail
    with pytest.raises(BenchmarkError, match=r"needs the 'datasets' package .* or pass path=\.\.\."):
        load("mbpp")


def test_offline_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def load_dataset(repo: str, config: str | None = None) -> None:
        raise ConnectionError("Couldn't reach 'google-research-datasets/mbpp' on the Hub (LocalEntryNotFoundError)")

    monkeypatch.setitem(sys.modules, "datasets", types.SimpleNamespace(load_dataset=load_dataset))
    with pytest.raises(BenchmarkError, match=r"cannot load hf:google-research-datasets/mbpp/full through datasets \(ConnectionError: .*pass path="):
        load("mbpp")


def test_a_folder_named_by_the_environment_is_read_instead_of_the_hub(monkeypatch: pytest.MonkeyPatch,
                                                                       fixtures: Path) -> None:
    monkeypatch.setitem(sys.modules, "datasets", None)
    monkeypatch.setenv("CODEBUDGET_MBPP", str(fixtures))
    assert [p.task_id for p in load("mbpp")] == [p.task_id for p in load("mbpp", path=fixtures / "mbpp.jsonl")]
    monkeypatch.setenv("CODEBUDGET_MBPP", str(fixtures / "nowhere"))
    with pytest.raises(BenchmarkError, match="nowhere"):
        load("mbpp")


def test_local_path_never_imports_datasets(monkeypatch: pytest.MonkeyPatch, fixtures: Path) -> None:
    monkeypatch.setitem(sys.modules, "datasets", None)
    assert load("mbpp", path=fixtures / "mbpp.jsonl")


def test_mbpp_splits_from_the_hub(monkeypatch: pytest.MonkeyPatch, fixtures: Path) -> None:
    records = rows(fixtures / "mbpp.jsonl")
    calls: list[Any] = []
    fake_datasets(monkeypatch, {"train": records[5:], "test": records[3:5], "prompt": records[:3]}, calls)
    assert [p.task_id for p in load("mbpp")] == ["1", "2", "3", "11", "13", "601"]
    assert [p.task_id for p in load("mbpp", split="test")] == ["11", "13"]
    assert calls[0] == ("google-research-datasets/mbpp", "full")
    from_hub = load("mbpp")[0]
    from_file = load("mbpp", path=fixtures / "mbpp.jsonl")[0]
    assert from_hub.benchmark_version.startswith("hf:sha256:")
    assert from_hub == dataclasses.replace(from_file, benchmark_version=from_hub.benchmark_version)


def test_mbpp_plus_hub_rows(monkeypatch: pytest.MonkeyPatch, fixtures: Path, sandbox: Any) -> None:
    from codebudget.scoring import hidden_job, public_job

    calls: list[Any] = []
    fake_datasets(monkeypatch, {"test": rows(fixtures / "hub" / "mbppplus.jsonl")}, calls)
    problems = load("mbpp-plus")
    assert calls == [("evalplus/mbppplus", None)]
    assert [p.task_id for p in problems] == ["Mbpp/3", "Mbpp/4", "Mbpp/85"]
    assert [p.entry_point for p in problems] == ["is_not_prime", "heap_queue_largest", "surfacearea_sphere"]
    assert problems[2].setup == "import math" and problems[0].prompt.startswith('"""\nWrite a python function')
    results = sandbox.run_many([*(hidden_job(p, p.reference) for p in problems), *(public_job(p, p.reference) for p in problems)])
    assert [r.error for r in results if not r.passed] == []
    wrong = sandbox.run(hidden_job(problems[0], "def is_not_prime(n):\n    return n % 2 == 0\n"))
    assert wrong.status.value == "failed"


def test_humaneval_plus_hub_rows(monkeypatch: pytest.MonkeyPatch, fixtures: Path, sandbox: Any) -> None:
    from codebudget.scoring import hidden_job

    fake_datasets(monkeypatch, {"test": rows(fixtures / "hub" / "humanevalplus.jsonl")}, [])
    problems = load("humaneval-plus")
    assert [p.task_id for p in problems] == ["HumanEval/0", "HumanEval/2"]
    assert all("import numpy" not in test for p in problems for test in p.hidden_tests)
    passed = sandbox.run_many(hidden_job(p, p.reference) for p in problems)
    assert [r.error for r in passed if not r.passed] == []
    wrong = sandbox.run(hidden_job(problems[1], problems[1].prompt + "    return 0.5\n"))
    assert not wrong.passed


def test_unrecognised_hub_test_program(monkeypatch: pytest.MonkeyPatch, fixtures: Path) -> None:
    broken = rows(fixtures / "hub" / "mbppplus.jsonl")
    broken[1]["test"] = "assert True"
    fake_datasets(monkeypatch, {"test": broken}, [])
    with pytest.raises(BenchmarkError, match=r"hf:evalplus/mbppplus\[test\] row 1: field 'test' is not an EvalPlus test program"):
        load("mbpp-plus")


def test_missing_split(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_datasets(monkeypatch, {"train": [{"task_id": 1}]}, [])
    with pytest.raises(BenchmarkError, match=r"no split 'test' \(splits: train\)"):
        load("mbpp-plus")


def test_hub_humaneval_plus_rows_are_not_taken_for_humaneval(fixtures: Path) -> None:
    """The rows have HumanEval's fields; their numpy test program must not be run as a HumanEval check."""
    path = fixtures / "hub" / "humanevalplus.jsonl"
    with pytest.raises(BenchmarkError, match=rf"{path}:1: this is a HumanEval\+ row .*load it as 'humaneval-plus'"):
        load(str(path))
    assert [p.benchmark for p in load("humaneval-plus", path=path)] == ["humaneval-plus", "humaneval-plus"]
