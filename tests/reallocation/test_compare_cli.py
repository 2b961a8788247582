"""``codebudget compare`` on real pools built with SmolLM2, run as a user would run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "codebudget", *args], capture_output=True, text=True, timeout=600,
                          env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})


@pytest.mark.model
def test_compare_writes_tables_findings_and_plots(smollm2_pools, tmp_path: Path):
    db, pool_a, pool_b = smollm2_pools
    out = tmp_path / "cmp"
    done = cli("compare", pool_a, pool_b, "--db", str(db), "--large-params", "0.4",
               "--policies", "public-tests,oracle,first", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "at equal s/task" in done.stdout and "at equal GFLOP/task" in done.stdout
    assert "ranking without tests" in done.stdout and "with tests choosing" in done.stdout
    text = (out / "reallocation.md").read_text()
    assert "[oracle]" in text and "[honest]" in text
    assert (out / "reallocation-wall_s.png").stat().st_size > 1000
    assert (out / "reallocation-gflops.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.model
def test_compare_refuses_unknown_policy_and_missing_run(smollm2_pools):
    db, pool_a, pool_b = smollm2_pools
    unknown = cli("compare", pool_a, pool_b, "--db", str(db), "--policies", "coin-flip")
    assert unknown.returncode == 2 and "unknown selection policy 'coin-flip'" in unknown.stderr
    missing = cli("compare", pool_a, "0000000000000000", "--db", str(db))
    assert missing.returncode == 2 and "no run '0000000000000000'" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
