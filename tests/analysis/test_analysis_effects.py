"""pass@1, paired differences, interaction and main effects on hand-made grids."""

from __future__ import annotations

import numpy as np
import pytest
from analysis_factories import HONEST, ORACLE, grid_table, outcomes, table
from hypothesis import given, settings
from hypothesis import strategies as st

from codebudget.analysis import (
    Config,
    FactorGrid,
    OutcomeTable,
    PairedBootstrap,
    averaged_effect_of_k,
    averaged_effect_of_n,
    compare,
    effect_of_k,
    effect_of_n,
    interaction_effect,
    interaction_effects,
    main_effects,
    paired_difference,
    pass_at_1,
)

# Four tasks, a 2 x 2 grid:
#   Q(1,0) = (1,0,0,0) -> 0.25     Q(2,0) = (1,1,0,0) -> 0.50
#   Q(1,1) = (1,0,1,0) -> 0.50     Q(2,1) = (1,1,1,1) -> 1.00
CELLS = {
    (1, 0): [1.0, 0.0, 0.0, 0.0],
    (2, 0): [1.0, 1.0, 0.0, 0.0],
    (1, 1): [1.0, 0.0, 1.0, 0.0],
    (2, 1): [1.0, 1.0, 1.0, 1.0],
}


@pytest.fixture
def grid() -> FactorGrid:
    return FactorGrid.from_table(grid_table(CELLS))


@pytest.fixture
def boot(grid) -> PairedBootstrap:
    return PairedBootstrap.for_table(grid.table, n_resamples=500, seed=0)


def test_pass_at_1_of_each_cell(grid, boot):
    estimates = {e.label: e for e in pass_at_1(grid.table, boot)}
    assert [estimates[f"pass@1 N{n}K{k}"].value for n, k in CELLS] == [0.25, 0.5, 0.5, 1.0]
    assert all(e.selection is HONEST for e in estimates.values())
    # Q(2,1) is 1 on every task, so every resample gives 1.
    assert (estimates["pass@1 N2K1"].low, estimates["pass@1 N2K1"].high) == (1.0, 1.0)


def test_interaction_hand_computed(grid, boot):
    # IE(2,1) = 1 - 0.5 - 0.5 + 0.25 = 0.25. Per task: t0 1-1-1+1 = 0, t1 1-1-0+0 = 0,
    # t2 1-0-1+0 = 0, t3 1-0-0+0 = 1, so the interval is that of the mean of (0,0,0,1).
    estimate = interaction_effect(grid, 2, 1, boot)
    assert estimate.value == pytest.approx(0.25)
    assert (estimate.low, estimate.high) == pytest.approx(boot.interval(np.array([0, 0, 0, 1.0]))[1:])
    assert dict(estimate.terms) == {"N2K1": 1.0, "N2K0": -1.0, "N1K1": -1.0, "N1K0": 1.0}
    assert [e.label for e in interaction_effects(grid, boot)] == ["IE(N=2,K=1)"]


def test_interaction_on_the_baseline_row_cancels_to_zero(grid, boot):
    # IE(1,1) = Q(1,1) - Q(1,0) - Q(1,1) + Q(1,0): every term cancels.
    estimate = interaction_effect(grid, 1, 1, boot)
    assert (estimate.value, estimate.low, estimate.high, estimate.terms) == (0.0, 0.0, 0.0, ())


def test_main_effects_hand_computed(grid, boot):
    # N=2 at K=0: 0.5 - 0.25 = 0.25; K=1 at N=1: 0.5 - 0.25 = 0.25.
    # N=2 averaged over K: ((0.5 - 0.25) + (1 - 0.5)) / 2 = 0.375; K=1 likewise 0.375.
    assert effect_of_n(grid, 2, boot).value == pytest.approx(0.25)
    assert effect_of_k(grid, 1, boot).value == pytest.approx(0.25)
    assert effect_of_n(grid, 2, boot, at_k=1).value == pytest.approx(0.5)
    assert averaged_effect_of_n(grid, 2, boot).value == pytest.approx(0.375)
    assert averaged_effect_of_k(grid, 1, boot).value == pytest.approx(0.375)
    values = [e.value for e in main_effects(grid, boot)]
    assert values == pytest.approx([0.25, 0.375, 0.25, 0.375])


