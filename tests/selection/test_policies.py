"""Every selection policy on hand-made candidates, with the expected pick worked out in the comments."""

from __future__ import annotations

import pytest
from selection_builders import RUN_S, candidates, pool, version

from codebudget.candidates import TOKEN_SHARE, run
from codebudget.replay import ReplayConfig, replay
from codebudget.selection import POLICIES, get_policy

A, B = ("=1", "=2"), ("=1", "=3")  # two behaviours on two shared inputs
CRASH = ("!raise NameError", "!raise NameError")


def pick(policy: str, *versions) -> int:
    return get_policy(policy).select(candidates(*versions)).position


def test_every_policy_is_registered_with_its_flags():
    honest = ("first", "public-tests", "public-count", "logprob", "behaviour-vote", "public-then-vote")
    assert set(honest) | {"oracle"} <= set(POLICIES)
    assert not any(get_policy(name).uses_hidden for name in honest)
    assert get_policy("oracle").uses_hidden
    # only public-tests stops at the first pass; the others compare every candidate
    assert [get_policy(name).early_stop for name in honest] == [False, True, False, False, False, False]
    with pytest.raises(KeyError, match="unknown selection policy"):
        get_policy("majority")


def test_public_count_most_passed_then_logprob_then_order():
    # c1 and c2 pass 2 of 3; c2 has the higher log-probability; c0 is likelier but passes 1.
    assert pick("public-count", version("ph", 1, -0.1), version("ph", 2, -0.9), version("pH", 2, -0.5), version("x")) == 2
    # a full pass beats more likely partial ones; among passes the likelier one (public-tests takes the first)
    versions = (version("ph", 2, -0.01), version("Ph", logprob=-2.0), version("PH", logprob=-1.0))
    assert pick("public-count", *versions) == 2
    assert pick("public-tests", *versions) == 1
    # equal log-probabilities: sample order; a missing log-probability ranks last
    assert pick("public-count", version("PH", logprob=-1.0), version("Ph", logprob=-1.0)) == 0
    assert pick("public-count", version("Ph", logprob=None), version("PH", logprob=-5.0)) == 1


def test_public_count_with_no_public_tests_prefers_code_that_runs():
    # zero tests: a version that runs "passes" with 0 passed; a syntax error fails with 0 passed
    assert pick("public-count", version("x", 0, -0.1), version("PH", 0, -3.0)) == 1


def test_logprob_ranks_parsing_versions_without_tests():
    # c0 is likeliest but does not parse; c1 beats c2 on log-probability although c2 passes
    assert pick("logprob", version("x", logprob=-0.01), version("ph", logprob=-0.5), version("PH", logprob=-0.7)) == 1
    # nothing parses: the likeliest of all
    assert pick("logprob", version("x", logprob=-3.0), version("x", logprob=-2.0)) == 1


def test_behaviour_vote_picks_the_likeliest_member_of_the_largest_cluster():
    # clusters {c0} (A) and {c1, c2} (B); c3 cannot run. c2 is the likelier of the pair.
    versions = (version("ph", logprob=-0.1, outputs=A), version("ph", logprob=-0.9, outputs=B),
                version("pH", logprob=-0.5, outputs=B), version("x", logprob=0.0))
    assert pick("behaviour-vote", *versions) == 2
    assert get_policy("behaviour-vote").extra_s(candidates(*versions)) == pytest.approx(3 * RUN_S)


def test_behaviour_vote_ranks_clusters_that_only_fail_last():
    # two versions that crash identically lose to one that returns values
    assert pick("behaviour-vote", version("ph", logprob=0.0, outputs=CRASH), version("ph", logprob=0.0, outputs=CRASH),
                version("pH", logprob=-3.0, outputs=A)) == 2


def test_behaviour_vote_tied_clusters_go_to_log_probability():
    assert pick("behaviour-vote", version("ph", logprob=-0.8, outputs=("=1",)), version("pH", logprob=-0.2, outputs=("=2",))) == 1


