"""Export and import as .jsonl.gz: stable, idempotent, merging, and safe on bad input."""

from __future__ import annotations

import dataclasses
import gzip
import json
from pathlib import Path

import pytest
import store_factories as f

from codebudget.store import ConflictError, GeneratedTestsRow, ImportFormatError, Store


def export_bytes(store: Store, tmp_path: Path, name: str = "dump.jsonl.gz") -> bytes:
    path = tmp_path / name
    store.export_jsonl(path)
    return path.read_bytes()


def lines(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def write_lines(path: Path, texts: list[str]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.writelines(t + "\n" for t in texts)
    return path


@pytest.fixture()
def source(tmp_path):
    with Store.open(tmp_path / "source.db") as store:
        f.fill(store, tasks=("HumanEval/0", "HumanEval/1"))
        yield store


@pytest.fixture()
def exported(source, tmp_path):
    path = tmp_path / "run.jsonl.gz"
    source.export_jsonl(path)
    return path


def test_round_trip_gives_the_same_records_and_bytes(source, exported, tmp_path):
    with Store.open(tmp_path / "copy.db") as copy:
        report = copy.import_jsonl(exported)
        assert report.inserted["generation"] == 6 and report.conflicts == ()
        assert list(copy.iter_generations("cfg")) == list(source.iter_generations("cfg"))
        assert list(copy.iter_task_results("cfg")) == list(source.iter_task_results("cfg"))
        assert export_bytes(copy, tmp_path) == exported.read_bytes()


def test_export_is_stable_and_typed(source, exported, tmp_path):
    assert export_bytes(source, tmp_path) == exported.read_bytes()
    assert not list(tmp_path.glob("*.tmp"))  # written atomically, nothing left behind
    rows = lines(exported)
    assert rows[0] == {"type": "header", "format": "codebudget-store", "version": 1, "schema": source.schema_version}
    assert rows[1]["type"] == "run"
    blocks = [r["type"] for r in rows[2:]]
    per_task = ["task", "prompt", "generation", "extraction", "execution", "task_result", "selection"]
    first_block = blocks[: blocks.index("task", 1)]
    assert first_block == sorted(first_block, key=per_task.index) and blocks.count("task") == 2
    assert {r["task_id"] for r in rows[2 : 2 + len(first_block)] if "task_id" in r} == {"HumanEval/0"}
    assert [r["type"] for r in rows].count("prompt") == 1  # shared by both tasks, written once
    assert rows[1]["config"] == f.run().config  # JSON columns are nested objects, not strings
    rounds = [r["round"] for r in rows if r["type"] == "generation" and r["task_id"] == "HumanEval/0"]
    assert rounds == sorted(rounds)  # a repair follows its parent


def test_import_is_idempotent(source, exported):
    report = source.import_jsonl(exported)
    assert report.inserted == {} and report.identical["generation"] == 6


def test_import_merges_disjoint_runs(tmp_path, exported):
    with Store.open(tmp_path / "other.db") as other:
        f.fill(other, "other", tasks=("HumanEval/0", "HumanEval/7"))
        report = other.import_jsonl(exported)
        assert report.identical == {"task": 1, "prompt": 1}  # shared task and prompt, stored once
        assert [r.config_hash for r in other.iter_runs()] == ["cfg", "other"]
        assert len(list(other.iter_generations("cfg"))) == 6


def test_export_of_chosen_runs_holds_only_their_rows(tmp_path, exported):
    with Store.open(tmp_path / "both.db") as both:
        both.import_jsonl(exported)
        f.fill(both, "other", tasks=("HumanEval/7",))
        path = tmp_path / "other.jsonl.gz"
        both.export_jsonl(path, ("other",))
    rows = lines(path)[1:]
    assert {r.get("config_hash") for r in rows} == {None, "other"}
    assert [r["task_id"] for r in rows if r["type"] == "task"] == ["HumanEval/7"]
    with Store.open(tmp_path / "fresh.db") as fresh:
        assert fresh.import_jsonl(path).conflicts == ()


def test_model_written_tests_travel_with_their_task(tmp_path, source):
    """Generated tests cost model time: an export of a run carries the ones written for its tasks."""
    written = GeneratedTestsRow("humaneval", "HumanEval/1", "g" * 64, {"model": "qwen", "samples": 2},
                                ("assert f(3) == 3", "assert f(0) == 0"), ("```python\nassert f(3) == 3\n```",),
                                12.5, 40, 30, "qwen", "2026-01-01T00:00:00+00:00")
    source.add_generated_tests(written)
    path = tmp_path / "with-tests.jsonl.gz"
    source.export_jsonl(path, ("cfg",))
    types = [r["type"] for r in lines(path)]
    assert types.count("generated_test") == 1 and types[-1] == "generated_test"  # at the end of HumanEval/1's block
    with Store.open(tmp_path / "copy.db") as copy:
        assert copy.import_jsonl(path).inserted["generated_test"] == 1
        assert list(copy.iter_generated_tests("g" * 64)) == [written]
        assert export_bytes(copy, tmp_path, "again.jsonl.gz") == path.read_bytes()


def conflicting_store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "conflict.db")
    f.fill(store, tasks=("HumanEval/0", "HumanEval/1"))
    store._conn.execute("UPDATE generations SET text = 'changed' WHERE task_id = 'HumanEval/1' AND round = 1")
    return store


def test_a_conflict_stops_the_import_and_changes_nothing(tmp_path, exported):
    with conflicting_store(tmp_path) as store:
        store.add_run(dataclasses.replace(f.run("new")))
        before = export_bytes(store, tmp_path, "before.jsonl.gz")
        with pytest.raises(ConflictError, match=r"run\.jsonl\.gz:\d+: generation conflicts.*HumanEval/1"):
            store.import_jsonl(exported)
        assert export_bytes(store, tmp_path, "after.jsonl.gz") == before


def test_skip_mode_keeps_the_stored_row_and_lists_the_conflict(tmp_path, exported):
    with conflicting_store(tmp_path) as store:
        report = store.import_jsonl(exported, on_conflict="skip")
        assert len(report.conflicts) == 1 and "HumanEval/1" in report.conflicts[0]
        key = f.key(task_id="HumanEval/1", index=1, round=1)
        assert store.get_generation(key).sample.text == "changed"


def assert_refused(store: Store, path: Path, pattern: str, tmp_path: Path) -> None:
    before = export_bytes(store, tmp_path, "before.jsonl.gz")
    with pytest.raises(ImportFormatError, match=pattern) as error:
        store.import_jsonl(path)
    assert "\n" not in str(error.value) and str(path) in str(error.value)
    assert export_bytes(store, tmp_path, "after.jsonl.gz") == before
    assert store.integrity_check() == "ok"


def test_a_truncated_gzip_is_refused_without_damage(tmp_path, exported):
    data = exported.read_bytes()
    truncated = tmp_path / "truncated.jsonl.gz"
    truncated.write_bytes(data[: len(data) * 2 // 3])
    with Store.open(tmp_path / "target.db") as target:
        f.fill(target, "mine")
        assert_refused(target, truncated, r"truncated\.jsonl\.gz:\d+: cannot read", tmp_path)


def test_a_file_that_is_not_gzip_is_refused(tmp_path, source):
    path = tmp_path / "plain.jsonl.gz"
    path.write_text('{"type": "header"}\n')
    assert_refused(source, path, r"plain\.jsonl\.gz:1: cannot read", tmp_path)


def test_bad_lines_name_the_file_and_line(tmp_path, source, exported):
    rows = lines(exported)
    good = [json.dumps(r) for r in rows]
    first = {t: next(i for i, r in enumerate(rows) if r["type"] == t) for t in ("prompt", "generation")}
    generation, prompt, before = rows[first["generation"]], rows[first["prompt"]], good[: first["generation"]]
    cases = {
        "malformed JSON": good[:3] + ['{"type": "run", '] + good[3:],
        "unknown type": good[:3] + ['{"type": "mystery"}'],
        "missing field 'text'": before + [json.dumps({k: v for k, v in generation.items() if k != "text"})],
        "field 'n_tokens' must be integer": before + [json.dumps({**generation, "n_tokens": "7"})],
        "unknown field 'colour'": before + [json.dumps({**generation, "colour": 1})],
        "rejected by the database": before + [json.dumps({**generation, "config_hash": "x"})],
        "not a codebudget store export": good[1:],
        "does not match its sha256": good[:1] + [json.dumps({**prompt, "text": "edited"})],
    }
    for reason, texts in cases.items():
        path = write_lines(tmp_path / "bad.jsonl.gz", texts)
        assert_refused(source, path, rf"bad\.jsonl\.gz:\d+: .*{reason}", tmp_path)


def test_the_line_number_points_at_the_bad_line(tmp_path, exported, source):
    texts = [json.dumps(r) for r in lines(exported)]
    texts[6] = "not json"
    path = write_lines(tmp_path / "bad.jsonl.gz", texts)
    with pytest.raises(ImportFormatError, match=r"bad\.jsonl\.gz:7: malformed JSON"):
        source.import_jsonl(path)


def test_an_unknown_conflict_policy_is_refused(source, exported):
    with pytest.raises(ValueError, match="on_conflict"):
        source.import_jsonl(exported, on_conflict="overwrite")
