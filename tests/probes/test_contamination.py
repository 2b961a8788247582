"""The contamination probe's rewrite of a reference (codebudget.probes.contamination), without a model."""

from __future__ import annotations

import numpy as np

from codebudget.benchmarks import load
from codebudget.probes.contamination import familiarity, reference_body, rewrite
from codebudget.prompts import get_style
from codebudget.records import Problem

PROMPT = 'def total_len(words: list[str]) -> int:\n    """Sum of lengths."""\n'
BODY = "    # add them up\n    result = 0\n    for w in words:\n        result += len(w)\n    return result\n"
PROBLEM = Problem(task_id="t/1", prompt=PROMPT, entry_point="total_len", public_tests=(),
                  hidden_tests=("assert total_len(['ab', 'c']) == 3",), reference=PROMPT + BODY)


def test_a_rewrite_renames_the_locals_normalises_the_layout_and_does_the_same() -> None:
    program, body = rewrite(PROBLEM)
    assert program == PROMPT + body
    assert "result" not in body and " w " not in body and "words" in body and "# add" not in body
    for source in (PROBLEM.reference, program):
        namespace: dict = {}
        exec(source, namespace)
        assert namespace["total_len"](["ab", "c"]) == 3 and namespace["total_len"]([]) == 0


def test_every_humaneval_reference_has_a_body_and_most_have_a_rewrite_that_differs() -> None:
    problems = load("humaneval")
    assert all(reference_body(p) for p in problems)
    rewritten = [rewrite(p) for p in problems]
    differs = [r for p, r in zip(problems, rewritten) if r and r[1] != reference_body(p)]
    assert len(differs) >= 130  # 24 bodies have no local names and are laid out as ast.unparse would


class Recording:
    def __init__(self):
        self.seen = []

    def score(self, messages, continuation):
        self.seen.append((messages, continuation))
        return np.full(len(continuation.split()), -1.0 if "result" in continuation else -2.0)


def test_familiarity_scores_both_bodies_after_the_same_prompt_and_reports_the_gap() -> None:
    scorer = Recording()
    _, body = rewrite(PROBLEM)
    found = familiarity(scorer, get_style("body"), PROBLEM, body)
    assert scorer.seen[0][0] == scorer.seen[1][0] and [c for _, c in scorer.seen] == [BODY, body]
    assert (found.original, found.rewrite, found.gap) == (-1.0, -2.0, 1.0)
