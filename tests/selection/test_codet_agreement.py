"""CodeT dual agreement, public-then-codet and the S*-style duel on hand-made candidates, picks worked out by hand."""

from __future__ import annotations

import dataclasses

import pytest
from selection_builders import RUN_S, candidates, pool, version

from codebudget.candidates import TOKEN_SHARE, Behaviour, Checks, Evidence
from codebudget.replay import ReplayConfig, replay
from codebudget.selection import get_policy, needing
from codebudget.selection.agreement import consensus_sets

GEN_S = 3.0  # the task's test-generation time
CHECK_S = 0.1  # sandbox time of one version's generated tests
T, F = True, False


def checked(v, *passed: bool, generation_s: float = GEN_S):
    """``v`` with its results on the generated tests."""
    return dataclasses.replace(v, checks=Checks(tuple(passed), CHECK_S, generation_s))


def pick(policy: str, *versions) -> int:
    return get_policy(policy).select(candidates(*versions)).position


def cost(policy: str, *versions) -> float:
    return get_policy(policy).extra_s(candidates(*versions))


# c0 passes 2 of 4 tests alone, c1 and c2 agree on 3, c3 passes all 4 alone; c4 does not parse.
AGREEMENT = (checked(version("ph", logprob=-0.1), T, T, F, F), checked(version("pH", logprob=-0.9), T, F, T, T),
             checked(version("pH", logprob=-0.5), T, F, T, T), checked(version("ph", logprob=-2.0), T, T, T, T),
             version("x", logprob=0.0))


def test_the_generated_test_policies_are_registered_honest_and_compare_everyone():
    generated = needing(Evidence.GENERATED_TESTS)
    assert generated == ("codet", "public-then-codet", "s-star")
    for name in generated:
        policy = get_policy(name)
        assert not policy.uses_hidden and not policy.early_stop and Evidence.GENERATED_TESTS in policy.needs
    assert [Evidence.BEHAVIOUR in get_policy(n).needs for n in generated] == [False, False, True]


def test_codet_scores_consensus_sets_by_members_times_tests():
    sets = consensus_sets(candidates(*AGREEMENT), range(5))
    assert [(s.members, s.score) for s in sets] == [((1, 2), 6), ((3,), 4), ((0,), 2)]  # 2×3, 1×4, 1×2
    assert pick("codet", *AGREEMENT) == 2  # the likelier of the agreeing pair
    assert pick("logprob", *AGREEMENT) == 0
    # generation once, and the tests run on the four parsing versions
    assert cost("codet", *AGREEMENT) == pytest.approx(GEN_S + 4 * CHECK_S)


def test_codet_ties_between_sets_go_to_log_probability():
    # {c0}: 1×2 = 2 and {c1, c2}: 2×1 = 2 tie; c1 is the likeliest of the three
    versions = (checked(version("ph", logprob=-0.5), T, T), checked(version("pH", logprob=-0.2), T, F),
                checked(version("pH", logprob=-0.9), T, F))
    assert pick("codet", *versions) == 1
    # a set that passes nothing scores 0 however large: c2 alone passing one test wins
    versions = (checked(version("ph", logprob=-0.1), F, F), checked(version("ph", logprob=-0.2), F, F),
                checked(version("pH", logprob=-0.9), T, F))
    assert pick("codet", *versions) == 2


def test_codet_without_something_to_compare_ranks_like_logprob():
    # nothing passes anything: every set scores 0, the likeliest parsing version wins (the generation still cost)
    failing = (checked(version("ph", logprob=-0.9), F, F), checked(version("pH", logprob=-0.3), F, F))
    assert pick("codet", *failing) == 1 and cost("codet", *failing) == pytest.approx(GEN_S + 2 * CHECK_S)
    # the model wrote no usable test: no information, but its time was spent
    empty = (checked(version("ph", logprob=-0.9)), checked(version("pH", logprob=-0.3)))
    assert pick("codet", *empty) == 1 and cost("codet", *empty) == pytest.approx(GEN_S + 2 * CHECK_S)
    # one version with results is no comparison: nothing to run, nothing to generate
    lonely = (checked(version("ph", logprob=-0.9), T), version("pH", logprob=-0.3), version("x", logprob=0.0))
    assert pick("codet", *lonely) == 1 and cost("codet", *lonely) == 0.0
    # no results attached at all (a live run): like logprob, free
    plain = (version("x", logprob=-0.01), version("ph", logprob=-0.5), version("pH", logprob=-0.7))
    assert pick("codet", *plain) == pick("logprob", *plain) == 1 and cost("codet", *plain) == 0.0


