"""Fixtures for the benchmark tests: the fixture files and one real sandbox per session."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """The folder of small benchmark files in their original formats."""
    return FIXTURES


@pytest.fixture(scope="session")
def sandbox():
    """A real sandbox (the best isolation this machine offers)."""
    from codebudget.sandbox import open_sandbox

    with open_sandbox("auto", workers=2) as box:
        yield box
