"""Migration 0005 (generated tests), the store's methods for them, and the supply that generates only what is missing."""

from __future__ import annotations

import dataclasses

import pytest
from fake_tester import FakeTester
from pool_records import PROBLEMS

from codebudget.evidence import GeneratorSettings
from codebudget.evidence.evaluate import TestSupply
from codebudget.records import Problem
from codebudget.store import ConflictError, GeneratedTestsRow, RunRow, Store, StoreError
from codebudget.store.connection import connect
from codebudget.store.migrations import applied, builtin_migrations, migrate

KEY = "k" * 64


def row(tests=("assert f(1) == 2",), key: str = KEY, task: str = "T/A", wall_s: float = 1.5) -> GeneratedTestsRow:
    return GeneratedTestsRow("bench", task, key, {"model": "m", "samples": 2}, tests, ("answer",), wall_s, 12, 40,
                             "m", "2025-01-01T00:00:00+00:00")


def tasks(store: Store) -> None:
    for problem in PROBLEMS:
        store.add_task(problem)


def test_a_new_database_has_the_generated_tests_table(tmp_path):
    with Store.open(tmp_path / "new.db") as store:
        assert store.schema_version == len(builtin_migrations()) >= 5
        assert [m.name for m in builtin_migrations()][4] == "generated_tests"
        tasks(store)
        assert store.add_generated_tests(row()) is True
        assert list(store.iter_generated_tests(KEY)) == [row()]


def test_a_database_at_migration_4_upgrades_with_its_data(tmp_path):
    path = tmp_path / "old.db"
    conn = connect(path)
    assert migrate(conn, target=4) == [1, 2, 3, 4]
    old = Store(conn, str(path))
    old.add_run(RunRow("cfg", {"n": 1}, "model"))
    tasks(old)
    old.close()
    assert applied(connect(path)) == [1, 2, 3, 4]
    with Store.open(path) as store:
        assert store.schema_version == len(builtin_migrations()) and store.get_task("bench", "T/A") == PROBLEMS[0]
        store.add_generated_tests(row(tests=("assert f(1) == 2", "import math\nassert math.isclose(f(1), 2)")))
        (found,) = store.iter_generated_tests(KEY, "bench", "T/A")
        assert found.tests == ("assert f(1) == 2", "import math\nassert math.isclose(f(1), 2)")
        assert found.generator == {"model": "m", "samples": 2}


def test_rows_are_idempotent_keyed_by_generator_and_tied_to_a_task(tmp_path):
    with Store.open(tmp_path / "s.db") as store:
        tasks(store)
        assert store.add_generated_tests(row()) is True
        assert store.add_generated_tests(row()) is False
        with pytest.raises(ConflictError):
            store.add_generated_tests(row(tests=("assert f(2) == 4",)))
        assert store.add_generated_tests(row(key="j" * 64, tests=())) is True  # another generator
        assert store.add_generated_tests(row(task="T/B")) is True
        with pytest.raises(StoreError):
            store.add_generated_tests(row(task="T/Z"))  # no such task
        assert [(r.generator_sha256[0], r.task_id) for r in store.iter_generated_tests(KEY)] == [("k", "T/A"), ("k", "T/B")]
        assert [r.tests for r in store.iter_generated_tests("j" * 64)] == [()]
        assert list(store.iter_generated_tests(KEY, "bench", "T/Z")) == []


def test_generated_tests_travel_in_exports(tmp_path):
    with Store.open(tmp_path / "s.db") as store:
        store.add_run(RunRow("cfg", {"n": 1}, "model"))
        tasks(store)
        store.add_generated_tests(row())
        store.export_jsonl(tmp_path / "a.jsonl.gz")
    with Store.open(tmp_path / "t.db") as other:
        other.import_jsonl(tmp_path / "a.jsonl.gz")
        assert other.get_task("bench", "T/A") is not None and list(other.iter_generated_tests(KEY)) == [row()]


class Opener:
    """Opens a fresh fake tester and counts how often it was asked to."""

    def __init__(self) -> None:
        self.opened: list[FakeTester] = []

    def __call__(self) -> FakeTester:
        self.opened.append(FakeTester())
        return self.opened[-1]


def refuse() -> FakeTester:
    raise AssertionError("the model must not be opened: every task's tests are stored")


