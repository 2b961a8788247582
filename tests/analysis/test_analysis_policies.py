"""Adaptive and fixed policies evaluated on candidate pools, against hand-enumerated orderings."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from analysis_factories import HONEST, ORACLE, cand
from hypothesis import given, settings
from hypothesis import strategies as st

from codebudget.analysis import (
    Episode,
    OutcomeTable,
    PoolTooShallow,
    PoolTooSmall,
    RepairStep,
    SampleStep,
    Schedule,
    escalating_schedule,
    evaluate_schedule,
    fixed_schedule,
    pareto_front,
    points,
)
from codebudget.candidates import CostedPool

# One task, three samples (public passed/total, hidden, gen s, exec s, tokens):
#   a: 2/2, hidden pass, 2 s, 1 s, 10 tokens
#   b: 0/2, hidden fail, 4 s, 1 s, 20 tokens; its repair b1: 2/2, hidden pass, 3 s, 1 s, 5 tokens
#   c: 1/2, hidden pass, 3 s, 1 s, 15 tokens; its repair c1: 1/2, hidden fail, 1 s, 1 s, 5 tokens
B1 = cand(2, 2, True, 3, 1, 5)
C1 = cand(1, 2, False, 1, 1, 5)
A = cand(2, 2, True, 2, 1, 10)
B = cand(0, 2, False, 4, 1, 20, [B1])
C = cand(1, 2, True, 3, 1, 15, [C1])
POOL = CostedPool("task", (A, B, C))


def test_escalating_policy_hand_enumerated():
    # SampleStep 1; if it fails, sample 1 more; if both fail, repair the best one once when it
    # passes >= half the public tests. Six orderings, each 1/6:
    #   a..  : a passes at once                       3 s, 1 call, 10 tok, honest 1, oracle 1  (x2)
    #   b a  : b fails (5 s), a passes (3 s)          8 s, 2 calls, 30 tok, honest 1, oracle 1
    #   c a  : c fails (4 s), a passes (3 s)          7 s, 2 calls, 25 tok, honest 1, oracle 1
    #   b c  : both fail; repair c (1/2 >= 1/2; b has 0/2) -> c1 fails (2 s): 11 s, 3 calls,
    #          40 tok; honest picks latest with most public tests = c1 (hidden fail) -> 0;
    #          oracle: c itself passed the hidden tests -> 1
    #   c b  : the same as b c                        11 s, 3 calls, 40 tok, honest 0, oracle 1
    # Honest 4/6, oracle 1, time 43/6, calls 12/6, tokens 155/6.
    policy = escalating_schedule(first=1, more=1, rounds=1, min_public_fraction=0.5, width=1)
    result = evaluate_schedule(policy, [POOL])
    honest, oracle = result.outcomes(HONEST), result.outcomes(ORACLE)
    assert result.exact and honest.selection is HONEST and oracle.selection is ORACLE
    assert honest.success.tolist() == pytest.approx([4 / 6])
    assert oracle.success.tolist() == pytest.approx([1.0])
    assert honest.wall_s.tolist() == pytest.approx([43 / 6])
    assert honest.calls.tolist() == pytest.approx([2.0])
    assert honest.tokens.tolist() == pytest.approx([155 / 6])
    assert policy.name == "S1>S+1>R1@0.5x1"


def test_fixed_policy_hand_enumerated():
    # N=2 in one call, tested in order with early stop, then one repair of each failing
    # sample in sample order. Ordered pairs, each 1/6:
    #   a b: gen 6, test a 1                                    7 s, 1 call, 30 tok, honest 1
    #   a c: gen 5, test a 1                                    6 s, 1 call, 25 tok, honest 1
    #   b a: gen 6, test b 1, test a 1                          8 s, 1 call, 30 tok, honest 1
    #   c a: gen 5, test c 1, test a 1                          7 s, 1 call, 25 tok, honest 1
    #   b c: gen 7, tests 2, repair b -> b1 passes (4 s)       13 s, 2 calls, 40 tok, honest 1
    #   c b: gen 7, tests 2, repair c -> c1 fails (2 s),
    #        repair b -> b1 passes (4 s)                       15 s, 3 calls, 45 tok, honest 1
    # Honest 1, time 56/6, calls 9/6, tokens 195/6.
    result = evaluate_schedule(fixed_schedule(2, 1), [POOL]).honest
    assert result.success.tolist() == pytest.approx([1.0])
    assert result.wall_s.tolist() == pytest.approx([56 / 6])
    assert result.calls.tolist() == pytest.approx([1.5])
    assert result.tokens.tolist() == pytest.approx([32.5])


def test_untested_batch_members_cost_their_generation():
    # N=3 batch over the pool (a, b, c) is the whole pool: generation is always 2 + 4 + 3 = 9 s
    # and 45 tokens whichever samples get tested. Tests: a first (2 orders of 6): 1 s;
    # b a / c a: 2 s; b c a / c b a: 3 s -> mean test time (2*1 + 2*2 + 2*3) / 6 = 2 s.
    result = evaluate_schedule(Schedule((SampleStep(3, batched=True),)), [POOL]).honest
    assert result.wall_s.tolist() == pytest.approx([11.0])
    assert result.tokens.tolist() == pytest.approx([45.0])


def test_a_pool_too_small_or_too_shallow_is_an_error():
    failing = CostedPool("hard", (cand(0, 1, False), cand(0, 1, False)))
    with pytest.raises(PoolTooSmall, match="hard"):
        evaluate_schedule(Schedule((SampleStep(3),)), [failing])
    with pytest.raises(PoolTooShallow):
        evaluate_schedule(Schedule((SampleStep(1), RepairStep(1))), [failing])


def test_monte_carlo_fallback_is_flagged_and_close():
    pool = CostedPool("t", tuple(cand(i % 3, 2, i % 2 == 0, gen=1 + i) for i in range(8)))
    policy = escalating_schedule(first=1, more=3, rounds=0)
    exact = evaluate_schedule(policy, [pool])
    sampled = evaluate_schedule(policy, [pool], node_limit=2, orderings=4000, seed=3)
    assert exact.exact and sampled.inexact == ("t",)
    assert sampled.honest.success[0] == pytest.approx(exact.honest.success[0], abs=0.03)
    assert sampled.honest.wall_s[0] == pytest.approx(exact.honest.wall_s[0], rel=0.03)


def test_policies_land_on_the_pareto_plot_with_fixed_configurations():
    pools = [POOL, CostedPool("other", (B, C, A))]
    policies = (fixed_schedule(1, 0), fixed_schedule(3, 0), escalating_schedule(more=2))
    evaluated = [evaluate_schedule(p, pools).honest for p in policies]
    front = pareto_front(points(OutcomeTable(tuple(evaluated))))
    assert front and all(p.selection is HONEST for p in front)
    assert {p.name for p in front} <= {"fixed N=1 K=0", "fixed N=3 K=0", "S1>S+2>R1@0.5x1"}


class Ordering:
    """The plain semantics: sample i of the run is candidate i of the ordering."""

    def __init__(self, ordering):
        self.ordering, self.size, self.revealed = ordering, len(ordering), 0

    def reveal(self):
        self.revealed += 1
        return self.ordering[self.revealed - 1]

    def unrevealed_cost(self, count):
        rest = self.ordering[self.revealed : self.revealed + count]
        return sum(c.gen_s for c in rest), sum(c.tokens for c in rest)


def brute_force(policy, pool):
    """Average over every ordering of the actual candidates (no class merging)."""
    totals = np.zeros(5)
    orderings = list(itertools.permutations(pool.candidates))
    for ordering in orderings:
        episode = Episode(Ordering(ordering))
        policy.run(episode)
        r = episode.result()
        totals += [r.honest, r.oracle, r.wall_s, r.tokens, r.calls]
    return totals / len(orderings)


def candidates(depth: int):
    leaf = st.builds(
        cand,
        st.integers(0, 2),
        st.just(2),
        st.booleans(),
        st.sampled_from([1.0, 2.0, 5.0]),
        st.sampled_from([0.5, 1.0]),
        st.integers(0, 9),
    )
    if depth == 0:
        return leaf
    chain = st.lists(leaf, min_size=depth, max_size=depth)
    return st.builds(
        lambda c, repairs: cand(c.public_passed, 2, c.hidden_passed, c.gen_s, c.exec_s, c.tokens, repairs),
        leaf,
        chain,
    )


policies = st.sampled_from(
    [
        fixed_schedule(2, 1),
        fixed_schedule(3, 2),
        escalating_schedule(first=1, more=2, rounds=2, min_public_fraction=0.5, width=1),
        Schedule((SampleStep(2), RepairStep(1, width=2), SampleStep(1))),
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(candidates(2), min_size=3, max_size=5), policies)
def test_class_merged_tree_equals_brute_force_over_orderings(pool_candidates, policy):
    # Candidates share test results often (few distinct values) while their costs differ,
    # so the class means of the evaluator are exercised against plain enumeration.
    pool = CostedPool("t", tuple(pool_candidates))
    result = evaluate_schedule(policy, [pool])
    honest, oracle = result.honest, result.oracle
    expected = brute_force(policy, pool)
    got = [honest.success[0], oracle.success[0], honest.wall_s[0], honest.tokens[0], honest.calls[0]]
    np.testing.assert_allclose(got, expected, atol=1e-9)
