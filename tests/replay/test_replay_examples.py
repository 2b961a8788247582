"""Tiny pools whose answers are computed by hand in the comments."""

from __future__ import annotations

import dataclasses

import pytest
from pool_builders import HIDDEN_S, REPAIR_S, TEST_S, TOKENS, pool, task, version

from codebudget.candidates import TOKEN_SHARE, SamplingTime
from codebudget.replay import ReplayConfig, ReplayOptions, prefix_run, replay

# c0 fails everything, c1 passes everything, c2 passes public but not hidden.
THREE = task(("ph",), ("PH",), ("Ph",))


def figures(p, n, k, policies=("public-tests", "oracle", "first"), **options):
    return replay(p, ReplayConfig(n, k), policies, cost=TOKEN_SHARE, options=ReplayOptions(**options))


def test_quality_by_hand_without_repairs():
    # N=1: each candidate alone: hidden passes 0, 1, 0.
    assert figures(pool(THREE), 1, 0).honest.pass_rate == pytest.approx(1 / 3)
    # N=2: {0,1} -> c1 (H), {0,2} -> c2 (h), {1,2} -> c1 (H): honest 2/3; the oracle also finds c1 twice.
    two = figures(pool(THREE), 2, 0)
    assert two.honest.pass_rate == pytest.approx(2 / 3)
    assert two.oracle.pass_rate == pytest.approx(2 / 3)
    assert two.honest.public_pass_rate == pytest.approx(1.0)  # every pair holds a public pass
    # N=3: the first public pass is c1.
    assert figures(pool(THREE), 3, 0).honest.pass_rate == 1.0


def test_time_by_hand_with_early_stop():
    # Sampling: 1 s per sample (equal tokens). N=2 honest: {0,1} and {0,2} test two candidates,
    # {1,2} stops after c1: mean 5/3 tests. The oracle tests both every time.
    two = figures(pool(THREE), 2, 0)
    assert two.honest.sample_s == pytest.approx(2.0)
    assert two.honest.test_s == pytest.approx(5 / 3 * TEST_S)
    assert two.honest.wall_s == pytest.approx(2.0 + 5 / 3 * TEST_S)
    assert two.oracle.wall_s == pytest.approx(2.0 + 2 * TEST_S)
    assert two.honest.grade_s == pytest.approx(HIDDEN_S)
    assert two.honest.model_calls == 1.0 and two.honest.tokens == 2 * TOKENS


# c0: r0 fails all, r1 passes hidden only, r2 passes public only. c1: r1 passes everything.
REPAIRS = task(("ph", "pH", "Ph"), ("ph", "PH"))


def test_repairs_by_hand():
    # K=0: nothing passes public, both pass 0 tests: tie -> c0 r0, which fails.
    assert figures(pool(REPAIRS), 2, 0).honest.pass_rate == 0.0
    # K=1: c0 r0, c1 r0 fail; c0 r1 fails public (K exhausted); c1 r1 passes -> picked, passes hidden.
    one = figures(pool(REPAIRS), 2, 1)
    assert one.honest.pass_rate == 1.0 and one.oracle.pass_rate == 1.0
    assert one.honest.wall_s == pytest.approx(2.0 + 4 * TEST_S + 2 * REPAIR_S)
    assert one.honest.model_calls == 3.0 and one.honest.tokens == 4 * TOKENS
    # K=2: c0 r2 passes public first and stops the run, but fails hidden: the repair hurt.
    two = figures(pool(REPAIRS), 2, 2)
    assert two.honest.pass_rate == 0.0
    assert two.oracle.pass_rate == 1.0  # c0 r1 passed hidden
    assert two.honest.wall_s == pytest.approx(2.0 + 4 * TEST_S + 2 * REPAIR_S)
    # oracle does all the work: c0 to r2, then c1 to r1.
    assert two.oracle.wall_s == pytest.approx(2.0 + 5 * TEST_S + 3 * REPAIR_S)
    # N=1, K=2: alone c0 ends on r2 (h), c1 on r1 (H).
    single = figures(pool(REPAIRS), 1, 2)
    assert single.honest.pass_rate == 0.5 and single.oracle.pass_rate == 1.0
    assert single.figure("first").pass_rate == 0.5


