"""The shared name → object table behind policies, input sources and papers."""

from __future__ import annotations

import dataclasses

import pytest

from codebudget.errors import CodebudgetError
from codebudget.registry import Registry


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
