"""Benchmark: how much of a stored run's pass@1 comes from code extraction (ours vs a naive one).

Usage: python bench/extraction_effect.py RUN_HASH [--db runs/greedy.db]

For every round-0 answer of the run (sample 0), grades on the hidden tests in the sandbox:
- ``ours``: the program codebudget extracted (the prompt's imports and helpers kept, a body
  completed into the prompt's function, prose and several blocks handled);
- ``naive``: the first fenced block as it stands, or the whole answer when it has no fence —
  what a harness that does no more than strip the fence would run.
Prints both pass counts and the tasks that pass only one way.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from one_line import run

from codebudget.extraction.fences import fenced_blocks
from codebudget.sandbox import open_sandbox
from codebudget.scoring import hidden_job
from codebudget.store import Store


def naive(text: str) -> str:
    """The first fenced block, or the whole answer."""
    blocks = fenced_blocks(text)
    return blocks[0].code if blocks else text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run")
    parser.add_argument("--db", type=Path, default=Path("runs/greedy.db"))
    args = parser.parse_args()
    with Store.open(args.db) as store:
        rows = [(g, store.get_extraction(g.key)) for g in store.iter_generations(args.run) if g.key.round == 0
                and g.key.sample_index == 0]
        problems = {key: store.get_task(*key) for key in {(g.key.benchmark, g.key.task_id) for g, _ in rows}}
    with open_sandbox() as sandbox:
        grade = lambda codes: [r.passed for r in sandbox.run_many(  # noqa: E731
            [hidden_job(problems[(g.key.benchmark, g.key.task_id)], code) for (g, _), code in zip(rows, codes)])]
        ours = grade([e.code if e is not None and e.ok else "" for _, e in rows])
        plain = grade([naive(g.sample.text) for g, _ in rows])
    ids = [g.key.task_id for g, _ in rows]
    print(json.dumps({
        "run": args.run, "tasks": len(rows), "ours": sum(ours), "naive": sum(plain),
        "only_ours": [t for t, a, b in zip(ids, ours, plain) if a and not b],
        "only_naive": [t for t, a, b in zip(ids, ours, plain) if b and not a],
    }, indent=2))


if __name__ == "__main__":
    run(main)
