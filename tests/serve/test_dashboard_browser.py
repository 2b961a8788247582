"""The dashboard in a real headless Chromium (Debian's ``chromium``, driven by Playwright): the pages load, the grid
is the store's, the Pareto plot's points say what they are, the drill-down opens, progress is live while a pool runs.

Screenshots go to ``test-artifacts/dashboard/`` at the repository's root (or ``$CODEBUDGET_TEST_ARTIFACTS``).
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest

from codebudget.analysis.outcomes import SelectionMode
from codebudget.reports import report_from_store
from codebudget.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server_process import listening  # noqa: E402

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.model

CHROMIUM = Path(os.environ.get("CODEBUDGET_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(os.environ.get("CODEBUDGET_TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def store_copy(smollm2_pools, tmp_path_factory) -> tuple[Path, str]:
    db, pool, _ = smollm2_pools
    copy = tmp_path_factory.mktemp("dashboard") / "runs.db"
    source, target = sqlite3.connect(db), sqlite3.connect(copy)
    with target:
        source.backup(target)  # a consistent copy, whatever the write-ahead log holds
    source.close()
    target.close()
    return copy, pool


@pytest.fixture(scope="module")
def dashboard(store_copy, smollm2_path, tmp_path_factory) -> Iterator[str]:
    db, _ = store_copy
    env = {**os.environ, "CODEBUDGET_SPEED_CACHE": str(tmp_path_factory.mktemp("speed"))}
    process = subprocess.Popen([sys.executable, "-m", "codebudget", "serve", "--model", "smollm2-135m", "--port", "0",
                                "--db", str(db)], stderr=subprocess.PIPE, text=True, env=env)
    url = listening(process, r"dashboard of .* at (http://[\d.]+:\d+)/")
    yield url
    process.terminate()
    _, rest = process.communicate(timeout=30)
    assert "Traceback" not in rest, rest


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield launched
        launched.close()


def shot(page, name: str) -> None:
    folder = ARTIFACTS / "dashboard"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_the_run_page_shows_the_stores_grid_and_the_plot_explains_its_points(dashboard, browser, store_copy):
    db, pool = store_copy
    with Store.open_read_only(db) as store:
        expected = report_from_store(store, [pool], (10.0,)).mode(SelectionMode.HONEST)
        hashes = {run.config_hash for run in store.iter_runs()}
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(dashboard + "/")
    assert {row.get_attribute("data-run") for row in page.locator("#runs tbody tr").all()} == hashes
    assert page.locator(f'tr[data-run="{pool}"] .status').inner_text() == "finished"
    shot(page, "runs")
    page.click(f'a[href="/runs/{pool}"]')
    page.wait_for_selector("table.grid")
    grid = page.locator('table.grid[data-mode="honest"]')
    for n in expected.ns:
        for k in expected.ks:
            cell = grid.locator(f'td[data-n="{n}"][data-k="{k}"]')
            assert float(cell.get_attribute("data-value")) == pytest.approx(expected.cell(n, k).pass_at_1.value, abs=1e-4)
            interval = f"{expected.cell(n, k).pass_at_1.low:.3f}–{expected.cell(n, k).pass_at_1.high:.3f}"
            assert interval in cell.inner_text()
    point = page.locator('svg.pareto[data-mode="honest"] circle.point').first
    point.hover()
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    assert re.search(r"pass@1 \d\.\d{3} \(\d\.\d{3}–\d\.\d{3}\) at [\d.]+ s/task", tooltip.inner_text())
    shot(page, "run")
    first_task = page.locator("a.task").first
    task_id = first_task.inner_text()
    first_task.click()
    page.wait_for_selector("details.candidate")
    with Store.open_read_only(db) as store:
        versions = [g for g in store.iter_generations(pool) if g.key.task_id == task_id]
    assert page.locator("div.version").count() == len(versions)
    page.locator("details.candidate").last.locator("summary").click()
    assert page.locator("details.candidate").last.get_attribute("open") is not None
    assert "public:" in page.locator("div.version").first.inner_text()
    shot(page, "task")
    page.close()


def test_progress_is_live_while_a_pool_runs(dashboard, browser, store_copy, smollm2_path):
    db, _ = store_copy
    page = browser.new_page()
    page.goto(dashboard + "/")
    before = page.locator("#runs tbody tr").count()
    pool = subprocess.Popen([sys.executable, "-m", "codebudget", "pool", "--model", str(smollm2_path), "--limit", "3",
                             "--m", "2", "--k-max", "0", "--max-tokens", "48", "--seed", "7", "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        page.wait_for_function(f"document.querySelectorAll('#runs tbody tr').length > {before}", timeout=120_000)
        row = page.locator("#runs tbody tr").first  # newest first
        page.wait_for_function("document.querySelector('#runs tbody tr .count').textContent.startsWith('3/')",
                               timeout=300_000)
        counts = row.locator(".count").inner_text()
        assert counts == "3/3", counts
    finally:
        _, err = pool.communicate(timeout=300)
    assert pool.returncode == 0, err
    shot(page, "live")
    page.close()
