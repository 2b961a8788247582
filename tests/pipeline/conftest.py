"""Fixtures for pipeline tests: a real store (the sandbox comes from the root conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from codebudget.store import Store


@pytest.fixture()
def store(tmp_path: Path):
    with Store.open(tmp_path / "runs.db") as opened:
        yield opened
