"""The training datasets by name, each checked against the evaluation tasks before it is used.

``load_pairs("stdlib")`` mines the standard library (:mod:`~codebudget.train.mine_python`), ``"jdk"`` the JDK's
sources (:mod:`~codebudget.train.mine_java`), ``"npm"`` the npm corpus (:mod:`~codebudget.train.mine_javascript`),
``"mbpp:train"`` and ``"mbpp:validation"`` MBPP's splits for training and tuning (tasks 601–974 and 511–600, from
the MBPP folder given or ``$CODEBUDGET_MBPP``, else the hub), any other benchmark spec the pipeline takes
its tasks with their reference solutions (:mod:`~codebudget.train.benchmark_pairs`), and
``"jsonl:PATH"`` reads a file of pairs (:func:`~codebudget.train.pairs.read_jsonl`), ``"codeplan:PATH"`` a teacher's plans
file's kept pairs with their plans and ``"codeplan-code:PATH"`` the same pairs without them
(:mod:`~codebudget.train.plans`). A ``:limit=N`` suffix
keeps the first N pairs. Whatever the source, pairs too close to an evaluation task are dropped first
(:func:`~codebudget.train.dedup.deduplicate`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path
from typing import Callable

from codebudget.errors import CodebudgetError
from codebudget.train import mine_java, mine_javascript, mine_python
from codebudget.train.benchmark_pairs import benchmark_pairs
from codebudget.train.dedup import deduplicate, eval_index, mbpp_folder
from codebudget.train.pairs import Pair, read_jsonl


def _mbpp_spec(split: str, folder: Path | None) -> str:
    """The benchmark spec of MBPP's ``split``: the release's file in ``folder``, else the benchmark by name."""
    return f"{folder / 'mbpp.jsonl'}:{split}" if folder is not None else f"mbpp:{split}"


def _mbpp(split: str) -> Callable[[Path | None], tuple[Pair, ...]]:
    def pairs(folder: Path | None) -> tuple[Pair, ...]:
        return benchmark_pairs(_mbpp_spec(split, folder))

    return pairs


MINED: dict[str, Callable[[], tuple[Pair, ...]]] = {
    "stdlib": lambda: mine_python.mine(),
    "jdk": lambda: mine_java.mine(),
    "npm": lambda: mine_javascript.mine(),
}
"""The mined corpora: shuffled in a fixed order (by their pairs' ids), the first :data:`HELD_OUT` kept apart."""
HELD_OUT = 100
"""Pairs of each mined corpus never trained on (``NAME:heldout``): where BLEU and the syntax pass are measured."""


def stable_order(pairs: tuple[Pair, ...]) -> tuple[Pair, ...]:
    """``pairs`` in an order drawn from their ids alone: the same whatever the corpus's size or mining order, so
    the first N of a corpus are the first N of any larger version of it (nested data sizes)."""
    return tuple(sorted(pairs, key=lambda p: hashlib.sha256(p.pair_id.encode()).hexdigest()))


def training_part(checked: tuple[Pair, ...]) -> tuple[Pair, ...]:
    """A mined corpus's pairs to train on: all but the first :data:`HELD_OUT` of its fixed order."""
    return stable_order(checked)[HELD_OUT:]


def held_out_part(checked: tuple[Pair, ...]) -> tuple[Pair, ...]:
    """A mined corpus's held-out pairs: the first :data:`HELD_OUT` of its fixed order."""
    return stable_order(checked)[:HELD_OUT]


@dataclasses.dataclass(frozen=True)
class Dataset:
    """A named dataset: its source's pairs (given the MBPP folder, None: the hub), and which of them, once checked
    against the evaluation tasks, it is."""

    pairs: Callable[[Path | None], tuple[Pair, ...]]
    part: Callable[[tuple[Pair, ...]], tuple[Pair, ...]] = lambda checked: checked


DATASETS: dict[str, Dataset] = {
    **{name: Dataset(lambda folder, mine=mine: mine(), training_part) for name, mine in MINED.items()},
    **{f"{name}:heldout": Dataset(lambda folder, mine=mine: mine(), held_out_part) for name, mine in MINED.items()},
    "mbpp:train": Dataset(_mbpp("train")),
    "mbpp:validation": Dataset(_mbpp("validation")),
}
"""The named datasets. A mined corpus by its name
is its training part in its fixed shuffled order (``stdlib:limit=300`` is a random 300, nested in any larger
limit); ``NAME:heldout`` its held-out part."""
EVALUATION = ("humaneval", "fresh", "mbpp-sanitized")
"""Benchmarks the product is measured on (with their ``:test`` and ``:heldout`` splits): never training data."""
JSONL = "jsonl:"
PLANS = {"codeplan:": True, "codeplan-code:": False}
"""Plans files as data: the prefix, and whether the pairs keep their plans."""
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


def tasks_spec(spec: str, *, mbpp: Path | None = None) -> str | None:
    """The benchmark spec whose tasks (with their tests) dataset ``spec``'s pairs come from: MBPP's splits (read from
    ``mbpp``) and any other benchmark spec; None for mined corpora, JSONL files and plans files."""
    name, _ = parse_spec(spec)
    if name in ("mbpp:train", "mbpp:validation"):
        return _mbpp_spec(name.split(":", 1)[1], mbpp_folder(mbpp))
    if name in DATASETS or name.startswith(JSONL) or any(name.startswith(prefix) for prefix in PLANS):
        return None
    return name


def load_pairs(spec: str, *, mbpp: Path | None = None) -> tuple[Pair, ...]:
    """The pairs of dataset ``spec`` less those too close to an evaluation task (MBPP read from ``mbpp``)."""
    name, limit = parse_spec(spec)
    if name.startswith(JSONL):
        if not name[len(JSONL) :]:
            raise CodebudgetError(f"training dataset {spec!r}: name the file after 'jsonl:'")
        pairs = read_jsonl(Path(name[len(JSONL) :]).expanduser())
    elif (prefix := next((p for p in PLANS if name.startswith(p)), None)) is not None:
        from codebudget.train.plans import kept_pairs

        if not name[len(prefix) :]:
            raise CodebudgetError(f"training dataset {spec!r}: name the plans file after {prefix!r}")
        pairs = kept_pairs(Path(name[len(prefix) :]).expanduser(), with_plans=PLANS[prefix])
    elif name in DATASETS:
        pairs = DATASETS[name].pairs(mbpp_folder(mbpp))
    elif name in EVALUATION or name.endswith((":test", ":heldout")):
        raise CodebudgetError(f"{name} is an evaluation set: it is never trained on (use mbpp:train, mbpp:validation, "
                              "stdlib, jdk, npm or fresh:dev)")
    else:
        try:
            pairs = benchmark_pairs(name)
        except CodebudgetError as error:
            known = ", ".join([*DATASETS, JSONL + "PATH", *(p + "PATH" for p in PLANS), "a benchmark spec"])
            raise CodebudgetError(f"unknown training dataset {name!r} (known: {known}; add :limit=N to take the "
                                  f"first N): {error}") from None
    kept, _ = deduplicate(pairs, eval_index(mbpp))
    if name in DATASETS:
        kept = DATASETS[name].part(kept)
    return kept[:limit] if limit is not None else kept
