"""End to end with a real model: ``codebudget pool`` on SmolLM2-135M, then ``best``, ``select`` and ``report`` on it.

One task, two candidates, one repair round, short answers: about a minute on two busy cores.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.model, pytest.mark.slow]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "codebudget", *args], capture_output=True, text=True, timeout=600)


def test_pool_then_best_then_report(tmp_path: Path, smollm2_path: Path) -> None:
    db = tmp_path / "pool.db"
    pool = cli("pool", "--model", "smollm2-135m", "--limit", "1", "--m", "2", "--k-max", "1", "--max-tokens", "32",
               "--seed", "1", "--db", str(db))
    assert pool.returncode == 0, pool.stderr
    assert re.search(r"^1/1 HumanEval/0 took \d+\.\ds · honest pass [01]/1 · elapsed ", pool.stdout, re.M)  # a log line
    (pool_hash,) = set(re.findall(r"run ([0-9a-f]{16})", pool.stdout))

    best = cli("best", pool_hash, "--db", str(db), "--budget", "1h")
    assert best.returncode == 0, best.stderr
    assert re.match(r"honest selection, best within 3600 s/task: N=\d K=\d, pass@1 \d\.\d{3} \(95% CI ", best.stdout)

    select = cli("select", pool_hash, "--db", str(db), "--n", "1,2", "--k", "0,1", "--policies", "behaviour-vote,logprob")
    assert select.returncode == 0, select.stderr  # stores the outputs behaviour voting reads; report only reads them
    out = tmp_path / "report"
    report = cli("report", pool_hash, "--db", str(db), "--out", str(out), "--budgets", "10,1h",
                 "--policies", "behaviour-vote,logprob", "--against", "seed-000")
    assert report.returncode == 0, report.stderr
    assert sorted(p.name for p in out.iterdir()) == ["grid.png", "pareto.png", "report.html", "report.md"]
    markdown = (out / "report.md").read_text()
    zoo_sha256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
    for cell in ("| N=1 |", "| N=2 |", "K=0", "K=1", "[honest]", "[oracle]", pool_hash, zoo_sha256, "adaptive escalate",
                 "| N=2 K=1 behaviour-vote |", "| N=1 K=0 logprob |", "## Against seed-000"):
        assert cell in markdown
    assert "data:image/png;base64," in (out / "report.html").read_text()
