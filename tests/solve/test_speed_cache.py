"""The speed probe's cache: measured once per model, machine and boot, then read."""

from __future__ import annotations

import pytest

from codebudget.backends.base import Capabilities
from codebudget.records import FinishReason, Generation, Sample
from codebudget import speed as probe
from codebudget.solve import speed


class CountingModel:
    """A scripted model (the cache's logic is under test; the real probe runs in test_solve_cli)."""

    name = model = "scripted"
    capabilities = Capabilities()

    def __init__(self) -> None:
        self.calls = 0

    def generate(self, request):  # noqa: ANN001, ANN201
        self.calls += 1
        return Generation((Sample("    return []\n", 32, -0.5, FinishReason.STOP, 0),), 40, 0.01, self.model, self.name)


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(speed.CACHE_ENV, str(tmp_path / "speed"))
    return tmp_path / "speed"


def test_measured_once_per_boot_then_read(cache, monkeypatch):
    model = CountingModel()
    monkeypatch.setattr(speed, "boot_id", lambda: "boot-a")
    first, measured = speed.cached_speed(model, "m")
    calls = model.calls  # a warm-up, then repeats until the probe has taken long enough (instant here: the most)
    assert measured and first > 0 and calls == 1 + probe.MAX_REPEATS
    again, measured = speed.cached_speed(model, "m")
    assert (again, measured) == (first, False) and model.calls == calls
    monkeypatch.setattr(speed, "boot_id", lambda: "boot-b")  # a restarted or moved machine, same CPU name
    _, measured = speed.cached_speed(model, "m")
    assert measured and model.calls == 2 * calls
    assert len(list(cache.glob("*.json"))) == 2


def test_the_boot_is_read_where_linux_gives_it(monkeypatch, tmp_path):
    from codebudget import hardware

    monkeypatch.setattr(hardware, "BOOT_ID", tmp_path / "boot_id")
    assert hardware.boot_id() is None
    (tmp_path / "boot_id").write_text("939d8988-e57c\n")
    assert hardware.boot_id() == "939d8988-e57c"
