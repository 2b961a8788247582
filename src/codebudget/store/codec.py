"""Flat column dicts to and from (nested) frozen records.

A record becomes one table row: nested records contribute their fields as
columns (names are unique across the nesting), enums become their values,
booleans integers, and mappings a canonical JSON string in a column named
``<field>_json``. Tuple fields are not columns; the store writes them to
tables of their own.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from collections.abc import Mapping
from enum import Enum
from typing import Any, TypeVar

from codebudget.records import Problem, to_dict

R = TypeVar("R")
JSON_SUFFIX = "_json"


def canonical_json(value: Any) -> str:
    """The one JSON text for ``value``: sorted keys, no spaces, exact floats."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def prompt_sha256(prompt: str) -> str:
    """The key a prompt's text is stored under: the hex sha256 of its UTF-8 bytes."""
    return hashlib.sha256(prompt.encode("utf-8")).hexdigest()


def flatten(record: Any) -> dict[str, Any]:
    """The columns of ``record`` (see the module docstring)."""
    columns: dict[str, Any] = {}
    for field in dataclasses.fields(record):
        _put(columns, field.name, getattr(record, field.name))
    return columns


def _put(columns: dict[str, Any], name: str, value: Any) -> None:
    if dataclasses.is_dataclass(value):
        columns.update(flatten(value))
    elif isinstance(value, Mapping):
        columns[name + JSON_SUFFIX] = canonical_json(dict(value))
    elif isinstance(value, Enum):
        columns[name] = value.value
    elif isinstance(value, bool):
        columns[name] = int(value)
    elif not isinstance(value, tuple):
        columns[name] = value


def unflatten(cls: type[R], columns: Mapping[str, Any], **extra: Any) -> R:
    """Rebuild a ``cls`` record from its columns; ``extra`` supplies the tuple fields."""
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = dict(extra)
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        if field.name not in kwargs:
            kwargs[field.name] = _get(columns, field.name, hints[field.name])
    return cls(**kwargs)


def _get(columns: Mapping[str, Any], name: str, hint: Any) -> Any:
    base = _non_optional(hint)
    if isinstance(base, type) and dataclasses.is_dataclass(base):
        return unflatten(base, columns)
    if typing.get_origin(base) in (Mapping, dict) or base in (Mapping, dict):
        return json.loads(columns[name + JSON_SUFFIX])
    value = columns[name]
    if value is None:
        return None
    if isinstance(base, type) and issubclass(base, (Enum, bool)):
        return base(value)
    return value


def _non_optional(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else hint
    return hint


def problem_to_json(problem: Problem) -> str:
    """A problem as canonical JSON."""
    return canonical_json(to_dict(problem))


def problem_from_json(text: str) -> Problem:
    """The problem that :func:`problem_to_json` wrote."""
    data = json.loads(text)
    hints = typing.get_type_hints(Problem)
    for name, hint in hints.items():
        if typing.get_origin(hint) is tuple and name in data:
            data[name] = tuple(data[name])
    return Problem(**data)
