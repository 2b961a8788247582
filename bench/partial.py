"""The benchmarks' resume files: one JSON row per finished item, appended as soon as it is done."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Hashable


def read_rows(path: Path, key: Callable[[dict], Hashable], keep: Callable[[dict], bool] = lambda row: True) -> dict:
    """The rows an earlier run left in ``path`` that ``keep`` accepts, by ``key``; a torn last line (the run was
    killed while writing it) is skipped, and a later row replaces an earlier one of the same key."""
    rows: dict = {}
    if not path.exists():
        return rows
    for line in path.read_text().splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if keep(row):
            rows[key(row)] = row
    return rows
