"""How close a task is to a public benchmark's: the near-duplicate check of a new task family.

A task's words are the lower-case words of its text (its prompt: signature and
docstring) without common English and Python words and single letters; two tasks'
similarity is the Jaccard index of their word sets. It is a lexical check: it
finds a task copied or lightly reworded from HumanEval or MBPP (similarity 0.5 or
more), not a new wording of the same idea, which is why the family's authors
were also told to avoid classic exercises.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

STOPWORDS = frozenset("""a an the of to in on for and or is are be by with as at from that this it its if
return returns given list string number value values each which when than then into not no any all
function write python def str int float bool none true false raise raises""".split())
NEAR_DUPLICATE = 0.5
"""A similarity at or above this is a near-duplicate."""


def words(text: str) -> frozenset[str]:
    """The content words of a task's text."""
    return frozenset(w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 1 and w not in STOPWORDS)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """The Jaccard index of two word sets (0 for two empty sets)."""
    return len(a & b) / len(a | b) if a | b else 0.0


def public_texts(mbpp: Path | None) -> dict[str, str]:
    """HumanEval's prompts (the installed package) and, when ``mbpp`` exists, MBPP's text and code, by task id."""
    from codebudget.benchmarks import load

    found = {p.task_id: p.prompt for p in load("humaneval")}
    if mbpp is not None and mbpp.exists():
        for line in mbpp.read_text().splitlines():
            record = json.loads(line)
            found[f"MBPP/{record['task_id']}"] = record["text"] + "\n" + record["code"]
    return found


def nearest(texts: dict[str, str], public: dict[str, str]) -> dict[str, tuple[str, float]]:
    """For each of ``texts``, the most similar of ``public`` and the similarity (rounded to 3 places)."""
    public_words = {task_id: words(text) for task_id, text in public.items()}
    found = {}
    for task_id, text in texts.items():
        mine = words(text)
        best = max(public_words, key=lambda other: similarity(mine, public_words[other]))
        found[task_id] = (best, round(similarity(mine, public_words[best]), 3))
    return found
