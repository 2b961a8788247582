"""Outcome tables from stored pools and direct runs, checked against hand-computed values.

Hand computation (see report_builders.SPEC), pass@1 per (N, K), mean of the two tasks:

honest (first public pass, early stop)   oracle (any version up to K passes hidden)
  N=1 K=0: (1/2 + 0)/2   = 0.25            (1/2 + 0)/2 = 0.25
  N=1 K=1: (1 + 1/2)/2   = 0.75            (1 + 1/2)/2 = 0.75
  N=2 K=0: (1 + 0)/2     = 0.5             (1 + 0)/2   = 0.5
  N=2 K=1: (1 + 0)/2     = 0.5             (1 + 1)/2   = 1.0
"""

from __future__ import annotations

import pytest
from report_builders import BENCHMARK, DIRECT, POOL, SPEC, write_run

from codebudget.analysis import SelectionMode
from codebudget.errors import CodebudgetError
from codebudget.reports import collect
from codebudget.reports.gather.runs import grid_axes
from codebudget.store import Store

HONEST, ORACLE = SelectionMode.HONEST, SelectionMode.ORACLE
EXPECTED = {
    HONEST: {(1, 0): 0.25, (1, 1): 0.75, (2, 0): 0.5, (2, 1): 0.5},
    ORACLE: {(1, 0): 0.25, (1, 1): 0.75, (2, 0): 0.5, (2, 1): 1.0},
}
TASK_0, TASK_1 = f"{BENCHMARK}:HumanEval/0", f"{BENCHMARK}:HumanEval/1"


def test_a_pool_becomes_the_grid_of_both_modes_with_hand_computed_pass_at_1(store):
    table = collect(store, [POOL]).table
    for mode, cells in EXPECTED.items():
        part = table.only(mode)
        assert part.selection is mode
        assert {(o.config.n, o.config.k): pytest.approx(o.pass_at_1()) for o in part.outcomes} == cells
        assert part.names == ("N=1 K=0", "N=1 K=1", "N=2 K=0", "N=2 K=1")


def test_pool_times_measured_for_n_equal_m_and_estimated_for_one_sample(store):
    table = collect(store, [POOL]).table
    honest, oracle = table.only(HONEST), table.only(ORACLE)
    # N=2: the measured 6 s call; task 0 tests both samples, task 1 stops at candidate 0 (honest).
    assert honest.get("N=2 K=1").wall_s.tolist() == pytest.approx([6.5, 6.25])
    # The oracle repairs every failing candidate: + one 4 s repair call and its 0.25 s public run per task.
    assert oracle.get("N=2 K=1").wall_s.tolist() == pytest.approx([10.75, 10.5])
    assert oracle.get("N=2 K=1").tokens.tolist() == pytest.approx([60, 60])
    # N=1: one sample is estimated at 4 s; mean tests are (0.25+0.25)/2 and (0.25+0)/2.
    assert honest.get("N=1 K=0").wall_s.tolist() == pytest.approx([4.25, 4.125])


GREEDY = "greedy-cccc3333"
# One greedy answer per task: task 0 passes everything, task 1 passes public but not hidden.
GREEDY_SPEC = {"HumanEval/0": [[(True, True)]], "HumanEval/1": [[(True, False)]]}


def test_a_greedy_run_is_one_direct_configuration_read_from_its_records(tmp_path):
    with Store.open(tmp_path / "greedy.db") as store:
        write_run(store, GREEDY, GREEDY_SPEC, label="", n=1, k=0)
        table = collect(store, [GREEDY]).table
    (honest,), (oracle,) = table.only(HONEST).outcomes, table.only(ORACLE).outcomes
    assert honest.success.tolist() == [1.0, 0.0] and oracle.success.tolist() == [1.0, 0.0]
    assert honest.wall_s.tolist() == pytest.approx([6.25, 6.25])  # the call and one public run each
    assert (honest.config.n, honest.config.k) == (1, 0)


