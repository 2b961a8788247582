"""The exact MCKP solver and budget plans built on it."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from analysis_factories import HONEST, table
from analysis_paper_tables import paper_table
from hypothesis import given, settings
from hypothesis import strategies as st

from codebudget.analysis import (
    KnapsackTooLarge,
    PairedBootstrap,
    best_under_budget,
    hindsight_bound,
    plan_budget,
    solve_mckp,
)
from codebudget.analysis.budget import within_budget
from codebudget.analysis.knapsack import round_up


def test_hand_example():
    # Group 1: A (value 1, weight 1), B (3, 4). Group 2: C (2, 2), D (4.5, 5).
    # Capacity 6: A+C = 3 @ 3, A+D = 5.5 @ 6, B+C = 5 @ 6, B+D = 7.5 @ 9 (too heavy) -> A+D.
    values, weights = [[1, 3], [2, 4.5]], [[1, 4], [2, 5]]
    solution = solve_mckp(values, weights, 6)
    assert (solution.choice, solution.value, solution.weight) == ((0, 1), 5.5, 6.0)
    # Capacity 5: only A+C fits.
    assert solve_mckp(values, weights, 5).choice == (0, 0)
    # Capacity 2: even A+C (weight 3) is too heavy.
    assert solve_mckp(values, weights, 2) is None


def test_among_optimal_plans_the_lightest_is_returned():
    # Both items give value 1; the solver must return the lighter (weight 2).
    solution = solve_mckp([[1, 1]], [[3, 2]], 10)
    assert (solution.choice, solution.weight) == ((1,), 2.0)


def test_resolution_rounds_weights_up_and_stays_feasible():
    # Two groups, items A (value 1, weight 1.2) and B (2, 2.6); capacity 4.
    # Exact: A+B = 3 @ 3.8 (B+B = 5.2 is too heavy).
    # Resolution 1: weights become 2 and 3; A+B = 5 > 4, only A+A = 2 @ 2.4 (4 as solved).
    values, weights = [[1, 2]] * 2, [[1.2, 2.6]] * 2
    exact = solve_mckp(values, weights, 4)
    coarse = solve_mckp(values, weights, 4, resolution=1.0)
    assert (exact.value, exact.weight) == (3.0, pytest.approx(3.8))
    assert (coarse.value, coarse.weight, coarse.solved_weight) == (2.0, pytest.approx(2.4), 4.0)
    assert round_up(np.array([2.0, 2.0000000001, 2.1]), 1.0).tolist() == [2.0, 2.0, 3.0]


def test_state_guard():
    # Weights 1, 2, 4, ... and values equal to them: every subset sum is a distinct Pareto state.
    values = [[0, 2**g] for g in range(8)]
    with pytest.raises(KnapsackTooLarge):
        solve_mckp(values, values, 1000, max_states=10)
    assert solve_mckp(values, values, 1000).value == 255


def brute_force(values, weights, capacity):
    best = None
    for choice in itertools.product(*[range(len(v)) for v in values]):
        weight = sum(weights[g][i] for g, i in enumerate(choice))
        value = sum(values[g][i] for g, i in enumerate(choice))
        if within_budget(weight, capacity) and (best is None or value > best):
            best = value
    return best


instances = st.integers(1, 4).flatmap(
    lambda groups: st.tuples(
        st.lists(
            st.lists(st.tuples(st.integers(0, 8), st.floats(0, 10, allow_nan=False)), min_size=1, max_size=4),
            min_size=groups,
            max_size=groups,
        ),
        st.floats(0, 30),
    )
)


@settings(max_examples=300, deadline=None)
@given(instances, st.sampled_from([None, 0.5, 2.0]))
def test_equals_brute_force(instance, resolution):
    groups, capacity = instance
    values = [[v / 4 for v, _ in group] for group in groups]  # quarter steps, like pool-replay fractions
    weights = [[w for _, w in group] for group in groups]
    rounded = [round_up(np.array(w), resolution).tolist() for w in weights]
    solution = solve_mckp(values, weights, capacity, resolution=resolution)
    expected = brute_force(values, rounded, capacity)
    if expected is None:
        assert solution is None
        return
    assert solution.value == pytest.approx(expected, abs=1e-9)
    chosen = [(values[g][i], weights[g][i], rounded[g][i]) for g, i in enumerate(solution.choice)]
    assert solution.value == pytest.approx(sum(v for v, _, _ in chosen))
    assert solution.weight == pytest.approx(sum(w for _, w, _ in chosen))
    assert within_budget(sum(r for _, _, r in chosen), capacity) and solution.weight <= capacity + 1e-6


# Feature groups: t0, t1 "easy", t2, t3 "hard".
#   cheap:     success (1, 1, 0, 0), 1 s per task
#   expensive: success (1, 1, 1, 0), 5 s per task
GROUPS = {"t000": "easy", "t001": "easy", "t002": "hard", "t003": "hard"}


@pytest.fixture
def two_configs():
    return table({"cheap": ([1.0, 1.0, 0.0, 0.0], 1.0), "expensive": ([1.0, 1.0, 1.0, 0.0], 5.0)})


def test_group_plan_hand_computed(two_configs):
    # Budget 3 s/task -> 12 s in total. easy->cheap, hard->expensive: 2 + 1 = 3 successes
    # for 2 + 10 = 12 s (fits); all expensive costs 20 s; easy->expensive gains nothing.
    plan = plan_budget(two_configs, 3.0, GROUPS, grouping="difficulty")
    assert plan.assignment == (("easy", "cheap"), ("hard", "expensive"))
    assert (plan.pass_at_1, plan.mean_cost) == (0.75, 3.0)
    assert plan.outcomes.success.tolist() == [1.0, 1.0, 1.0, 0.0]
    assert plan.outcomes.wall_s.tolist() == [1.0, 1.0, 5.0, 5.0]
    assert plan.selection is HONEST and not plan.hindsight
    assert plan.outcomes.config.name == "mckp[difficulty]@3"


def test_single_group_is_the_best_fixed_configuration(two_configs):
    # One group: expensive (0.75 at 5 s) does not fit 3 s; cheap (0.5 at 1 s) does.
    plan = plan_budget(two_configs, 3.0)
    assert (plan.assignment, plan.pass_at_1) == ((("all", "cheap"),), 0.5)
    assert plan_budget(two_configs, 0.5) is None


def test_hindsight_bound_hand_computed(two_configs):
    # Per task: expensive only on t2 (the one task it alone solves): 3 successes for
    # 1 + 1 + 5 + 1 = 8 s, i.e. 0.75 at 2 s/task; flagged as hindsight.
    bound = hindsight_bound(two_configs, 3.0)
    assert (bound.pass_at_1, bound.mean_cost, bound.hindsight) == (0.75, 2.0, True)
    assert dict(bound.outcomes.config.params)["hindsight"] == "True"


def test_tasks_without_a_group_are_refused(two_configs):
    with pytest.raises(ValueError, match="no group"):
        plan_budget(two_configs, 3.0, {"t000": "easy"})


@pytest.mark.parametrize("budget", [17.0, 20.0, 30.0, 45.0, 61.0])
def test_single_group_plan_matches_best_under_budget_on_the_paper(budget):
    paper = paper_table()
    choice = best_under_budget(paper, budget, PairedBootstrap.for_table(paper, n_resamples=10))
    plan = plan_budget(paper, budget)
    assert plan.pass_at_1 == pytest.approx(choice.best.quality.value)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.lists(st.sampled_from([0.0, 1.0]), min_size=6, max_size=6), st.floats(1, 10)), min_size=1, max_size=4),
    st.floats(1, 12),
)
def test_more_freedom_never_hurts(configs, budget):
    # Hindsight per task >= feature groups >= one group, for the same budget.
    columns = {f"c{i}": (success, seconds) for i, (success, seconds) in enumerate(configs)}
    data = table(columns)
    groups = {task: "a" if task[-1] in "012" else "b" for task in data.task_ids}
    plans = [plan_budget(data, budget), plan_budget(data, budget, groups), hindsight_bound(data, budget)]
    values = [p.pass_at_1 if p else None for p in plans]
    assert (values[0] is None) == (values[1] is None) == (values[2] is None)
    if values[0] is not None:
        assert values[0] <= values[1] + 1e-12 <= values[2] + 2e-12
        assert all(p.mean_cost <= budget * (1 + 1e-9) + 1e-9 for p in plans)