def test_the_supply_generates_missing_tasks_once_and_then_reads_the_store(tmp_path):
    opener = Opener()
    supply = TestSupply("sha-of-model", opener, GeneratorSettings(samples=2))
    with Store.open(tmp_path / "s.db") as store:
        tasks(store)
        assert supply.missing(store, [("bench", "T/A"), ("bench", "T/B")]) == [("bench", "T/A"), ("bench", "T/B")]
        seen: list[str] = []
        first = supply.tests(store, PROBLEMS, progress=lambda p: seen.append(p.task_id))
        assert len(opener.opened) == 1 and len(opener.opened[0].calls) == 2 and opener.opened[0].closed == 1
        assert seen == ["T/A", "T/B"]
        assert first[("bench", "T/A")].tests == ("assert f(1) == 2", "assert f(0) == 1", "assert f(10) == 20")
        assert (first[("bench", "T/B")].wall_s, first[("bench", "T/B")].tokens) == (3.0, 24)
        (stored,) = store.iter_generated_tests(supply.key, "bench", "T/B")
        assert stored.generator == supply.spec and stored.generator["model"] == "sha-of-model"
        assert stored.texts == tuple(FakeTester().answers["g"]) and stored.model == "fake-tester"
        # a rerun (another supply object, same generator) reads everything back and never opens the model
        again = TestSupply("sha-of-model", refuse, GeneratorSettings(samples=2)).tests(store, PROBLEMS)
        assert again == first and supply.missing(store, [("bench", "T/A")]) == []


def test_changed_settings_or_model_regenerate_and_partial_stores_fill_in(tmp_path):
    opener = Opener()
    with Store.open(tmp_path / "s.db") as store:
        tasks(store)
        TestSupply("m", opener).tests(store, PROBLEMS[:1])  # only T/A so far
        assert len(opener.opened[-1].calls) == 1
        TestSupply("m", opener).tests(store, PROBLEMS)  # T/B is missing: only it is generated
        assert [c.messages[-1].content.count("def g(") for c in opener.opened[-1].calls] == [1]
        one = TestSupply("m", opener, GeneratorSettings(samples=1))
        assert one.key != TestSupply("m", opener).key and TestSupply("other", opener).key != TestSupply("m", opener).key
        assert one.tests(store, PROBLEMS)[("bench", "T/A")].tests == ("assert f(1) == 2", "assert f(10) == 20")
        assert len(opener.opened) == 3 and len(opener.opened[-1].calls) == 2


def test_supplies_compare_by_generator_not_by_opener():
    assert TestSupply("m", Opener()) == TestSupply("m", refuse)
    assert dataclasses.replace(TestSupply("m", refuse), label="x").key == TestSupply("m", refuse).key


def test_a_problem_without_a_stored_task_cannot_store_its_tests(tmp_path):
    with Store.open(tmp_path / "s.db") as store:
        with pytest.raises(StoreError, match="generated_tests"):
            TestSupply("m", Opener()).tests(store, [Problem("T/9", "def f(x):\n    pass\n", "f", benchmark="bench")])


def test_a_pools_own_model_is_named_by_its_sha256():
    from codebudget.models import ZOO
    from codebudget.evidence.supply import local_model, pool_supply, short_name

    settings = GeneratorSettings()
    hashed = pool_supply(RunRow("p", {"backend": "llamacpp"}, "/m/tiny.gguf", "f" * 64), settings)
    assert (hashed.model, hashed.backend, hashed.label, short_name(hashed.label)) == ("f" * 64, "llamacpp",
                                                                                     "/m/tiny.gguf", "tiny.gguf")
    zoo = pool_supply(RunRow("p", {}, "smollm2-135m"), settings)
    assert zoo.model == ZOO["smollm2-135m"].sha256 and zoo.key != hashed.key
    served = pool_supply(RunRow("p", {"backend": "openai", "base_url": "http://x/v1"}, "coder"), settings)
    assert served.model == "openai:coder" and "served by the openai backend" in local_model(served)
    # another model than the pool's: named by itself, whatever the pool's sha256 is
    other = pool_supply(RunRow("p", {}, "/m/tiny.gguf", "f" * 64), settings, model="qwen2.5-coder-1.5b")
    assert other.model == ZOO["qwen2.5-coder-1.5b"].sha256 and other.label == "qwen2.5-coder-1.5b"
    unknown = pool_supply(RunRow("p", {}, "hand-written"), settings)
    assert unknown.model == "llamacpp:hand-written" and "unknown model 'hand-written'" in local_model(unknown)


def test_select_adds_the_generated_test_policies_only_with_a_supply():
    from codebudget.cli.select_cmd import with_generated
    from codebudget.errors import CodebudgetError
    from codebudget.evidence import get_source
    from codebudget.selection import honest_names

    public, generated = get_source("public-args"), get_source("generated")
    supply = TestSupply("m", refuse)
    assert with_generated(None, public, supply, "") == ([*honest_names(), "codet", "public-then-codet", "s-star"], "")
    names, note = with_generated(None, public, None, "why not")
    assert names is None and note == "left out: codet, public-then-codet, s-star (no test model: why not)"
    assert with_generated(["logprob"], public, None, "why not") == (["logprob"], "")
    assert with_generated(["behaviour-vote"], generated, supply, "") == (["behaviour-vote"], "")
    with pytest.raises(CodebudgetError, match="^s-star need"):
        with_generated(["logprob", "s-star"], public, None, "why not")
    with pytest.raises(CodebudgetError, match="^--inputs generated need"):
        with_generated(None, generated, None, "why not")
