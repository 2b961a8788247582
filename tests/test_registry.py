"""The one registry class (:mod:`codebudget.plugins`) behind every extension point, and its old name."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from codebudget.errors import CodebudgetError
from codebudget.plugins import EXTENSION_POINTS, Registry, extension_point


@dataclasses.dataclass(frozen=True)
class Thing:
    name: str


def test_registered_things_are_found_by_name_and_replaced_by_a_later_namesake() -> None:
    things: Registry[Thing] = Registry("thing")
    first = things.register(Thing("a"))
    assert things.lookup("a") is first and list(things) == ["a"]
    later = things.register(Thing("a"))
    assert things.lookup("a") is later and len(things) == 1


def test_an_unknown_name_raises_the_registry_error_listing_the_known_names() -> None:
    things: Registry[Thing] = Registry("thing", CodebudgetError)
    things.register(Thing("b"))
    things.register(Thing("a"))
    with pytest.raises(CodebudgetError, match=r"^unknown thing 'c'; known: a, b$"):
        things.lookup("c")


# Lazy targets, entry points, and the mapping a registry is.


@pytest.fixture()
def lazy_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A path entry with modules ``lazy_one``/``lazy_two`` and a distribution whose entry points name them."""
    for module in ("lazy_one", "lazy_two"):
        (tmp_path / f"{module}.py").write_text(
            f"import dataclasses\n\n@dataclasses.dataclass(frozen=True)\nclass Thing:\n    name: str\n\n"
            f"THING = Thing({module!r})\n")
    info = tmp_path / "lazything-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: lazything\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[codebudget.test_things]\ntwo = lazy_two:THING\nbuilt = lazy_two:THING\n"
                                           "broken = lazy_two:NOTHING\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for module in ("lazy_one", "lazy_two"):
        monkeypatch.delitem(sys.modules, module, raising=False)
    return tmp_path


def _lazy_things() -> Registry[Thing]:
    things: Registry[Thing] = Registry("thing", CodebudgetError, group="codebudget.test_things",
                                                   builtin={"built": "lazy_one:THING"})
    things.register(Thing("here"))
    return things


def test_names_come_from_all_three_sources_without_importing_any(lazy_site: Path) -> None:
    things = _lazy_things()
    assert things.names() == ["here", "built", "two", "broken"]  # registered, built-in, entry points
    assert sorted(things) == ["broken", "built", "here", "two"] and len(things) == 4
    assert "two" in things and "built" in things and "nothing" not in things
    assert "lazy_one" not in sys.modules and "lazy_two" not in sys.modules


def test_a_lookup_imports_only_its_own_target_and_a_built_in_name_wins(lazy_site: Path) -> None:
    things = _lazy_things()
    assert things.lookup("built").name == "lazy_one"  # not the entry point of the same name
    assert "lazy_one" in sys.modules and "lazy_two" not in sys.modules
    assert things.lookup("two").name == "lazy_two" and things["two"] is sys.modules["lazy_two"].THING
    assert things.targets() == {"built": "lazy_one:THING", "two": "lazy_two:THING", "broken": "lazy_two:NOTHING"}


def test_an_object_registered_in_process_replaces_a_lazy_namesake(lazy_site: Path) -> None:
    things = _lazy_things()
    mine = things.register(Thing("two"))
    assert things.lookup("two") is mine and "lazy_two" not in sys.modules


def test_unknown_names_and_targets_that_cannot_be_imported_are_one_line_errors(lazy_site: Path) -> None:
    things = _lazy_things()
    with pytest.raises(CodebudgetError, match=r"^unknown thing 'nope'; known: broken, built, here, two$"):
        things.lookup("nope")
    with pytest.raises(CodebudgetError, match=r"^thing 'broken': cannot import lazy_two:NOTHING: .*NOTHING"):
        things.lookup("broken")
    things.check("two")
    with pytest.raises(CodebudgetError, match="^unknown thing 'nope'"):
        things.check("nope")


def test_a_registry_is_the_mapping_old_callers_use(monkeypatch: pytest.MonkeyPatch) -> None:
    things: Registry[Thing] = Registry("thing")
    a = things.register(Thing("a"))
    monkeypatch.setitem(things, "b", Thing("b"))
    assert dict(things.items()) == {"a": a, "b": Thing("b")} and things.get("c") is None
    monkeypatch.undo()
    assert list(things) == ["a"]
    assert things.pop("a") is a and len(things) == 0
    with pytest.raises(KeyError) as raised:
        things.lookup("a")
    assert raised.value.args == ("unknown thing 'a'; known: ",)


def test_every_extension_point_is_declared_once_with_its_own_group() -> None:
    kinds = [point.kind for point in EXTENSION_POINTS]
    assert kinds == ["backend", "benchmark", "selection policy", "spending schedule", "pipeline stage",
                     "report section", "input source", "prompt style", "evidence kind", "executor"]
    groups = [point.group for point in EXTENSION_POINTS]
    assert len(set(groups)) == len(groups) and all(group.startswith("codebudget.") for group in groups)
    assert Registry.of("spending schedule").group == "codebudget.schedules"
    with pytest.raises(KeyError, match="unknown extension point 'gadget'"):
        extension_point("gadget")


@pytest.mark.parametrize("point", [p for p in EXTENSION_POINTS if p.registry], ids=lambda p: p.kind)
def test_the_declared_registry_of_a_kind_is_where_the_table_says(point) -> None:  # noqa: ANN001
    registry = point.load_registry()
    assert isinstance(registry, Registry) and registry.kind == point.kind
    assert registry.group == point.group  # every registry is declared with Registry.of: its entry points count

