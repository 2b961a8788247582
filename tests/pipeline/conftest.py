"""Fixtures for pipeline tests: a real sandbox and store, and small real-looking problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from codebudget.store import Store


@pytest.fixture(scope="session")
def sandbox():
    from codebudget.sandbox import open_sandbox

    with open_sandbox("auto", workers=2) as box:
        yield box


@pytest.fixture()
def store(tmp_path: Path):
    with Store.open(tmp_path / "runs.db") as opened:
        yield opened