def test_main_effects_skip_levels_without_a_baseline_partner():
    # N=3 was run only with K=1 and (1,1) is missing: no N=3 effect can be formed.
    cells = {(1, 0): [0.0, 1.0], (2, 0): [1.0, 1.0], (3, 1): [1.0, 1.0]}
    grid = FactorGrid.from_table(grid_table(cells))
    boot = PairedBootstrap.for_table(grid.table, n_resamples=50)
    assert [e.label for e in main_effects(grid, boot)] == [
        "effect of N=2 at K=0",
        "effect of N=2 averaged over K in [0]",
    ]
    with pytest.raises(KeyError):
        averaged_effect_of_n(grid, 3, boot)


def test_grid_refuses_two_configurations_in_one_cell():
    twin = OutcomeTable(
        (
            outcomes(Config("a", HONEST, n=1, k=0, temperature=0.0), [1.0]),
            outcomes(Config("b", HONEST, n=1, k=0, temperature=0.8), [1.0]),
        )
    )
    with pytest.raises(ValueError, match="both 'a' and 'b'"):
        FactorGrid.from_table(twin)
    assert FactorGrid.from_table(twin, where=lambda c: c.temperature == 0.8).name((1, 0)) == "b"


def test_missing_cell_is_a_clear_key_error(grid, boot):
    with pytest.raises(KeyError, match="N=5,K=1"):
        interaction_effect(grid, 5, 1, boot)


def test_paired_difference_of_identical_columns_has_zero_width():
    # Unpaired intervals of two 50% columns would be wide; paired, the difference is 0 on every task.
    both = table({"a": ([1.0, 0.0] * 10, 1.0), "b": ([1.0, 0.0] * 10, 2.0)})
    boot = PairedBootstrap.for_table(both, n_resamples=200)
    estimate = paired_difference(both, "a", "b", boot)
    assert (estimate.value, estimate.low, estimate.high) == (0.0, 0.0, 0.0)


def test_compare_reports_difference_and_mcnemar():
    # a beats b on 6 tasks, never loses: difference 6/10, McNemar p = 2/64.
    pair = table({"a": ([1.0] * 8 + [0.0] * 2, 1.0), "b": ([1.0] * 2 + [0.0] * 8, 1.0)}, selection=ORACLE)
    result = compare(pair, "a", "b", PairedBootstrap.for_table(pair, n_resamples=200))
    assert result.selection is ORACLE and result.difference.selection is ORACLE
    assert result.difference.value == pytest.approx(0.6)
    assert result.test.p_value == pytest.approx(2 / 64)


def test_bootstrap_for_other_tasks_is_refused(grid):
    with pytest.raises(ValueError, match="different task set"):
        pass_at_1(grid.table, PairedBootstrap.draw(("x", "y"), 10))


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.floats(0, 1), min_size=2, max_size=12),
    st.lists(st.floats(0, 1), min_size=3, max_size=3),
    st.lists(st.floats(0, 1), min_size=3, max_size=3),
)
def test_interaction_of_an_additive_model_is_zero(task_base, n_part, k_part):
    # success(N, K, t) = (a_t + b_N + c_K) / 3 is additive, so IE is 0 on every task.
    levels_n, levels_k = (1, 2, 5), (0, 1, 2)
    cells = {
        (n, k): [(a + n_part[i] + k_part[j]) / 3 for a in task_base]
        for i, n in enumerate(levels_n)
        for j, k in enumerate(levels_k)
    }
    grid = FactorGrid.from_table(grid_table(cells))
    boot = PairedBootstrap.for_table(grid.table, n_resamples=100, seed=1)
    for estimate in interaction_effects(grid, boot):
        assert estimate.value == pytest.approx(0.0, abs=1e-12)
        assert estimate.low == pytest.approx(0.0, abs=1e-12) and estimate.high == pytest.approx(0.0, abs=1e-12)
    # and the main effect of N at K=0 is exactly b_N - b_1
    assert effect_of_n(grid, 5, boot).value == pytest.approx((n_part[2] - n_part[0]) / 3, abs=1e-12)
