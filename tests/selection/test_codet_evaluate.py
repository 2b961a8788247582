"""evaluate() with generated-test policies on the recorded pool: tests from a fake model, executions in the real sandbox.

The fake model's tests (fake_tester.py), in the order generation keeps them:
A: ``f(1) == 2``, ``f(0) == 1`` (wrong), ``f(10) == 20``; B: ``g(2) == 4``,
``g(0) == 0``, ``g(3) == 9``. Results per candidate (pool_records.py):
A: c0 ``x + 1`` TTF, c1 ``x + x if x < 5 else 0`` TFF, c2 ``2x`` TFT, c3 ``x * 2`` TFT;
B: c0 (loops on 0) TFT, c1 (raises) FFF, c2 (correct) TTT, c3 does not parse.
"""

from __future__ import annotations

import pytest
from fake_tester import WALL_S, FakeTester
from pool_records import FAST, POOL, PROBLEMS, CountingSandbox, record

from codebudget.evidence import GeneratorSettings, evaluate, get_source, given
from codebudget.evidence.evaluate import SelectionError, Settings, TestSupply
from codebudget.store import Store

POLICIES = ("codet", "public-then-codet", "s-star", "behaviour-vote", "logprob")
GENERATION = {"T/A": WALL_S["f"], "T/B": WALL_S["g"]}


class Opener:
    def __init__(self) -> None:
        self.opened = 0

    def __call__(self) -> FakeTester:
        self.opened += 1
        return FakeTester()


def refuse() -> FakeTester:
    raise AssertionError("every task's tests are stored: the model must not be opened")


def settings(opener, source: str = "public-args") -> Settings:
    supply = TestSupply("fake-model-sha", opener, GeneratorSettings(samples=2))
    return Settings(limits=FAST, n_resamples=200, tests=supply, source=get_source(source))


@pytest.fixture(scope="module")
def recorded(tmp_path_factory, sandbox):
    path = tmp_path_factory.mktemp("codet") / "pool.db"
    with Store.open(path) as store:
        record(store, sandbox)
    return path


@pytest.fixture(scope="module")
def first_run(recorded, sandbox):
    opener, counting = Opener(), CountingSandbox(sandbox)
    with Store.open(recorded) as store:
        results = evaluate(store, POOL, PROBLEMS, [1, 2, 4], POLICIES, settings=settings(opener), sandbox=given(counting))
        rows = list(store.iter_behaviours(POOL))
    return results, opener.opened, counting.jobs, rows


def result(results, policy: str, n: int):
    (found,) = [r for r in results if r.policy == policy and r.n == n]
    return found


def seconds(rows, task: str, indices, checks: bool, inputs=None) -> float:
    """Sandbox seconds of the candidates ``indices`` on the generated tests (``checks``) or on shared inputs."""
    return sum(r.wall_s for r in rows if r.key.task_id == task and r.key.sample_index in indices
               and ("assert" in r.input) == checks and (inputs is None or r.input in inputs))


def test_each_candidate_ran_on_each_generated_test(first_run):
    _, opened, jobs, rows = first_run
    assert opened == 1 and jobs > 0
    passed = {(r.key.task_id, r.key.sample_index, r.input.split("\n")[0]): r.output for r in rows if "assert" in r.input}
    assert {k: v == "=True" for k, v in passed.items() if k[1] == 0 and k[0] == "T/A"} == {
        ("T/A", 0, "assert f(1) == 2"): True, ("T/A", 0, "assert f(0) == 1"): True, ("T/A", 0, "assert f(10) == 20"): False}
    assert passed[("T/A", 1, "assert f(10) == 20")] == "!raise AssertionError"
    assert passed[("T/B", 0, "assert g(0) == 0")] == "!timeout"
    assert passed[("T/B", 0, "assert g(3) == 9")] == "=True"  # the probe after a timeout still runs
    assert passed[("T/B", 1, "assert g(2) == 4")] == "!raise RuntimeError"
    assert not any(r.key.task_id == "T/B" and r.key.sample_index == 3 for r in rows)  # does not parse: not run
    assert len(passed) == 4 * 3 + 3 * 3


def test_pass_rates_with_all_four_candidates(first_run):
    results, _, _, _ = first_run
    # A: {c2, c3} 2×2 beat {c0} 1×2 and {c1} 1×1 -> c2. B: {c2} 1×3 beats {c0} 1×2 and {c1} 0 -> c2.
    assert result(results, "codet", 4).per_task == (1.0, 1.0)
    assert result(results, "public-then-codet", 4).per_task == (1.0, 1.0)
    # s-star, B: the vote's clusters c0 (=4, !timeout) and c2 (=4, =0) tie, c0 is likelier; they differ
    # on g(0) == 0, which only c2 passes -> c2. A: c2 (TFT) and c0 (TTF) draw -> the vote's c2.
    assert result(results, "s-star", 4).per_task == (1.0, 1.0)
    assert result(results, "behaviour-vote", 4).per_task == (1.0, 0.0)
    assert result(results, "logprob", 4).per_task == (0.0, 0.0)


