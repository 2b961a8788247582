"""The dataset registry: names and files load as pairs, with evaluation tasks kept out and a limit applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from codebudget.benchmarks import load
from codebudget.errors import CodebudgetError
from codebudget.train.benchmark_pairs import benchmark_pairs
from codebudget.train.datasets import DATASETS, load_pairs, parse_spec
from codebudget.train.dedup import deduplicate, eval_index
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


@needs_shared_copy
def test_mbpp_train_and_validation_are_its_own_splits_and_a_benchmark_spec_gives_its_references() -> None:
    train = load_pairs("mbpp:train", mbpp=SHARED_MBPP)
    every = benchmark_pairs(f"{SHARED_MBPP / 'mbpp.jsonl'}:train")
    _, dropped = deduplicate(every, eval_index(SHARED_MBPP))
    assert len(every) == 374 and len(train) == 374 - len(dropped)
    assert 0 < len(dropped) < 20  # MBPP repeats a few of its test tasks in its train split: those are left out
    assert train[0].pair_id == "mbpp:601" and train[-1].pair_id == "mbpp:974"
    assert all(p.prose and "\r" not in p.completion and "\t" not in p.completion for p in train[:50])
    validation = load_pairs("mbpp:validation:limit=5", mbpp=SHARED_MBPP)
    assert [p.pair_id for p in validation] == ["mbpp:511", "mbpp:512", "mbpp:513", "mbpp:514", "mbpp:515"]
    dev = load_pairs("fresh:dev", mbpp=SHARED_MBPP)  # the fresh family's development half may be tuned on
    assert len(dev) == len(load("fresh:dev")) and not dev[0].prose and dev[0].completion.startswith("    ")


@needs_shared_copy
def test_a_mined_corpus_keeps_its_held_out_pairs_apart_and_its_sizes_nested(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CODEBUDGET_MBPP", str(SHARED_MBPP))
    held_out = load_pairs("stdlib:heldout")
    train = load_pairs("stdlib")
    assert len(held_out) == 100 and not {p.pair_id for p in held_out} & {p.pair_id for p in train}
    assert load_pairs("stdlib:limit=50") == train[:50] and load_pairs("stdlib:limit=150")[:50] == train[:50]
    assert sorted(p.pair_id for p in train[:50]) != [p.pair_id for p in train[:50]]  # shuffled, not by path


def test_bad_specs_are_one_line_errors(tmp_path: Path) -> None:
    assert parse_spec("jsonl:/data/a:b.jsonl:limit=7") == ("jsonl:/data/a:b.jsonl", 7)
    assert parse_spec("npm") == ("npm", None)
    with pytest.raises(CodebudgetError, match=r"unknown training dataset 'pypi' \(known: stdlib, jdk, npm, stdlib:heldout, "
                       r"jdk:heldout, npm:heldout, mbpp:train, mbpp:validation, jsonl:PATH, codeplan:PATH, codeplan-code:PATH, "
                       r"a benchmark spec; "
                       r".*unknown benchmark 'pypi'"):
        load_pairs("pypi:limit=3", mbpp=tmp_path)
    for spec in ("humaneval", "mbpp:test", "fresh", "fresh:heldout", "mbpp-sanitized:test"):
        with pytest.raises(CodebudgetError, match="is an evaluation set: it is never trained on"):
            load_pairs(spec, mbpp=tmp_path)
    for spec in ("stdlib:limit=0", "stdlib:limit=ten", "stdlib:limit="):
        with pytest.raises(CodebudgetError, match="limit must be a whole number of pairs, 1 or more"):
            load_pairs(spec, mbpp=tmp_path)
    with pytest.raises(CodebudgetError, match="name the file after 'jsonl:'"):
        load_pairs("jsonl:", mbpp=tmp_path)
    with pytest.raises(CodebudgetError, match="cannot read training data .*missing.jsonl"):
        load_pairs(f"jsonl:{tmp_path / 'missing.jsonl'}", mbpp=tmp_path)
