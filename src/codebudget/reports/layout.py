"""The building blocks of a rendered report: sections of paragraphs, tables and figures."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class TextTable:
    """A table of strings with a caption."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclasses.dataclass(frozen=True)
class Figure:
    """A PNG file of the report and its caption."""

    file: str
    caption: str


@dataclasses.dataclass(frozen=True)
class Section:
    """A titled part of the report; ``collapsed`` ones are folded away in HTML."""

    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[TextTable, ...] = ()
    figures: tuple[Figure, ...] = ()
    collapsed: bool = False