def test_without_behaviours_voting_ranks_like_logprob_and_costs_nothing():
    versions = (version("x", logprob=-0.01), version("ph", logprob=-0.5), version("pH", logprob=-0.9))
    assert pick("behaviour-vote", *versions) == pick("logprob", *versions) == 1
    # one voter is no vote: nothing to run, the likeliest parsing version wins
    lonely = (version("ph", logprob=-0.9, outputs=A), version("pH", logprob=-0.1))
    assert pick("behaviour-vote", *lonely) == 1
    assert get_policy("behaviour-vote").extra_s(candidates(*lonely)) == 0.0


def test_public_then_vote_votes_among_the_best_public_scores():
    # top public: c0, c1, c2 (all pass); among them {c1, c2} agree -> c2 (likelier).
    # behaviour-vote alone joins c3 (fails public, likeliest) to that cluster and picks it;
    # public-count picks c0, the likeliest full pass.
    versions = (version("Ph", logprob=-0.1, outputs=A), version("PH", logprob=-0.9, outputs=B),
                version("PH", logprob=-0.5, outputs=B), version("ph", 2, logprob=0.0, outputs=B))
    assert pick("public-then-vote", *versions) == 2
    assert pick("behaviour-vote", *versions) == 3
    assert pick("public-count", *versions) == 0
    assert get_policy("public-then-vote").extra_s(candidates(*versions)) == pytest.approx(3 * RUN_S)
    assert get_policy("behaviour-vote").extra_s(candidates(*versions)) == pytest.approx(4 * RUN_S)
    # one best candidate needs no vote
    single = (version("PH", logprob=-2.0, outputs=A), version("ph", 2, logprob=0.0, outputs=B))
    assert pick("public-then-vote", *single) == 0
    assert get_policy("public-then-vote").extra_s(candidates(*single)) == 0.0


def test_policies_without_executions_cost_nothing():
    versions = (version("ph", outputs=A), version("PH", outputs=B))
    for name in ("first", "public-tests", "public-count", "logprob", "oracle"):
        assert get_policy(name).extra_s(candidates(*versions)) == 0.0


# c0 (A, likeliest, fails hidden); c1 and c2 agree (B) and pass hidden.
VOTE_POOL = pool((version("ph", logprob=-0.1, outputs=A),), (version("pH", logprob=-0.9, outputs=B),),
                 (version("pH", logprob=-0.5, outputs=B),))


@pytest.mark.parametrize(("n", "vote", "likeliest", "extra"), [
    (1, 2 / 3, 2 / 3, 0.0),  # alone, each candidate is its own pick: hidden 0, 1, 1; no vote to run
    (2, 1 / 3, 1 / 3, 2 * RUN_S),  # {0,1} and {0,2}: tied clusters -> c0 (fails); {1,2} agree -> c2 (passes)
    (3, 1.0, 0.0, 3 * RUN_S),  # {1,2} outvote c0 -> c2; logprob takes c0
])
def test_replayed_pass_rates_and_extra_time_by_hand(n, vote, likeliest, extra):
    result = replay(VOTE_POOL, ReplayConfig(n, 0), ("behaviour-vote", "logprob"), cost=TOKEN_SHARE)
    assert result.figure("behaviour-vote").pass_rate == pytest.approx(vote)
    assert result.figure("logprob").pass_rate == pytest.approx(likeliest)
    (task,) = result.tasks
    assert task.figure("behaviour-vote").extra_s == pytest.approx(extra)
    assert task.figure("logprob").extra_s == 0.0


def test_voting_with_repairs_uses_each_final_version():
    # c0's repair (round 1) changes its behaviour to B and joins c1: the vote picks c0's final round.
    chains = ((version("ph", logprob=-0.1, outputs=A), version("pH", logprob=-0.2, outputs=B)),
              (version("pH", logprob=-0.9, outputs=B),))
    p = pool(*chains)
    chosen = run(p.tasks[0].chains, 1, get_policy("behaviour-vote"))
    assert (chosen.pick.position, chosen.pick.round, chosen.hidden_passed) == (0, 1, True)
    # with K=0 the final versions are A and B, tied: c0 (likelier) round 0, which fails
    chosen = run(p.tasks[0].chains, 0, get_policy("behaviour-vote"))
    assert (chosen.pick.position, chosen.pick.round, chosen.hidden_passed) == (0, 0, False)
