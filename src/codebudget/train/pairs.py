"""The record a model is tuned on: a prompt (code up to where the model takes over) and its completion.

Every training source gives pairs of one shape: ``prompt`` is code a developer has written (a signature with
its docstring or comment, or a task's prose), ``completion`` the code that follows (the body). How a pair is
put to the model (the chat template, the prompt style) is decided when training, not here, so one dataset
serves every model. A dataset is named by the sha256 of its pairs (:func:`data_sha256`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Iterable

from codebudget.errors import CodebudgetError
from codebudget.files import write_atomic

LANGUAGES = ("python", "java", "javascript")


@dataclasses.dataclass(frozen=True)
class Pair:
    """One training example.

    ``pair_id`` is stable across runs (``stdlib:json/decoder.py:JSONDecoder.decode``); ``language`` one of
    :data:`LANGUAGES`; ``prompt`` the header the model sees; ``completion`` what it should write after it;
    ``entry_point`` the function's name where there is one; ``prose`` True when the prompt is a task's
    description (MBPP) rather than code to continue; ``plan`` a solution plan (numbered lines) the model
    should write before the code (CodePLAN, :mod:`~codebudget.train.plans`), "" for none.
    """

    pair_id: str
    language: str
    prompt: str
    completion: str
    source: str
    entry_point: str = ""
    prose: bool = False
    plan: str = ""

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"unknown language {self.language!r} (known: {', '.join(LANGUAGES)})")

    def to_json(self) -> dict:
        """The pair as a JSON object; ``plan`` only when it has one (a dataset without plans keeps its sha256)."""
        row = dataclasses.asdict(self)
        if not self.plan:
            del row["plan"]
        return row


def distinct(pairs: Iterable[Pair]) -> list[Pair]:
    """``pairs`` in order without a completion seen before (code copied from one file into another)."""
    seen: set[str] = set()
    kept = []
    for pair in pairs:
        if pair.completion not in seen:
            seen.add(pair.completion)
            kept.append(pair)
    return kept


def data_sha256(pairs: Iterable[Pair]) -> str:
    """The sha256 of ``pairs`` in order (their JSON lines): what names a dataset in an adapter's provenance."""
    digest = hashlib.sha256()
    for pair in pairs:
        digest.update(json.dumps(pair.to_json(), sort_keys=True).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def write_jsonl(pairs: Iterable[Pair], path: Path) -> int:
    """Write ``pairs`` as JSON lines to ``path`` (atomically); the number written."""
    rows = [json.dumps(pair.to_json(), sort_keys=True) for pair in pairs]
    write_atomic(path, "".join(row + "\n" for row in rows))
    return len(rows)


def read_jsonl(path: Path) -> tuple[Pair, ...]:
    """The pairs of a JSONL file; a one-line error naming the line for a malformed one."""
    try:
        lines = path.read_text().splitlines()
    except OSError as error:
        raise CodebudgetError(f"cannot read training data {path}: {error.strerror}") from None
    fields = {field.name for field in dataclasses.fields(Pair)}
    pairs = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("not an object")
            unknown = set(row) - fields
            if unknown:
                raise ValueError(f"unknown fields {sorted(unknown)}")
            pairs.append(Pair(**row))
        except (ValueError, TypeError) as error:
            raise CodebudgetError(f"{path}:{number}: not a training pair ({error})") from None
    return tuple(pairs)
