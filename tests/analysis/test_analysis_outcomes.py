"""The outcome table: construction from rows, alignment, validation, selection modes."""

from __future__ import annotations

import numpy as np
import pytest
from analysis_factories import HONEST, ORACLE, outcomes

from codebudget.analysis import Config, ConfigOutcomes, CostKind, OutcomeRow, OutcomeTable

A = Config("a", HONEST, n=1, k=0)
B = Config("b", HONEST, n=2, k=0)


def rows(config: Config, spec: dict[str, tuple[float, float]]) -> list[OutcomeRow]:
    return [OutcomeRow(config, task, s, w, 10 * w, 1) for task, (s, w) in spec.items()]


def test_from_rows_sorts_by_task_and_aligns_configs():
    data = rows(A, {"t2": (1, 3.0), "t1": (0, 1.0)}) + rows(B, {"t1": (1, 2.0), "t2": (1, 4.0)})
    table = OutcomeTable.from_rows(data)
    assert table.task_ids == ("t1", "t2")
    assert table.get("a").success.tolist() == [0.0, 1.0]
    assert table.get("a").wall_s.tolist() == [1.0, 3.0]
    # mean time of a = (1 + 3) / 2 = 2; tokens are 10 x time = 20
    assert table.get("a").mean_cost(CostKind.WALL_S) == 2.0
    assert table.get("a").mean_cost(CostKind.TOKENS) == 20.0
    assert table.matrix().tolist() == [[0.0, 1.0], [1.0, 1.0]]


def test_plain_tuples_are_accepted_as_rows():
    table = OutcomeTable.from_rows([(A, "t1", 1.0, 2.0, 3, 1)])
    assert table.get("a").calls.tolist() == [1.0]


def test_missing_tasks_raise_or_intersect():
    data = rows(A, {"t1": (1, 1.0), "t2": (0, 1.0)}) + rows(B, {"t1": (1, 1.0)})
    with pytest.raises(ValueError, match="lack tasks"):
        OutcomeTable.from_rows(data)
    assert OutcomeTable.from_rows(data, missing="intersect").task_ids == ("t1",)


def test_duplicate_rows_for_one_task_are_refused():
    with pytest.raises(ValueError, match="duplicate task ids"):
        OutcomeTable.from_rows(rows(A, {"t1": (1, 1.0)}) * 2)


@pytest.mark.parametrize("success, wall", [(1.5, 1.0), (-0.1, 1.0), (0.5, -1.0), (float("nan"), 1.0)])
def test_out_of_range_values_are_refused(success, wall):
    with pytest.raises(ValueError):
        outcomes(A, [success], wall)


def test_columns_of_the_wrong_length_are_refused():
    with pytest.raises(ValueError, match="one per task"):
        ConfigOutcomes(A, ("t1", "t2"), [1.0, 0.0, 1.0], [1.0, 1.0], [0.0, 0.0], [1.0, 1.0])


def test_arrays_are_read_only():
    item = outcomes(A, [1.0, 0.0])
    with pytest.raises(ValueError):
        item.success[0] = 0.0


def test_mixed_selection_modes_are_refused_until_split():
    table = OutcomeTable((outcomes(A, [1.0]), outcomes(Config("a", ORACLE), [1.0])))
    with pytest.raises(ValueError, match="mixes honest and oracle"):
        _ = table.selection
    with pytest.raises(ValueError):
        table.get("a")
    assert table.only(ORACLE).selection is ORACLE
    assert table.only(HONEST).names == ("a",)


def test_names_must_be_unique_within_a_mode():
    with pytest.raises(ValueError, match="unique"):
        OutcomeTable((outcomes(A, [1.0]), outcomes(Config("a", HONEST, n=5), [0.0])))


def test_family_ignores_name_and_seed_only():
    one, two = Config("x1", HONEST, n=2, seed=1), Config("x2", HONEST, n=2, seed=2)
    assert one.family() == two.family()
    assert Config("x", HONEST, n=3).family() != one.family()
    assert one.describe() == "N=2"


def test_restrict_and_with_outcomes():
    item = outcomes(A, [1.0, 0.0, 1.0])
    assert item.restrict(["t002", "t000"]).success.tolist() == [1.0, 1.0]
    table = OutcomeTable((item,)).with_outcomes(outcomes(B, [0.0, 0.0, 0.0]))
    assert table.names == ("a", "b")
    assert np.array_equal(table.where(lambda c: c.n == 2).get("b").success, np.zeros(3))
