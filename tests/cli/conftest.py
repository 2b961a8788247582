"""Fixtures of the command-line tests: a real store holding the report tests' hand-made runs."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))  # the hand-made runs of the report tests
from report_builders import DIRECT, POOL, SPEC, write_run  # noqa: E402

from codebudget.store import Store  # noqa: E402


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the hand-made pool (2 candidates, 1 repair round) and a direct run, built once."""
    path = tmp_path_factory.mktemp("template") / "runs.db"
    with Store.open(path) as store:
        write_run(store, POOL, SPEC, label="pool", n=2, k=1)
        write_run(store, DIRECT, SPEC, label="", n=2, k=1)
    return path


@pytest.fixture()
def db(template: Path, tmp_path: Path) -> Path:
    """A copy of the template store in this test's own folder."""
    path = tmp_path / "store" / "runs.db"
    path.parent.mkdir()
    shutil.copy(template, path)
    return path
