"""The ``codebudget models`` commands, run as a user would run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "codebudget", *args], capture_output=True, text=True, env=env, timeout=600)


@pytest.mark.model
def test_verify_prints_expected_sha256(smollm2_path: Path) -> None:
    done = cli("models", "verify", "smollm2-135m")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "smollm2-135m: OK sha256 b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"


@pytest.mark.model
def test_verify_default_model(qwen05_path: Path) -> None:
    done = cli("models", "verify", "qwen2.5-coder-0.5b")
    assert "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32" in done.stdout


def test_list_names_every_zoo_model() -> None:
    done = cli("models", "list")
    for name in ("qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b", "smollm2-135m"):
        assert name in done.stdout


def test_unknown_model_is_one_line_error_with_status_2() -> None:
    done = cli("models", "verify", "gpt-17")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "unknown model 'gpt-17'" in lines[0]


@pytest.mark.model
def test_corrupted_cache_file_is_refused_by_verify(smollm2_path: Path, tmp_path: Path) -> None:
    import os

    cache = tmp_path / "models"
    cache.mkdir()
    broken = cache / smollm2_path.name
    data = bytearray(smollm2_path.read_bytes()[:5_000_000])
    broken.write_bytes(bytes(data))
    done = cli("models", "verify", "smollm2-135m", env={**os.environ, "CODEBUDGET_MODELS_DIR": str(cache)})
    assert done.returncode == 2
    assert "verification failed" in done.stderr and "b179c9523d0e" in done.stderr
