"""``--executor`` and ``--address`` on the commands that run tasks: one ``error:`` line, never a traceback.

Every case runs the real CLI in a subprocess and fails before any model is loaded or any store is made:
an unknown executor, ``--address`` without a cluster executor, a cluster address that does not answer,
a malformed address, and Ray not installed (a stand-in ``ray`` package that cannot be imported).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = {
    "pool": ("pool", "--limit", "1", "--m", "1"),
    "run": ("run", "--limit", "1"),
    "eval": ("eval", "--limit", "1"),
    "sweep": ("sweep", "--n", "1", "--k", "0", "--limit", "1"),
}


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "codebudget", *map(str, args)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "COLUMNS": "200", **(env or {})})


def _one_error_line(done: subprocess.CompletedProcess[str], *wanted: str) -> str:
    assert done.returncode == 2, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    for text in wanted:
        assert text in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("command", list(COMMANDS), ids=list(COMMANDS))
def test_an_unreachable_cluster_is_one_line_before_any_work(command: str, tmp_path: Path) -> None:
    pytest.importorskip("ray")
    db = tmp_path / "runs.db"
    done = cli(*COMMANDS[command], "--db", db, "--executor", "ray", "--address", "127.0.0.1:9")
    _one_error_line(done, "--address 127.0.0.1:9", "cannot reach the Ray cluster")
    assert not db.exists()


def test_the_other_mistakes_are_one_line_too(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    _one_error_line(cli(*COMMANDS["pool"], "--db", db, "--executor", "nope"), "--executor", "nope")
    _one_error_line(cli(*COMMANDS["run"], "--db", db, "--address", "auto"), "--address is for a cluster executor")
    _one_error_line(cli(*COMMANDS["eval"], "--db", db, "--executor", "ray", "--address", "ray://nowhere"),
                    "HOST:PORT")
    _one_error_line(cli("select", "0123456789abcdef", "--db", db, "--executor", "nope"), "--executor")
    assert not db.exists()


def test_ray_not_installed_is_one_line(tmp_path: Path) -> None:
    fake = tmp_path / "site" / "ray"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('No module named ray (a stand-in)')\n")
    path = os.pathsep.join([str(tmp_path / "site"), os.environ.get("PYTHONPATH", "")])
    done = cli(*COMMANDS["pool"], "--db", tmp_path / "runs.db", "--executor", "ray", env={"PYTHONPATH": path})
    _one_error_line(done, "--executor ray needs Ray", "codebudget[ray]")
