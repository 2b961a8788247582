"""Reallocation study on hand-made pools: arms, matching at equal cost, the two findings."""

from __future__ import annotations

import numpy as np
import pytest

from codebudget.analysis import Estimate, SelectionMode
from codebudget.candidates import BatchCall, CandidatePool, Chain, Pool, SuiteResult, Version
from codebudget.reallocation import (
    Arm,
    Matchup,
    ModelPool,
    arms,
    findings,
    most_that_fit,
    study,
    study_markdown,
    verdict,
)
from codebudget.reallocation.findings import Finding

PROMPT = 50
TOKENS = 100


def version(public: bool, hidden: bool, logprob: float = -0.5) -> Version:
    return Version(0, True, SuiteResult(public, int(public), 1, 0.5), SuiteResult(hidden, int(hidden), 1, 0.5),
                   mean_logprob=logprob, n_tokens=TOKENS, prompt_tokens=PROMPT)


def task(task_id: str, specs: list[tuple[bool, bool]], call_s: float) -> CandidatePool:
    chains = tuple(Chain(i, (version(*spec),)) for i, spec in enumerate(specs))
    return CandidatePool("bench", task_id, chains, (BatchCall(call_s, PROMPT, tuple(range(len(specs)))),))


def model(label: str, params_b: float, tasks: list[CandidatePool]) -> ModelPool:
    return ModelPool(label, params_b, Pool(label, 0, 0.8, tuple(tasks)))


# The small model: 3 samples a task, one of which is right on each task; public tests tell.
SMALL = model("small", 0.5, [task(f"T/{i}", [(True, True), (False, False), (False, False)], 3.0) for i in range(4)])
# The large model: 2 samples a task, both right on T/0..T/2, both wrong on T/3; each sample costs 4 s.
LARGE = model("large", 1.5, [task(f"T/{i}", [(i < 3, i < 3)] * 2, 8.0) for i in range(4)])


def test_oracle_arm_is_the_chance_that_a_draw_holds_the_right_sample():
    (one, two, three) = arms(SMALL, [1, 2, 3], ["oracle"])
    assert one.pass_at_1() == pytest.approx(1 / 3)
    assert two.pass_at_1() == pytest.approx(1 - 1 / 3)  # misses only when both drawn are wrong: C(2,2)/C(3,2)
    assert three.pass_at_1() == pytest.approx(1.0)
    assert [a.selection for a in (one, two, three)] == [SelectionMode.ORACLE] * 3


def test_first_policy_does_not_improve_with_more_samples():
    quality = [a.pass_at_1() for a in arms(SMALL, [1, 2, 3], ["first"])]
    assert quality == pytest.approx([1 / 3] * 3)


def test_compute_is_two_times_params_times_prompt_and_generated_tokens():
    (two,) = arms(SMALL, [2], ["public-tests"])
    assert two.gflops == pytest.approx(np.full(4, 2 * 0.5 * (PROMPT + 2 * TOKENS)))


def test_wall_time_grows_with_samples():
    costs = [a.cost("wall_s") for a in arms(SMALL, [1, 2, 3], ["oracle"])]
    assert costs[0] < costs[1] < costs[2]


def _arm(n: int, wall: float) -> Arm:
    return Arm("m", n, "oracle", SelectionMode.ORACLE, ("a",), np.ones(1), np.full(1, wall), np.full(1, wall))


def test_most_that_fit_takes_the_largest_n_within_budget():
    candidates = [_arm(1, 2.0), _arm(2, 3.0), _arm(3, 4.5)]
    assert most_that_fit(candidates, 4.0, "wall_s").n == 2
    assert most_that_fit(candidates, 4.5, "wall_s").n == 3  # equal to the budget fits
    assert most_that_fit(candidates, 1.0, "wall_s") is None


