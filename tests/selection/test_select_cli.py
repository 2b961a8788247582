"""``codebudget select`` on a recorded pool, and end to end on a tiny real pool built with SmolLM2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pool_records import POOL, record

from codebudget.store import Store


def cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "codebudget", *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "COLUMNS": "120"})


@pytest.fixture(scope="module")
def db(tmp_path_factory, sandbox) -> Path:
    path = tmp_path_factory.mktemp("cli") / "pool.db"
    with Store.open(path) as store:
        record(store, sandbox)
    return path


def test_select_prints_policies_by_n_labelled_honest_or_oracle(db):
    done = cli("select", POOL, "--db", str(db), "--n", "1,4", "--policies", "behaviour-vote,logprob")
    assert done.returncode == 0, done.stderr
    cells = [line.split() for line in done.stdout.splitlines()]
    table = {(c[0], c[2]): c for c in cells if len(c) == 8 and c[1] in ("honest", "oracle")}
    assert set(table) == {(p, n) for p in ("behaviour-vote", "logprob", "oracle") for n in ("1", "4")}
    assert table[("behaviour-vote", "4")][1] == "honest" and table[("oracle", "4")][1] == "oracle"
    assert table[("behaviour-vote", "4")][3] == "0.500" and table[("logprob", "4")][3] == "0.000"
    assert table[("behaviour-vote", "4")][5] == "-0.500"  # the oracle passes both tasks
    assert float(table[("behaviour-vote", "4")][6]) > 0 and float(table[("logprob", "4")][6]) == 0
    assert "oracle = any candidate passes the hidden tests" in done.stdout
    with Store.open(db) as store:
        assert len(list(store.iter_behaviours(POOL))) == 14  # cached for the next call


def test_select_json_holds_the_table_and_each_tasks_outcome(db, tmp_path):
    out = tmp_path / "deep" / "select.json"
    done = cli("select", POOL, "--db", str(db), "--n", "1,4", "--policies", "behaviour-vote,logprob",
               "--json", str(out))
    assert done.returncode == 0, done.stderr
    document = json.loads(out.read_text())
    assert document["pool"] == POOL and len(document["tasks"]) == 2
    rows = {(r["policy"], r["n"], r["k"]): r for r in document["rows"]}
    assert set(rows) == {(p, n, 0) for p in ("behaviour-vote", "logprob", "oracle") for n in (1, 4)}
    vote, oracle = rows[("behaviour-vote", 4, 0)], rows[("oracle", 4, 0)]
    assert vote["mode"] == "honest" and oracle["mode"] == "oracle"
    assert vote["pass@1"] == 0.5 and vote["gap"] == -0.5 and oracle["per_task"] == [1.0, 1.0]
    assert sum(vote["per_task"]) == 1.0  # the table's 0.500 is the mean of its tasks' outcomes
    assert vote["s_per_task"] == pytest.approx(vote["wall_s"] + vote["extra_s"])
    blocked = tmp_path / "file"
    blocked.write_text("")
    refused = cli("select", POOL, "--db", str(db), "--n", "1", "--json", str(blocked / "x.json"))
    assert refused.returncode == 2 and "cannot write" in refused.stderr and "--json" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "honest" not in refused.stdout  # refused before any work


@pytest.mark.parametrize(("args", "message"), [
    (("nope",), "no pool 'nope'"),
    ((POOL, "--n", "9"), "M=4"),
    ((POOL, "--policies", "majority"), "unknown selection policy"),
    ((POOL, "--inputs", "guesses"), "unknown input source"),
])
def test_bad_requests_exit_with_one_line(db, args, message):
    done = cli("select", *args, "--db", str(db))
    assert done.returncode == 2 and message in done.stderr and len(done.stderr.strip().splitlines()) == 1


@pytest.mark.model
@pytest.mark.slow
def test_select_on_real_smollm2_pools(smollm2_pools, tmp_path):
    shared, pool_a, _ = smollm2_pools  # M=3 candidates, up to one repair, 3 HumanEval tasks (tests/conftest.py)
    db = tmp_path / "pools.db"  # select caches behaviours: work on a copy, the shared store stays read-only
    for suffix in ("", "-wal"):
        if Path(f"{shared}{suffix}").exists():
            shutil.copyfile(f"{shared}{suffix}", f"{db}{suffix}")
    done = cli("select", pool_a, "--db", str(db), "--n", "1,3", "--k", "0,1")
    assert done.returncode == 0, done.stderr
    cells = [line.split() for line in done.stdout.splitlines()]
    rows = {(c[0], c[2], c[3]) for c in cells if len(c) == 9 and c[1] in ("honest", "oracle")}
    policies = ("first", "public-tests", "public-count", "logprob", "behaviour-vote", "public-then-vote", "oracle")
    assert rows == {(p, n, k) for p in policies for n in ("1", "3") for k in ("0", "1")}
    assert "no tests written yet" in done.stdout  # writing tests costs model time: only when asked
    with Store.open(db) as store:
        outputs = [r.output for r in store.iter_behaviours(pool_a)]
    assert outputs and all(o[:1] in "=!" for o in outputs)
    again = cli("select", pool_a, "--db", str(db), "--n", "1,3", "--k", "0,1")
    assert again.returncode == 0 and again.stdout == done.stdout  # cached: the same figures, nothing re-run
