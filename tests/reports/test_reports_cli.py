"""``codebudget best`` and ``codebudget report`` as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from report_builders import DIRECT, POOL
from typer.testing import CliRunner

from codebudget.cli.app import app


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "codebudget", *args], capture_output=True, text=True, timeout=300)


def test_best_prints_the_answer_with_interval_runner_up_and_margin(db):
    done = CliRunner().invoke(app, ["best", POOL, "--db", str(db), "--budget", "6.35s"])
    assert done.exit_code == 0, done.output
    first = done.output.splitlines()[0]
    assert first.startswith("honest selection, best within 6.35 s/task: N=1 K=1, pass@1 0.750 (95% CI ")
    assert "runner-up N=1 K=0, pass@1 0.250" in first and "margin +0.500" in first
    assert "N=2 K=0" not in done.output  # 6.375 s does not fit


def test_best_oracle_in_minutes_and_tokens(db):
    oracle = CliRunner().invoke(app, ["best", POOL, DIRECT, "--db", str(db), "--budget", "0.2m", "--mode", "oracle"])
    assert oracle.exit_code == 0, oracle.output
    assert oracle.output.startswith(f"oracle selection, best within 12 s/task: N=2 K=1 @{POOL[:8]}, pass@1 1.000")
    tokens = CliRunner().invoke(app, ["best", POOL, "--db", str(db), "--budget", "25", "--cost", "tokens"])
    assert tokens.exit_code == 0 and "best within 25 tokens/task: N=1 K=0" in tokens.output


def test_report_writes_the_files_and_prints_the_summary(db, tmp_path):
    out = tmp_path / "report"
    done = CliRunner().invoke(app, ["report", POOL, "--db", str(db), "--out", str(out), "--budgets", "5,6.35s"])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in out.iterdir()) == ["grid.png", "pareto.png", "report.html", "report.md"]
    assert "honest selection, best within 6.35 s/task: N=1 K=1" in done.output
    assert "[honest]" in done.output and "[oracle]" in done.output
    assert done.output.strip().endswith(f"report: {out / 'report.html'}")


def test_expected_errors_are_one_line_with_status_2(db: Path):
    cases = {
        ("best", "nope", "--budget", "20s"): "no run 'nope'",
        ("best", POOL, "--budget", "20 seconds"): "cannot read budget '20 seconds'",
        ("best", POOL, "--budget", "1s"): "honest selection: nothing fits 1 s/task; the cheapest is N=1 K=0",
        ("report", POOL, "--budgets", "10,x"): "cannot read budget 'x'",
        ("report", POOL, "--against", "nope"): "unknown paper 'nope'; known: seed-000",
        ("best", POOL, "--budget", "5", "--cost", "dollars"): "unknown cost 'dollars'",
    }
    for args, message in cases.items():
        done = cli(*args, "--db", str(db))
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 2 and len(lines) == 1 and message in lines[0], (args, done.stderr)


@pytest.mark.parametrize("args", [
    ("report", "abc"), ("best", "abc", "--budget", "20s"), ("replay", "abc"), ("select", "abc"),
    ("export", "out.jsonl.gz"), ("forget", "abc", "HumanEval/0"), ("compare", "small", "large"),
])
def test_a_missing_store_is_not_created(tmp_path, args):
    missing = tmp_path / "none.db"
    done = cli(*args, "--db", str(missing))
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1 and "no results store" in lines[0], done.stderr
    assert not missing.exists() and not (tmp_path / "out.jsonl.gz").exists()