def test_reference_row_gives_the_small_model_the_budget_of_one_large_sample():
    found = study(arms(SMALL, [1, 2, 3], ["public-tests"]), arms(LARGE, [1, 2], ["public-tests"]), "wall_s")
    (reference,) = found.reference_rows
    assert reference.b.model == "large" and reference.b.n == 1
    large_cost = reference.b.cost("wall_s")
    assert reference.a.model == "small" and reference.a.cost("wall_s") <= large_cost
    bigger = [a for a in arms(SMALL, [1, 2, 3], ["public-tests"]) if a.n == reference.a.n + 1]
    assert all(a.cost("wall_s") > large_cost for a in bigger)
    # Public tests always find the small model's right sample once it is drawn; the large model is 3/4.
    assert reference.difference.value == pytest.approx(reference.a.pass_at_1() - 0.75)
    assert found.n_tasks == 4 and len(found.budget_rows) == 3


def _estimate(low: float, high: float) -> Estimate:
    return Estimate("d", SelectionMode.HONEST, (low + high) / 2, low, high, 0.95, "percentile", 4, 100)


def _matchup(policy: str, low: float | None, high: float | None) -> Matchup:
    a = _arm(1, 1.0)
    difference = None if low is None else _estimate(low, high)
    return Matchup(policy, "wall_s", 1.0, a, _estimate(0, 1), a if difference else None, None, difference)


@pytest.mark.parametrize(
    "low, high, expected",
    [(0.01, 0.2, "small better"), (-0.2, -0.01, "large better"), (-0.1, 0.1, "no clear difference"),
     (None, None, "not comparable")],
)
def test_verdict_reads_the_interval(low, high, expected):
    assert verdict(_matchup("oracle", low, high)) == expected


def test_findings_hold_refute_or_stay_inconclusive():
    claim = Finding("c", frozenset({"small better"}), frozenset({"large better"}), ())
    assert claim.status == "untested"
    holds = Finding("c", claim.supported_by, claim.refuted_by, (_matchup("oracle", 0.1, 0.2),))
    refuted = Finding("c", claim.supported_by, claim.refuted_by, (_matchup("oracle", 0.1, 0.2), _matchup("x", -0.3, -0.1)))
    unclear = Finding("c", claim.supported_by, claim.refuted_by, (_matchup("oracle", -0.1, 0.2),))
    assert (holds.status, refuted.status, unclear.status) == ("holds", "does not hold", "inconclusive")


def test_study_groups_policies_into_the_two_findings_and_renders():
    policies = ["public-tests", "oracle", "first"]
    found = study(arms(SMALL, [1, 2, 3], policies), arms(LARGE, [1, 2], policies), "gflops")
    with_tests, without = findings(found)
    assert {r.policy for r in with_tests.rows} == {"public-tests", "oracle"}
    assert {r.policy for r in without.rows} == {"first"}
    text = study_markdown(found)
    assert "GFLOP/task" in text and "[oracle]" in text and "[honest]" in text
    assert with_tests.claim in text and without.claim in text


def test_the_study_keeps_both_models_arms_on_their_common_tasks():
    """The plot draws ``Study.arms``: the same tasks as the rows, not each pool's own."""
    fewer = model("large", 1.5, list(LARGE.pool.tasks[:3]))
    found = study(arms(SMALL, [1, 2], ["oracle"]), arms(fewer, [1], ["oracle"]), "wall_s")
    assert found.n_tasks == 3 and [a.model for a in found.arms] == ["small", "small", "large"]
    assert all(a.task_ids == ("T/0", "T/1", "T/2") for a in found.arms)
    assert found.arms[0].pass_at_1() == pytest.approx(1 / 3)  # one right sample in three, on T/0..T/2


def test_unknown_cost_kind_and_disjoint_pools_are_refused():
    small = arms(SMALL, [1], ["oracle"])
    with pytest.raises(ValueError, match="unknown cost"):
        study(small, small, "tokens")
    other = model("other", 1.0, [task("U/0", [(True, True)], 1.0)])
    with pytest.raises(ValueError, match="share no tasks"):
        study(small, arms(other, [1], ["oracle"]))
