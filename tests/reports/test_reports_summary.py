"""The analysis summary of the hand-made pool: grid, IE, front, efficiency, budgets, provenance.

Mean seconds per task, hand computed (one sample estimated at 4 s, see report_builders):
honest  N=1 K=0: 4.1875   N=1 K=1: 6.3125   N=2 K=0: 6.375   N=2 K=1: 6.375
oracle  N=1 K=0: 4.1875   N=1 K=1: 6.3125   N=2 K=0: 6.375   N=2 K=1: 10.625
"""

from __future__ import annotations

import pytest
from report_builders import POOL

from codebudget.analysis import CostKind, SelectionMode
from codebudget.budget_text import parse_budget, parse_budgets
from codebudget.errors import CodebudgetError
from codebudget.reports import report_from_store

HONEST, ORACLE = SelectionMode.HONEST, SelectionMode.ORACLE


@pytest.fixture()
def report(store):
    return report_from_store(store, [POOL], budgets=(4.0, 5.0, 6.35, 7.0), n_resamples=500)


def test_grid_cells_have_hand_computed_pass_at_1_and_time(report):
    honest, oracle = report.mode(HONEST), report.mode(ORACLE)
    assert (honest.ns, honest.ks) == ((1, 2), (0, 1))
    assert honest.cell(1, 1).pass_at_1.value == pytest.approx(0.75)
    assert honest.cell(2, 1).pass_at_1.value == pytest.approx(0.5) and oracle.cell(2, 1).pass_at_1.value == pytest.approx(1.0)
    assert honest.cell(1, 1).wall_s == pytest.approx(6.3125) and oracle.cell(2, 1).wall_s == pytest.approx(10.625)
    assert all(c.pass_at_1.contains(c.pass_at_1.value) for c in honest.configs)


def test_interaction_and_main_effects(report):
    (honest_ie,) = report.mode(HONEST).interactions
    (oracle_ie,) = report.mode(ORACLE).interactions
    assert honest_ie.label == "IE(N=2,K=1)" and honest_ie.value == pytest.approx(0.5 - 0.5 - 0.75 + 0.25)
    assert oracle_ie.value == pytest.approx(1.0 - 0.5 - 0.75 + 0.25)
    effects = {e.label: e.value for e in report.mode(HONEST).main_effects}
    assert effects["effect of N=2 at K=0"] == pytest.approx(0.25) and effects["effect of K=1 at N=1"] == pytest.approx(0.5)


def test_pareto_front_and_efficiency_per_mode(report):
    honest, oracle = report.mode(HONEST), report.mode(ORACLE)
    assert [p.name for p in honest.front] == ["N=1 K=0", "N=1 K=1"]
    assert [p.name for p in oracle.front] == ["N=1 K=0", "N=1 K=1", "N=2 K=1"]
    (step,) = honest.steps
    assert step.gain_pp == pytest.approx(50.0) and step.pp_per_unit == pytest.approx(50.0 / 2.125)
    assert oracle.steps[1].pp_per_unit == pytest.approx(25.0 / 4.3125)


def test_budget_answers(report):
    answers = {a.budget: a for a in report.mode(HONEST).budgets}
    nothing = answers[4.0].choice
    assert not nothing.fits and nothing.cheapest == "N=1 K=0" and nothing.cheapest_cost == pytest.approx(4.1875)
    alone = answers[5.0].choice
    assert alone.best.name == "N=1 K=0" and alone.runner_up is None
    tight = answers[6.35]
    assert tight.choice.best.name == "N=1 K=1" and tight.choice.best.quality.value == pytest.approx(0.75)
    assert tight.choice.runner_up.name == "N=1 K=0" and tight.choice.margin.value == pytest.approx(0.5)
    assert tight.plan.assignment == (("all", "N=1 K=1"),) and tight.plan.pass_at_1 == pytest.approx(0.75)
    assert tight.hindsight is not None and tight.hindsight.pass_at_1 >= 0.75 - 1e-9
    roomy = answers[7.0].choice  # the two N=2 configurations tie at 0.5 and 6.375 s: the name decides
    assert (roomy.best.name, roomy.runner_up.name) == ("N=1 K=1", "N=2 K=0") and roomy.margin.value == pytest.approx(0.25)