def test_a_greedy_repair_asked_twice_in_one_run_costs_one_call():
    # c0 and c1 fail alike and ask for the same greedy repair "r", which fails public but passes hidden.
    twin = dataclasses.replace(version("pH"), repair_prompt="r")
    alike = task(("ph", twin), ("ph", twin))
    # N=2, K=1: four versions tested, one repair call (the twin reuses its answer: no time, tokens or call).
    both = figures(pool(alike), 2, 1)
    assert both.oracle.wall_s == pytest.approx(2.0 + 4 * TEST_S + REPAIR_S)
    assert both.oracle.model_calls == 2.0 and both.oracle.tokens == 3 * TOKENS
    # N=1: each candidate alone makes the call itself.
    alone = figures(pool(alike), 1, 1)
    assert alone.oracle.wall_s == pytest.approx(1.0 + 2 * TEST_S + REPAIR_S)
    assert alone.oracle.model_calls == 2.0


def test_most_public_tests_passed_wins_when_none_passes():
    # c1 and c2 pass 3 of 4 public tests, c0 passes 1: tie goes to c1, which passes hidden.
    p = pool(task((version("ph", passed=1),), (version("pH", passed=3),), (version("ph", passed=3),)))
    assert figures(p, 3, 0).honest.pass_rate == 1.0
    # Without c1, the pick is c2 (3 passed), failing hidden; the oracle has nothing either.
    q = pool(task((version("pH", passed=1),), (version("ph", passed=3),)))
    assert figures(q, 2, 0).honest.pass_rate == 0.0
    assert figures(q, 2, 0).oracle.pass_rate == 1.0


def test_syntax_errors_fail_without_test_time_and_get_repaired():
    p = pool(task(("x", "PH"), ("PH",)))
    # N=2, K=1: c0 fails syntax (no test time), c1 passes public -> stop; pick c1.
    run = figures(p, 2, 1)
    assert run.honest.pass_rate == 1.0
    assert run.honest.test_s == pytest.approx(TEST_S)
    # N=1: c0 is repaired once and passes.
    alone = figures(p, 1, 1)
    assert alone.honest.pass_rate == 1.0
    assert alone.honest.repair_s == pytest.approx(REPAIR_S / 2)  # only the draw {c0} repairs


def test_pool_averages_over_tasks():
    p = pool(THREE, task(("ph",), ("ph",), ("ph",), task_id="T/1"))
    result = figures(p, 3, 0)
    assert [t.task_id for t in result.tasks] == ["T/0", "T/1"]
    assert result.honest.pass_rate == 0.5
    assert result.exact and result.tasks[0].draws == 1


def test_first_policy_is_a_mean_over_candidates_when_symmetric():
    # Only c0 passes. In sample order the first of a pair is c0, c0, c1 ({0,1}, {0,2}, {1,2}): 2/3.
    # Over all six orderings the first is each candidate equally often: 1/3, the plain mean.
    p = pool(task(("PH",), ("ph",), ("ph",)))
    assert figures(p, 2, 0).figure("first").pass_rate == pytest.approx(2 / 3)
    assert figures(p, 2, 0, symmetric=True).figure("first").pass_rate == pytest.approx(1 / 3)


def test_too_many_draws_fall_back_to_a_seeded_sample():
    p = pool(task(*[("ph",) if i % 2 else ("PH",) for i in range(8)]))
    sampled = figures(p, 4, 0, max_draws=20, seed=3)
    assert not sampled.exact and sampled.tasks[0].draws == 20
    assert sampled == figures(p, 4, 0, max_draws=20, seed=3)


def test_prefix_run_is_the_live_run_on_the_first_samples():
    sampling = SamplingTime.for_task(THREE, TOKEN_SHARE)
    result = prefix_run(THREE, ReplayConfig(2, 0), "public-tests", sampling)
    assert result.sample_indices == (0, 1) and result.hidden_passed
    assert result.wall_s == pytest.approx(2.0 + 2 * TEST_S)


def test_impossible_configurations_are_refused():
    with pytest.raises(ValueError, match="n=4"):
        figures(pool(THREE), 4, 0)
    with pytest.raises(ValueError, match="k_max"):
        figures(pool(THREE, k_max=1), 1, 2)
    with pytest.raises(KeyError, match="unknown selection policy"):
        figures(pool(THREE), 1, 0, policies=("telepathy",))