def test_codet_pass_rates_on_pairs_by_hand(first_run):
    results, _, _, _ = first_run
    # A, subsets (0,1) (0,2) (0,3) (1,2) (1,3) (2,3): c0 c0 c0 c2 c3 c2 ({c0} 1×2 ties {c2} 1×2: c0 likelier)
    # B: c0 c2 c0 c2 c1 c2 (with c3, which does not parse, there is no comparison: the parsing one)
    assert result(results, "codet", 2).per_task == pytest.approx((3 / 6, 3 / 6))
    assert result(results, "codet", 1).per_task == pytest.approx((0.5, 0.25))  # alone, each candidate is the pick


def test_extra_time_is_generation_once_plus_the_testers_sandbox_time(first_run):
    results, _, _, rows = first_run
    codet = [GENERATION["T/A"] + seconds(rows, "T/A", range(4), True),
             GENERATION["T/B"] + seconds(rows, "T/B", range(3), True)]
    assert result(results, "codet", 4).extra_s == pytest.approx(sum(codet) / 2)
    assert result(results, "codet", 1).extra_s == 0.0  # one candidate: nothing generated, nothing run
    # public-then-codet: A's three public passes; B has one best candidate: nothing
    public = GENERATION["T/A"] + seconds(rows, "T/A", (1, 2, 3), True)
    assert result(results, "public-then-codet", 4).extra_s == pytest.approx(public / 2)
    # s-star: the vote on the public arguments, then the two finalists' tests (A: c2, c0; B: c0, c2)
    star = [seconds(rows, "T/A", range(4), False) + GENERATION["T/A"] + seconds(rows, "T/A", (0, 2), True),
            seconds(rows, "T/B", range(3), False) + GENERATION["T/B"] + seconds(rows, "T/B", (0, 2), True)]
    assert result(results, "s-star", 4).extra_s == pytest.approx(sum(star) / 2)
    assert result(results, "behaviour-vote", 4).extra_s == pytest.approx(
        (seconds(rows, "T/A", range(4), False) + seconds(rows, "T/B", range(3), False)) / 2)
    codet4 = result(results, "codet", 4)
    assert codet4.total_s == pytest.approx(codet4.wall_s + codet4.extra_s) and codet4.extra_s > sum(GENERATION.values()) / 2


def test_a_second_evaluation_generates_and_runs_nothing(recorded, first_run, sandbox):
    counting = CountingSandbox(sandbox)
    with Store.open(recorded) as store:
        again = evaluate(store, POOL, None, [1, 2, 4], POLICIES, settings=settings(refuse), sandbox=given(counting))
    assert counting.jobs == 0 and again == first_run[0]


def test_behaviour_vote_on_the_generated_inputs(recorded, first_run, sandbox):
    with Store.open(recorded) as store:
        results = evaluate(store, POOL, None, [4], ("behaviour-vote",), settings=settings(refuse, "generated"),
                           sandbox=given(sandbox))
        rows = list(store.iter_behaviours(POOL))
    # A on f(1), f(0), f(10): {c2, c3} agree -> c2. B on g(2), g(0), g(3): c0 (=4, !timeout, =9) and c2 tie -> c0
    vote = result(results, "behaviour-vote", 4)
    assert vote.per_task == (1.0, 0.0)
    inputs = {"T/A": ("f(1)", "f(0)", "f(10)"), "T/B": ("g(2)", "g(0)", "g(3)")}
    runs = seconds(rows, "T/A", range(4), False, inputs["T/A"]) + seconds(rows, "T/B", range(3), False, inputs["T/B"])
    assert vote.extra_s == pytest.approx((runs + sum(GENERATION.values())) / 2)  # the inputs' model time counts


def test_generated_tests_without_a_supply_are_a_one_line_error(recorded):
    with Store.open(recorded) as store:
        with pytest.raises(SelectionError, match="codet need.*model-generated tests"):
            evaluate(store, POOL, None, [1], ["codet"])
        with pytest.raises(SelectionError, match="input source 'generated' need"):
            evaluate(store, POOL, None, [1], ["behaviour-vote"], settings=Settings(source=get_source("generated")))
