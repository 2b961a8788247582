"""Shared fixtures: real models from the zoo, fetched once per session; the fixture files; one real sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from codebudget.models import fetch, get_entry

# The test command must give the same verdict on every run: property tests draw
# their examples from a fixed seed by default. Search further with
# `pytest --hypothesis-profile=explore`.
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", max_examples=500, print_blob=True)
settings.load_profile("repeatable")

#: Fixtures that need a real model file (fetched from the registry on first use) and those that start a server.
MODEL_FIXTURES = frozenset({"smollm2_path", "qwen05_path", "smollm2", "smollm2_pools"})
SERVER_FIXTURES = frozenset({"server_url"})


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark what each test needs, so that ``-m fast`` runs only tests that need no model and no server.

    A test that uses a model or server fixture (directly or through another
    fixture) gets the ``model`` / ``server`` marker even if its module forgot
    it; every test with neither marker is ``fast``. Tests that start a model
    without these fixtures (a CLI subprocess on a zoo model) carry the marker
    in their module.
    """
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & SERVER_FIXTURES and item.get_closest_marker("server") is None:
            item.add_marker(pytest.mark.server)
        if used & (MODEL_FIXTURES | SERVER_FIXTURES) and item.get_closest_marker("model") is None:
            item.add_marker(pytest.mark.model)
        if item.get_closest_marker("model") is None and item.get_closest_marker("server") is None:
            item.add_marker(pytest.mark.fast)


@pytest.fixture(scope="session")
def smollm2_path() -> Path:
    """The tiny SmolLM2-135M GGUF (fetched from the registry if missing)."""
    return fetch(get_entry("smollm2-135m"))


@pytest.fixture(scope="session")
def qwen05_path() -> Path:
    """The default Qwen2.5-Coder-0.5B GGUF (fetched from the registry if missing)."""
    return fetch(get_entry("qwen2.5-coder-0.5b"))


@pytest.fixture(scope="session")
def smollm2(smollm2_path: Path):
    """A loaded llama.cpp backend on SmolLM2, shared by the tests of a session."""
    from codebudget.backends.llamacpp import LlamaCppBackend

    backend = LlamaCppBackend(str(smollm2_path))
    yield backend
    backend.close()


FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """The folder of small benchmark files in their original formats."""
    return FIXTURES


@pytest.fixture(scope="session")
def sandbox():
    """A real sandbox (the best isolation this machine offers), shared by a session."""
    from codebudget.sandbox import open_sandbox

    with open_sandbox("auto", workers=2) as box:
        yield box


@pytest.fixture(scope="session")
def smollm2_pools(smollm2_path: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """Two small real pools on SmolLM2 (2 HumanEval tasks) in one store, built once per session.

    Returns ``(db, hash_a, hash_b)``: pool A has M=3 candidates with up to one
    repair each, pool B (another seed) M=2 without repairs. Analysis, report and
    selection tests read them; none may write to them.
    """
    import subprocess
    import sys

    db = tmp_path_factory.mktemp("pools") / "pools.db"
    hashes = []
    for m, k, seed in ((3, 1, 0), (2, 0, 1)):
        args = ["pool", "--model", str(smollm2_path), "--limit", "2", "--m", str(m), "--k-max", str(k),
                "--max-tokens", "64", "--seed", str(seed), "--db", str(db)]
        subprocess.run([sys.executable, "-m", "codebudget", *args], check=True, capture_output=True, timeout=1800)
        hashes.append(_last_run_hash(db))
    return db, hashes[0], hashes[1]


def _last_run_hash(db: Path) -> str:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return str(conn.execute("SELECT config_hash FROM runs ORDER BY rowid DESC LIMIT 1").fetchone()[0])
