"""The training datasets by name, each checked against the evaluation tasks before it is used.

``load_pairs("stdlib")`` mines the standard library (:mod:`~codebudget.train.mine_python`), ``"jdk"`` the JDK's
sources (:mod:`~codebudget.train.mine_java`), ``"npm"`` the npm corpus (:mod:`~codebudget.train.mine_javascript`),
``"jsonl:PATH"`` reads a file of pairs (:func:`~codebudget.train.pairs.read_jsonl`). A ``:limit=N`` suffix
keeps the first N pairs. Whatever the source, pairs too close to an evaluation task are dropped first
(:func:`~codebudget.train.dedup.deduplicate`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from codebudget.errors import CodebudgetError
from codebudget.train import mine_java, mine_javascript, mine_python
from codebudget.train.dedup import deduplicate, eval_index
from codebudget.train.pairs import Pair, read_jsonl

DATASETS: dict[str, Callable[[], tuple[Pair, ...]]] = {
    "stdlib": lambda: mine_python.mine(),
    "jdk": lambda: mine_java.mine(),
    "npm": lambda: mine_javascript.mine(),
}
"""The named datasets: each a loader of its pairs (a new source, such as MBPP's splits, is one more entry)."""
JSONL = "jsonl:"
_LIMIT = re.compile(r"(?P<name>.+):limit=(?P<limit>[^:]*)")


def parse_spec(spec: str) -> tuple[str, int | None]:
    """A dataset spec's name (or ``jsonl:PATH``) and its ``:limit=N`` if it has one."""
    match = _LIMIT.fullmatch(spec)
    if match is None:
        return spec, None
    limit = match.group("limit")
    if not limit.isdigit() or int(limit) < 1:
        raise CodebudgetError(f"training dataset {spec!r}: limit must be a whole number of pairs, 1 or more")
    return match.group("name"), int(limit)


def load_pairs(spec: str, *, mbpp: Path | None = None) -> tuple[Pair, ...]:
    """The pairs of dataset ``spec`` less those too close to an evaluation task (MBPP read from ``mbpp``)."""
    name, limit = parse_spec(spec)
    if name.startswith(JSONL):
        if not name[len(JSONL) :]:
            raise CodebudgetError(f"training dataset {spec!r}: name the file after 'jsonl:'")
        pairs = read_jsonl(Path(name[len(JSONL) :]).expanduser())
    elif name in DATASETS:
        pairs = DATASETS[name]()
    else:
        known = ", ".join([*DATASETS, JSONL + "PATH"])
        raise CodebudgetError(f"unknown training dataset {name!r} (known: {known}; add :limit=N to take the first N)")
    kept, _ = deduplicate(pairs, eval_index(mbpp))
    return kept[:limit] if limit is not None else kept
