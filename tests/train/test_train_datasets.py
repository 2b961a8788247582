"""The dataset registry: names and files load as pairs, with evaluation tasks kept out and a limit applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from codebudget.benchmarks import load
from codebudget.errors import CodebudgetError
from codebudget.train.datasets import DATASETS, load_pairs, parse_spec
from codebudget.train.pairs import Pair, write_jsonl

SHARED_MBPP = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mbpp"
needs_shared_copy = pytest.mark.skipif(not SHARED_MBPP.is_dir(),
                                       reason="the shared MBPP copy is not beside this checkout")


def own_pairs(count: int) -> list[Pair]:
    doc = "'''Scale by {}.'''"
    return [Pair(f"mine:{i}", "python", f"def scale_{i}(v):\n    {doc.format(i)}\n", f"    return v * {i}\n", "mine")
            for i in range(count)]


@needs_shared_copy
def test_a_jsonl_file_loads_without_its_copies_of_evaluation_tasks_and_up_to_a_limit(tmp_path: Path) -> None:
    task = load("humaneval")[12]
    copied = Pair("copy", "python", task.prompt, task.reference[len(task.prompt) :], "copied", task.entry_point)
    path = tmp_path / "pairs.jsonl"
    write_jsonl([copied, *own_pairs(3)], path)
    assert [p.pair_id for p in load_pairs(f"jsonl:{path}", mbpp=SHARED_MBPP)] == ["mine:0", "mine:1", "mine:2"]
    assert [p.pair_id for p in load_pairs(f"jsonl:{path}:limit=2", mbpp=SHARED_MBPP)] == ["mine:0", "mine:1"]


@needs_shared_copy
def test_a_named_dataset_is_mined_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    assert {"stdlib", "jdk", "npm"} <= set(DATASETS)
    monkeypatch.setenv("CODEBUDGET_MBPP", str(SHARED_MBPP))
    pairs = load_pairs("stdlib:limit=25")
    assert len(pairs) == 25 and {p.language for p in pairs} == {"python"}
    assert pairs[0].pair_id.startswith("stdlib:")


def test_bad_specs_are_one_line_errors(tmp_path: Path) -> None:
    assert parse_spec("jsonl:/data/a:b.jsonl:limit=7") == ("jsonl:/data/a:b.jsonl", 7)
    assert parse_spec("npm") == ("npm", None)
    with pytest.raises(CodebudgetError, match=r"unknown training dataset 'pypi' \(known: stdlib, jdk, npm, jsonl:PATH"):
        load_pairs("pypi:limit=3", mbpp=tmp_path)
    for spec in ("stdlib:limit=0", "stdlib:limit=ten", "stdlib:limit="):
        with pytest.raises(CodebudgetError, match="limit must be a whole number of pairs, 1 or more"):
            load_pairs(spec, mbpp=tmp_path)
    with pytest.raises(CodebudgetError, match="name the file after 'jsonl:'"):
        load_pairs("jsonl:", mbpp=tmp_path)
    with pytest.raises(CodebudgetError, match="cannot read training data .*missing.jsonl"):
        load_pairs(f"jsonl:{tmp_path / 'missing.jsonl'}", mbpp=tmp_path)