def test_a_run_with_n_2_k_1_is_replayed_and_its_full_cell_is_what_it_recorded(store):
    table = collect(store, [DIRECT]).table
    assert table.task_ids == (TASK_0, TASK_1)
    honest, oracle = table.only(HONEST).get("N=2 K=1"), table.only(ORACLE).get("N=2 K=1")
    assert honest.success.tolist() == [1.0, 0.0] and oracle.success.tolist() == [1.0, 1.0]
    assert honest.wall_s.tolist() == pytest.approx([6.5, 6.25])  # what the run recorded as its task wall time
    assert oracle.wall_s.tolist() == pytest.approx([10.75, 10.5])
    assert honest.calls.tolist() == [1.0, 1.0] and oracle.calls.tolist() == [2.0, 2.0]
    assert [r.wall_s for r in store.iter_task_results(DIRECT)] == pytest.approx(honest.wall_s.tolist())


def test_runs_combine_on_common_tasks_and_shared_names_get_their_hash(tmp_path):
    with Store.open(tmp_path / "two.db") as store:
        write_run(store, POOL, SPEC, label="pool", n=2, k=1)
        write_run(store, DIRECT, SPEC, label="", n=2, k=1, unfinished=("HumanEval/1",))
        found = collect(store, [POOL, DIRECT])
    assert found.table.task_ids == (TASK_0,) and found.dropped_tasks == 1
    assert found.tasks_per_source == (2, 1)
    assert "1 tasks dropped: not finished by every run" in found.notes
    names = found.table.only(HONEST).names
    # Both runs do all the work of N=2, K=1, so both are replayed; every shared name gets its hash.
    assert f"N=2 K=1 @{POOL[:8]}" in names and f"N=2 K=1 @{DIRECT[:8]}" in names
    assert f"N=1 K=0 @{POOL[:8]}" in names and f"N=1 K=0 @{DIRECT[:8]}" in names


def test_a_run_that_saw_the_hidden_tests_says_so(tmp_path):
    with Store.open(tmp_path / "paper.db") as store:
        write_run(store, POOL, SPEC, label="pool", n=2, k=1, feedback_tests="hidden")
        write_run(store, DIRECT, SPEC, label="", n=2, k=1, feedback_tests="public")
        notes = collect(store, [POOL, DIRECT]).notes
    assert [note for note in notes if "feedback_tests=hidden" in note] == [
        f"run {POOL}: its public tests are the hidden tests (feedback_tests=hidden, the seed paper's setting): "
        "its repairs saw them, and honest selection is the oracle"]


def test_the_combined_table_refuses_to_mix_modes(store):
    table = collect(store, [POOL, DIRECT]).table
    with pytest.raises(ValueError, match="mixes honest and oracle"):
        _ = table.selection
    assert {o.selection for o in table.only(ORACLE).outcomes} == {ORACLE}


def test_an_unfinished_pool_task_is_left_out(tmp_path):
    with Store.open(tmp_path / "partial.db") as store:
        write_run(store, POOL, SPEC, label="pool", n=2, k=1, unfinished=("HumanEval/1",))
        assert collect(store, [POOL]).table.task_ids == (TASK_0,)


def test_unknown_run_is_a_one_line_error_naming_the_known_runs(store):
    with pytest.raises(CodebudgetError, match=f"no run 'nope'.*known runs: .*{POOL}"):
        collect(store, ["nope"])


def test_grid_axes_default_to_1_2_3_5_capped_at_m_and_report_what_cannot_be_derived():
    assert grid_axes(2, 1).ns == (1, 2) and grid_axes(2, 1).ks == (0, 1)
    assert grid_axes(4, 2).ns == (1, 2, 3, 4) and grid_axes(10, 0).ns == (1, 2, 3, 5)
    axes = grid_axes(2, 1, ns=[1, 5], ks=[1, 3])
    assert (axes.ns, axes.ks, axes.left_out) == ((1,), (1,), ("N=5", "K=3"))
    with pytest.raises(CodebudgetError, match="none of"):
        grid_axes(2, 1, ns=[3])


def test_requested_cells_beyond_the_pool_are_noted(store):
    found = collect(store, [POOL], ns=[1, 2, 3], ks=[0])
    assert found.table.only(HONEST).names == ("N=1 K=0", "N=2 K=0")
    assert any("cannot derive N=3" in note for note in found.notes)
