"""Named plugins, imported only when used: built-ins listed in code, others via entry points.

Each plugin kind (backends, benchmarks, ...) has an entry-point group and a
table of built-in ``module:attribute`` targets; third-party packages add theirs
to the group in the same form.
"""

from __future__ import annotations

import importlib
import importlib.metadata as metadata
from typing import Any, Mapping

from codebudget.errors import CodebudgetError


def targets(group: str, builtin: Mapping[str, str]) -> dict[str, str]:
    """Every known plugin name of ``group`` with its ``module:attribute`` target."""
    found = dict(builtin)
    for point in metadata.entry_points(group=group):
        found.setdefault(point.name, point.value)
    return found


def load(group: str, builtin: Mapping[str, str], name: str, kind: str, error: type[CodebudgetError]) -> Any:
    """Import and return plugin ``name``; ``error`` (one line) if unknown or not importable."""
    known = targets(group, builtin)
    if name not in known:
        raise error(f"unknown {kind} {name!r}; available: {', '.join(sorted(known))}")
    module_name, _, attr = known[name].partition(":")
    try:
        return getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise error(f"{kind} {name!r}: cannot import {known[name]}: {exc}") from None
