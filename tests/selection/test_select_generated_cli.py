"""``codebudget select`` with generated-test policies: refusals without a test model, and tests written by real SmolLM2."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from pool_records import POOL, record
from test_select_cli import cli

from codebudget.evidence import GeneratorSettings, pool_supply
from codebudget.evidence.asserts import extract_asserts, imported_names
from codebudget.evidence.generated import merge
from codebudget.models import get_entry
from codebudget.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory, sandbox) -> Path:
    path = tmp_path_factory.mktemp("cli-generated") / "pool.db"
    with Store.open(path) as store:
        record(store, sandbox)  # the pool's model is "hand-written": no model file anywhere
    return path


@pytest.mark.parametrize(("args", "message"), [
    (("--policies", "codet"), "codet need(s) model-generated tests, but no test model can be used: unknown model"),
    (("--policies", "logprob,s-star,public-then-codet"), "s-star, public-then-codet need(s) model-generated tests"),
    (("--policies", "behaviour-vote", "--inputs", "generated"), "--inputs generated need(s) model-generated tests"),
    (("--policies", "codet", "--test-model", "none"), "no test model can be used: --test-model none"),
    (("--policies", "codet", "--test-samples", "0"), "'--test-samples': Input should be greater than or equal to 1"),
])
def test_generated_tests_without_a_usable_model_are_one_line_errors(db, args, message):
    done = cli("select", POOL, "--db", str(db), *args)
    assert done.returncode == 2 and message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "--test-model" in done.stderr or "--test-samples" in done.stderr  # names the flag to change


def test_by_default_unwritten_tests_are_not_written_and_a_note_says_so(db):
    done = cli("select", POOL, "--db", str(db), "--n", "1,2")
    assert done.returncode == 0, done.stderr
    cells = [line.split() for line in done.stdout.splitlines()]
    policies = {c[0] for c in cells if len(c) == 8 and c[1] in ("honest", "oracle")}
    assert policies == {"first", "public-tests", "public-count", "logprob", "behaviour-vote", "public-then-vote",
                        "oracle"}
    assert "left out: codet, public-then-codet, s-star (no tests written yet for 2 task(s)" in done.stdout
    with Store.open(db) as store:
        assert not any(store.iter_generated_tests(pool_supply(store.get_run(POOL), GeneratorSettings()).key))


POLICIES = ("codet", "public-then-codet", "s-star", "behaviour-vote")


@pytest.mark.model
@pytest.mark.slow
def test_codet_with_tests_written_by_real_smollm2(smollm2_pools, tmp_path):
    shared, pool_a, _ = smollm2_pools  # M=3 candidates on 2 HumanEval tasks (tests/conftest.py)
    db = tmp_path / "pools.db"  # select writes caches: work on a copy, the shared store stays read-only
    for suffix in ("", "-wal"):
        if Path(f"{shared}{suffix}").exists():
            shutil.copyfile(f"{shared}{suffix}", f"{db}{suffix}")
    args = ("select", pool_a, "--db", str(db), "--n", "1,3", "--policies", ",".join(POLICIES),
            "--inputs", "public-args+generated", "--test-samples", "2", "--test-max-tokens", "128")
    done = cli(*args, timeout=900)
    assert done.returncode == 0, done.stderr
    assert "writing tests for 2 task(s)" in done.stderr  # with the pool's own model: no --test-model given
    cells = [line.split() for line in done.stdout.splitlines()]
    table = {(c[0], c[2]): c for c in cells if len(c) == 8 and c[1] in ("honest", "oracle")}
    assert set(table) == {(p, n) for p in (*POLICIES, "oracle") for n in ("1", "3")}
    assert float(table[("codet", "1")][6]) == 0.0  # one candidate: nothing generated, nothing run

    with Store.open(db) as store:
        run = store.get_run(pool_a)
        supply = pool_supply(run, GeneratorSettings(samples=2, max_tokens=128))
        made = list(store.iter_generated_tests(supply.key))
        assert supply.model == run.model_sha256 == get_entry("smollm2-135m").sha256  # the pool's own model
        assert len(made) == 2 and all(r.wall_s > 0 and r.tokens > 0 and len(r.texts) == 2 for r in made)
        for row in made:
            problem = store.get_task(row.benchmark, row.task_id)
            known = imported_names(problem.prompt)
            assert row.tests == merge([extract_asserts(t, problem.entry_point, known) for t in row.texts], 16)
            for test in row.tests:
                assert isinstance(ast.parse(test).body[-1], ast.Assert) and f"{problem.entry_point}(" in test
        expected = [_codet_seconds(store, pool_a, row) for row in made]
    assert float(table[("codet", "3")][6]) == pytest.approx(sum(expected) / len(expected), abs=0.006)

    again = cli(*args, timeout=900)
    assert again.returncode == 0 and again.stdout == done.stdout and "writing tests" not in again.stderr
    with Store.open(db) as store:
        assert list(store.iter_generated_tests(supply.key)) == made  # read back, not regenerated


def _codet_seconds(store: Store, pool: str, row) -> float:
    """What codet at N=M, K=0 costs on the task: generation + tests on every parsing sample, if two or more parse."""
    parsing = {e.key.sample_index for e in store.iter_extractions(pool, row.benchmark, row.task_id)
               if e.key.round == 0 and e.ok and e.syntax_ok}
    if len(parsing) < 2:
        return 0.0
    runs = [b.wall_s for b in store.iter_behaviours(pool, row.benchmark, row.task_id)
            if b.key.round == 0 and b.key.sample_index in parsing and "assert" in b.input and b.input.endswith("\nTrue")]
    assert len(runs) == len(parsing) * len(row.tests)
    return row.wall_s + sum(runs)