def test_honest_and_oracle_figures_are_never_mixed(report):
    for mode in report.modes:
        estimates = [c.pass_at_1 for c in mode.configs + mode.adaptive] + list(mode.interactions)
        estimates += list(mode.main_effects) + [s.gain for s in mode.steps]
        estimates += [a.choice.best.quality for a in mode.budgets if a.fits]
        assert estimates and {e.selection for e in estimates} == {mode.selection}
        assert {p.selection for p in mode.front} == {mode.selection}
        assert {a.choice.selection for a in mode.budgets} == {mode.selection}
    assert report.mode(HONEST).cell(2, 1).pass_at_1.value != report.mode(ORACLE).cell(2, 1).pass_at_1.value


def test_adaptive_policies_and_per_task_outcomes(report):
    honest = report.mode(HONEST)
    assert [a.name for a in honest.adaptive] == ["adaptive escalate", "adaptive one-by-one"]
    assert honest.figures("adaptive one-by-one").pass_at_1.value == pytest.approx(0.5)
    assert honest.per_task.names[-2:] == ("adaptive escalate", "adaptive one-by-one")
    rows = dict(honest.per_task.rows)
    assert rows["humaneval:HumanEval/1"][honest.per_task.names.index("N=1 K=1")] == pytest.approx(0.5)
    assert any("one-by-one sampling" in note for note in report.notes)


def test_provenance_comes_from_the_recorded_run(report):
    (run,) = report.runs
    assert (run.run_hash, run.kind, run.model, run.model_sha256) == (POOL, "pool", "tiny-model", "f" * 64)
    assert (run.isolation, run.machine, run.tasks_finished) == ("namespaces", "x86_64", 2)
    assert ("numpy", "2.0") in run.packages and ("n", "2") in run.config


def test_costs_in_tokens(store):
    report = report_from_store(store, [POOL], budgets=(50.0,), cost=CostKind.TOKENS, n_resamples=200)
    answer = report.mode(HONEST).budgets[0].choice
    assert answer.cost_kind is CostKind.TOKENS and answer.best.name == "N=1 K=1"  # 20 + 20 per repair ≤ 50
    assert answer.best.cost == pytest.approx(30.0)  # half the single draws repair once: 20 + 10


@pytest.mark.parametrize(("text", "cost", "value"), [
    ("20s", CostKind.WALL_S, 20.0), ("20", CostKind.WALL_S, 20.0), ("1.5m", CostKind.WALL_S, 90.0),
    (" 2h ", CostKind.WALL_S, 7200.0), (".5s", CostKind.WALL_S, 0.5), ("1500", CostKind.TOKENS, 1500.0),
    ("3", CostKind.CALLS, 3.0),
])
def test_budget_strings(text, cost, value):
    assert parse_budget(text, cost) == pytest.approx(value)


@pytest.mark.parametrize(("text", "cost"), [
    ("twenty", CostKind.WALL_S), ("20x", CostKind.WALL_S), ("-5", CostKind.WALL_S), ("0", CostKind.WALL_S),
    ("20s", CostKind.TOKENS), ("", CostKind.CALLS), ("1e3", CostKind.TOKENS),
])
def test_malformed_budgets_are_one_line_errors(text, cost):
    with pytest.raises(CodebudgetError, match="budget"):
        parse_budget(text, cost)


def test_budget_lists_are_sorted_and_deduplicated():
    assert parse_budgets("60, 20s,0.5m,20") == (20.0, 30.0, 60.0)
    with pytest.raises(CodebudgetError):
        parse_budgets(" , ")