def test_public_then_codet_agrees_among_the_best_public_scores():
    # c3 passes every generated test but fails the public tests; among the public passes c1, c2 agree (2×2)
    versions = (checked(version("Ph", logprob=-0.1), T, F, F), checked(version("PH", logprob=-0.8), F, T, T),
                checked(version("PH", logprob=-0.6), F, T, T), checked(version("ph", 2, logprob=0.0), T, T, T))
    assert pick("public-then-codet", *versions) == 2
    assert pick("codet", *versions) == 2  # {c1, c2} 2×2 = 4 beats {c3} 1×3
    assert cost("public-then-codet", *versions) == pytest.approx(GEN_S + 3 * CHECK_S)
    # one best public score: no agreement needed, nothing generated
    single = (checked(version("PH", logprob=-2.0), F), checked(version("ph", 2, logprob=0.0), T))
    assert pick("public-then-codet", *single) == 0 and cost("public-then-codet", *single) == 0.0


A, B = ("=1", "=2"), ("=1", "=3")


def voting(spec: str, logprob: float, outputs, *passed: bool, generation_s: float = GEN_S):
    return checked(version(spec, logprob=logprob, outputs=outputs), *passed, generation_s=generation_s)


def test_s_star_lets_the_distinguishing_tests_overturn_the_vote():
    # clusters {c0, c1} (A) and {c2} (B); finalists c1 (likelier of A) and c2. On the tests where they
    # differ (the 2nd and 3rd), c2 agrees with both expected values, c1 with none: c2 wins.
    versions = (voting("ph", -0.9, A, T, F, F), voting("ph", -0.2, A, T, F, F), voting("pH", -0.5, B, T, T, T))
    assert pick("s-star", *versions) == 2
    assert pick("behaviour-vote", *versions) == 1
    # the vote ran all three; the tests ran on the two finalists; generation once
    assert cost("s-star", *versions) == pytest.approx(3 * RUN_S + 2 * CHECK_S + GEN_S)


def test_s_star_keeps_the_vote_on_a_draw_or_without_a_second_cluster():
    # they differ on two tests, one each: a draw keeps the larger cluster's c1
    draw = (voting("ph", -0.9, A, T, F), voting("pH", -0.2, A, T, F), voting("ph", -0.5, B, F, T))
    assert pick("s-star", *draw) == 1
    # everyone agrees: one cluster, no duel, no tests to generate or run
    agreed = (voting("ph", -0.9, A, T), voting("pH", -0.2, A, F))
    assert pick("s-star", *agreed) == 1 and cost("s-star", *agreed) == pytest.approx(2 * RUN_S)
    # no generated-test results: the behaviour vote's pick
    bare = (version("ph", logprob=-0.9, outputs=A), version("ph", logprob=-0.2, outputs=A),
            version("pH", logprob=-0.5, outputs=B))
    assert pick("s-star", *bare) == pick("behaviour-vote", *bare) == 1


def test_s_star_counts_generation_once_when_the_inputs_came_from_the_model_too():
    generated = Behaviour(A, RUN_S, generation_s=GEN_S)
    versions = (voting("ph", -0.9, A, T, F, F), voting("ph", -0.2, A, T, F, F), voting("pH", -0.5, B, T, T, T))
    versions = tuple(dataclasses.replace(v, behaviour=dataclasses.replace(generated, outputs=v.behaviour.outputs))
                     for v in versions)
    assert cost("s-star", *versions) == pytest.approx(3 * RUN_S + 2 * CHECK_S + GEN_S)
    # the vote alone also pays for the generated inputs, once
    assert cost("behaviour-vote", *versions) == pytest.approx(3 * RUN_S + GEN_S)


# c0 is the likeliest and fails hidden; c1 and c2 pass hidden and agree on the generated tests.
CODET_POOL = pool((checked(version("ph", logprob=-0.1), T, F),), (checked(version("pH", logprob=-0.9), T, T),),
                  (checked(version("pH", logprob=-0.5), T, T),))


@pytest.mark.parametrize(("n", "codet", "likeliest", "extra"), [
    (1, 2 / 3, 2 / 3, 0.0),  # alone, each candidate is the pick (hidden 0, 1, 1); nothing generated
    (2, 1.0, 1 / 3, GEN_S + 2 * CHECK_S),  # {0,1}: 1×1 vs 1×2 -> c1; {0,2} -> c2; {1,2} agree -> c2
    (3, 1.0, 0.0, GEN_S + 3 * CHECK_S),  # {c1, c2} 2×2 beats {c0} 1×1; logprob takes c0
])
def test_replayed_codet_pass_rates_and_extra_time_by_hand(n, codet, likeliest, extra):
    result = replay(CODET_POOL, ReplayConfig(n, 0), ("codet", "logprob"), cost=TOKEN_SHARE)
    assert result.figure("codet").pass_rate == pytest.approx(codet)
    assert result.figure("logprob").pass_rate == pytest.approx(likeliest)
    assert result.tasks[0].figure("codet").extra_s == pytest.approx(extra)
