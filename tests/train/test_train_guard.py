"""The training guard without the shared MBPP copy (what CI always has): copies of HumanEval, of the fresh
family's held-out tasks and of the MBPP test tasks in the fixture file are dropped, mined pairs are kept, and the
datasets refuse evaluation sets by name. ``test_train_dedup.py`` repeats this against all of MBPP."""

from __future__ import annotations

from pathlib import Path

from codebudget.benchmarks import load
from codebudget.train.dedup import deduplicate, eval_index
from codebudget.train.mine_python import mine, stdlib_root
from codebudget.train.pairs import Pair

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_copies_of_evaluation_tasks_are_dropped_and_mined_pairs_kept() -> None:
    index = eval_index(FIXTURES)  # MBPP's test split here: the fixture file's tasks 11 and 13
    copies = [Pair(f"copy:{p.task_id}", "python", p.prompt, p.reference[len(p.prompt):], "copy", p.entry_point)
              for p in load("humaneval")[::15]]
    copies += [Pair(f"copy:{p.task_id}", "python", p.prompt, p.reference, "copy", p.entry_point)
               for p in load("fresh:heldout")[::10]]
    copies += [Pair(f"copy:mbpp/{p.task_id}", "python", p.prompt, p.reference, "copy", p.entry_point, prose=True)
               for p in load("mbpp", path=FIXTURES / "mbpp.jsonl", split="test")]
    assert len(copies) >= 20 and any(c.pair_id.startswith("copy:mbpp/") for c in copies)
    mined = list(mine(stdlib_root() / "json"))
    kept, dropped = deduplicate([*copies, *mined], index)
    assert {d.pair.pair_id for d in dropped} == {c.pair_id for c in copies}
    assert list(kept) == mined


def test_the_fresh_familys_development_half_may_be_trained_on() -> None:
    dev = [Pair(f"dev:{p.task_id}", "python", p.prompt, p.reference, "dev", p.entry_point) for p in load("fresh:dev")[:10]]
    kept, dropped = deduplicate(dev, eval_index(FIXTURES))
    assert len(kept) == 10 and not dropped
