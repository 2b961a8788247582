"""The pool with each version's cost (what the spending schedules read), and the schedules evaluated on it."""

from __future__ import annotations

import pytest
from report_builders import BENCHMARK, POOL, PUBLIC_S, REPAIR_S

from codebudget.analysis import SelectionMode
from codebudget.candidates import (
    TOKEN_SHARE,
    BatchCall,
    CandidatePool,
    Chain,
    GateResult,
    Pool,
    SuiteResult,
    Version,
    costed_pool,
)
from codebudget.candidates.costed import public_counts
from codebudget.reports import collect, evaluate_adaptive


def version(round: int, public: SuiteResult, hidden: bool, tokens: int, gen_s: float = 0.0, syntax_ok: bool = True):
    return Version(round, syntax_ok, public, SuiteResult(hidden, int(hidden), 1, 0.5), n_tokens=tokens,
                   gen_wall_s=gen_s, prompt_tokens=30)


def test_a_chain_maps_to_a_candidate_with_its_repairs():
    failing = version(0, SuiteResult(False, 1, 3, 0.2), False, tokens=30)
    repair = version(1, SuiteResult(True, 3, 3, 0.3), True, tokens=10, gen_s=7.0)
    broken = version(0, SuiteResult(False, 0, 0, 0.0), False, tokens=10, syntax_ok=False)
    task = CandidatePool("mbpp", "Mbpp/2", (Chain(0, (failing, repair)), Chain(1, (broken,))), (BatchCall(8.0, 30, (0, 1)),))
    (adapted,) = costed_pool(Pool("p", 1, 0.8, (task,)), cost=TOKEN_SHARE)
    assert adapted.task_id == "mbpp:Mbpp/2"
    first, second = adapted.candidates
    # Token share of the 8 s call: 30 of 40 tokens for sample 0, 10 of 40 for sample 1.
    assert (first.public_passed, first.public_total, first.hidden_passed) == (1, 3, False)
    assert (first.gen_s, first.exec_s, first.tokens) == pytest.approx((6.0, 0.2, 30))
    (fixed,) = first.repairs
    assert (fixed.public_passed, fixed.public_total, fixed.hidden_passed, fixed.gen_s, fixed.exec_s) == (3, 3, True, 7.0, 0.3)
    assert (second.public_passed, second.public_total, second.gen_s, second.exec_s, second.repairs) == (0, 1, 2.0, 0.0, ())


def test_a_gated_version_costs_its_gates_and_never_ran_its_tests():
    gated = Version(0, True, SuiteResult(False, 0, 3, 0.0), SuiteResult(False, 0, 1, 0.0), n_tokens=20,
                    gates=(GateResult("lint", True, 0.01), GateResult("toy", False, 0.02, "no")))
    passed = version(0, SuiteResult(True, 3, 3, 0.2), True, tokens=20)
    passed = Version(**{**passed.__dict__, "gates": (GateResult("lint", True, 0.01), GateResult("toy", True, 0.02))})
    task = CandidatePool("b", "t", (Chain(0, (gated,)), Chain(1, (passed,))), (BatchCall(4.0, 30, (0, 1)),))
    first, second = costed_pool(Pool("p", 0, 0.8, (task,)), cost=TOKEN_SHARE)[0].candidates
    assert not gated.runnable and (first.public_passed, first.public_total, first.exec_s) == (0, 3, pytest.approx(0.03))
    assert passed.runnable and second.exec_s == pytest.approx(0.23)


def test_a_failed_suite_never_reads_as_a_pass():
    assert public_counts(SuiteResult(False, 0, 0)) == (0, 1)  # no code: nothing ran
    assert public_counts(SuiteResult(False, 4, 4)) == (3, 4)  # a timeout after every assertion ran
    assert public_counts(SuiteResult(True, 4, 4)) == (4, 4)
    assert public_counts(SuiteResult(True, 0, 0)) == (0, 0)  # no public tests: counts as passing


def test_stored_pool_adapts_with_the_fitted_single_sample_time(store):
    loaded = collect(store, [POOL]).pools[0]
    pools = {p.task_id: p for p in costed_pool(loaded.pool)}
    first = pools[f"{BENCHMARK}:HumanEval/0"].candidates[0]
    assert first.gen_s == pytest.approx(REPAIR_S)  # a one-sample call, as the repair calls measured
    assert first.repairs[0].gen_s == pytest.approx(REPAIR_S) and first.exec_s == pytest.approx(PUBLIC_S)


def test_one_by_one_policy_on_the_stored_pool_matches_the_hand_computed_expectation(store):
    found = collect(store, [POOL])
    results = {a.name: a for a in evaluate_adaptive(found.pools, found.table.task_ids)}
    assert set(results) == {"adaptive escalate", "adaptive one-by-one"}
    one = results["adaptive one-by-one"]
    assert one.policy == "S+2>R1" and one.exact
    # Task 0: either order ends at candidate 1's public pass (hidden pass). Task 1: candidate 0 passes public,
    # fails hidden; candidate 1 does not parse. Both modes: 1 on task 0, 0 on task 1.
    assert one.honest.success.tolist() == [1.0, 0.0] and one.oracle.success.tolist() == [1.0, 0.0]
    # Task 0: c1 first 4 + 0.25, c0 first 4 + 0.25 + 4 + 0.25. Task 1: c0 first 4 + 0.25, c1 first 4 + 0 + 4 + 0.25.
    assert one.honest.wall_s.tolist() == pytest.approx([6.375, 6.25])
    assert one.honest.calls.tolist() == pytest.approx([1.5, 1.5])
    assert one.outcomes(SelectionMode.ORACLE).selection is SelectionMode.ORACLE
    assert one.honest.config.params and dict(one.honest.config.params)["sampling"] == "one-by-one"
