"""Selection policies beyond public-tests in the report: replayed per pool cell, honest only, costs included.

Hand computed on the pool of ``report_builders`` (equal log-probabilities, so ties go to sample order;
no public inputs, so nothing is executed): ``first`` takes candidate 0's last version.
N=1 K=0: (0.5 + 0) / 2 = 0.25; N=1 K=1: (1 + 0.5) / 2 = 0.75; N=2 K=0: 0; N=2 K=1: (1 + 0) / 2 = 0.5.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import subprocess
import sys

import pytest
import report_builders
from report_builders import POOL
from typer.testing import CliRunner

from codebudget.analysis import SelectionMode
from codebudget.cli.app import app
from codebudget.errors import CodebudgetError
from codebudget.records import Problem
from codebudget.reports import MissingEvidence, report_from_store
from codebudget.reports.gather.policies import report_policies
from codebudget.reports.render import render_markdown
from codebudget.selection import POLICIES, get_policy
from codebudget.store import Store

HONEST, ORACLE = SelectionMode.HONEST, SelectionMode.ORACLE


@pytest.fixture()
def report(store):
    return report_from_store(store, [POOL], budgets=(6.35,), n_resamples=300, policies=("first", "public-count"))


def test_each_policy_gets_every_cell_with_hand_computed_pass_at_1(report):
    honest = report.mode(HONEST)
    first = {f.name: f.pass_at_1.value for f in honest.policies if f.policy == "first"}
    assert first == pytest.approx({"N=1 K=0 first": 0.25, "N=1 K=1 first": 0.75, "N=2 K=0 first": 0.0,
                                   "N=2 K=1 first": 0.5})
    assert {f.policy for f in honest.policies} == {"first", "public-count"}
    assert all(f.kind == "policy" and f.temperature == 0.8 for f in honest.policies)


def test_policies_are_honest_only_and_leave_the_grid_and_budgets_alone(report, store):
    assert report.mode(ORACLE).policies == ()
    plain = report_from_store(store, [POOL], budgets=(6.35,), n_resamples=300)
    assert report.mode(HONEST).grid == plain.mode(HONEST).grid
    assert report.mode(HONEST).budgets[0].choice.best.name == plain.mode(HONEST).budgets[0].choice.best.name
    assert [f.name for f in report.mode(HONEST).configs] == [f.name for f in plain.mode(HONEST).configs]


def test_a_policy_that_tests_everything_costs_at_least_the_early_stopping_one(report):
    honest = report.mode(HONEST)
    for n, k in ((1, 1), (2, 0), (2, 1)):
        assert honest.figures(f"N={n} K={k} public-count").wall_s >= honest.cell(n, k).wall_s - 1e-9


def test_they_show_in_the_configuration_table_and_per_task(report):
    page = render_markdown(report)
    assert "| N=2 K=0 first |" in page and "policy=first" in page
    assert "N=2 K=1 public-count" in page.split("Per-task success [honest]")[1]


def test_the_two_policies_every_report_shows_are_not_added_twice():
    assert report_policies(["public-tests", "oracle", "first"]) == (get_policy("first"),)


def test_a_policy_that_reads_hidden_tests_is_refused(monkeypatch):
    monkeypatch.setitem(POLICIES, "peek", dataclasses.replace(get_policy("oracle"), name="peek"))
    with pytest.raises(CodebudgetError, match="peek read"):
        report_policies(["peek"])


@pytest.mark.parametrize(("names", "message"), [
    (("nope",), "unknown selection policy 'nope'"),
    (("codet",), f"model-written tests are stored for 0 of 2 tasks; write them first: codebudget select {POOL}"),
])
def test_policies_a_report_cannot_add_are_one_line_errors(store, names, message):
    with pytest.raises(CodebudgetError, match=message):
        report_from_store(store, [POOL], budgets=(), n_resamples=100, policies=names)


def test_report_policies_from_the_command_line(db, tmp_path):
    out = tmp_path / "report"
    done = CliRunner().invoke(app, ["report", POOL, "--db", str(db), "--out", str(out), "--policies", "first,logprob"])
    assert done.exit_code == 0, done.output
    assert "| N=2 K=1 logprob |" in (out / "report.md").read_text()


@pytest.fixture()
def probed_db(tmp_path, monkeypatch):
    """The pool of ``report_builders`` with one public test per task, so behaviour voting runs its versions on f(1)."""
    monkeypatch.setattr(report_builders, "Problem", functools.partial(Problem, public_tests=("assert f(1) == 1",)))
    path = tmp_path / "probed.db"
    with Store.open(path) as store:
        report_builders.write_run(store, POOL, report_builders.SPEC, label="pool", n=2, k=1)
    return path


def test_a_report_never_runs_a_policy_s_executions_it_names_the_command_that_stores_them(probed_db):
    with Store.open(probed_db) as store:
        with pytest.raises(MissingEvidence) as raised:
            report_from_store(store, [POOL], budgets=(), n_resamples=100, policies=("logprob", "behaviour-vote"))
        assert not list(store.iter_behaviours(POOL, report_builders.BENCHMARK, "HumanEval/0"))  # nothing ran
    message = str(raised.value)
    assert "\n" not in message and message.startswith(f"pool {POOL}: the outputs that behaviour-vote read are not all")
    assert message.endswith(f"gather them first: codebudget select {POOL} --n 1,2 --k 0,1 --policies behaviour-vote "
                            f"--db {probed_db}")


def test_report_reads_the_outputs_that_select_stored_and_leaves_the_store_as_it_was(probed_db, tmp_path):
    args = ["--db", str(probed_db), "--policies", "behaviour-vote"]
    refused = subprocess.run([sys.executable, "-m", "codebudget", "report", POOL, "--out", str(tmp_path / "none"), *args],
                             capture_output=True, text=True, timeout=300)
    lines = refused.stderr.strip().splitlines()
    assert refused.returncode == 2 and len(lines) == 1 and f"codebudget select {POOL} --n 1,2 --k 0,1" in lines[0]
    assert not (tmp_path / "none").exists()
    stored = CliRunner().invoke(app, ["select", POOL, "--n", "1,2", "--k", "0,1", *args])
    assert stored.exit_code == 0, stored.output
    before = hashlib.sha256(probed_db.read_bytes()).hexdigest()
    done = CliRunner().invoke(app, ["report", POOL, "--out", str(tmp_path / "report"), *args])
    assert done.exit_code == 0, done.output
    assert "| N=2 K=1 behaviour-vote |" in (tmp_path / "report" / "report.md").read_text()
    assert hashlib.sha256(probed_db.read_bytes()).hexdigest() == before
