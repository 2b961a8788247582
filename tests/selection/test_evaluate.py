"""evaluate() on a pool recorded in a real store, behaviours run in the real sandbox and cached."""

from __future__ import annotations

import pytest
from pool_records import FAST, POOL, PROBLEMS, CountingSandbox, finish, record

from codebudget.analysis.outcomes import SelectionMode
from codebudget.evidence import evaluate, given
from codebudget.evidence.evaluate import SelectionError, Settings
from codebudget.store import Store

SETTINGS = Settings(limits=FAST, n_resamples=500)
POLICIES = ("first", "public-tests", "public-count", "logprob", "behaviour-vote", "public-then-vote")


@pytest.fixture(scope="module")
def recorded(tmp_path_factory, sandbox):
    path = tmp_path_factory.mktemp("selection") / "pool.db"
    with Store.open(path) as store:
        record(store, sandbox)
    return path


@pytest.fixture(scope="module")
def first_run(recorded, sandbox):
    counting = CountingSandbox(sandbox)
    with Store.open(recorded) as store:
        results = evaluate(store, POOL, PROBLEMS, [1, 2, 4], POLICIES, settings=SETTINGS, sandbox=given(counting))
        rows = list(store.iter_behaviours(POOL))
    return results, counting.jobs, rows


def result(results, policy: str, n: int):
    (found,) = [r for r in results if r.policy == policy and r.n == n]
    return found


def test_every_policy_at_every_n_is_reported_with_the_oracle(first_run):
    results, _, _ = first_run
    assert {(r.policy, r.n, r.k) for r in results} == {(p, n, 0) for p in (*POLICIES, "oracle") for n in (1, 2, 4)}
    assert all(r.mode is SelectionMode.HONEST for r in results if r.policy != "oracle")
    assert result(results, "oracle", 2).mode is SelectionMode.ORACLE
    assert all(r.tasks == 2 and len(r.per_task) == 2 for r in results)


@pytest.mark.parametrize(("policy", "task_a"), [
    # N=2 on task A, subsets in order (0,1) (0,2) (0,3) (1,2) (1,3) (2,3); c2, c3 pass hidden.
    ("first", 1 / 6),  # c0 c0 c0 c1 c1 c2
    ("public-tests", 3 / 6),  # c1 c2 c3 c1 c1 c2
    ("public-count", 4 / 6),  # c1 c2 c3 c2 c1 c2 (c1, c2 tie on 2/2: c2 likelier)
    ("logprob", 2 / 6),  # c0 c0 c0 c2 c1 c2
    ("behaviour-vote", 2 / 6),  # c0 c0 c0 c2 c1 c2 (pairs that disagree go to log-probability)
    ("public-then-vote", 4 / 6),  # c1 c2 c3 c2 c1 c2
    ("oracle", 5 / 6),  # 1 - C(2,2)/C(4,2)
])
def test_pass_rates_on_task_a_by_hand(first_run, policy, task_a):
    results, _, _ = first_run
    assert result(results, policy, 2).per_task[0] == pytest.approx(task_a)
    assert result(results, policy, 1).per_task[0] == pytest.approx(0.5)  # alone, each candidate is the pick


def test_all_four_candidates(first_run):
    results, _, _ = first_run
    # A: {c1, c2, c3} agree on f(1), f(3) -> c2 (likeliest of them). B: c0 (=4, timeout) and c2 (=4, =0) returned
    # values, c1 only raised, c3 does not parse: c0 (likelier than c2) wins and fails the hidden g(0).
    vote = result(results, "behaviour-vote", 4)
    assert vote.per_task == (1.0, 0.0) and vote.pass_at_1 == 0.5
    # public-then-vote: A as above; B: only c2 passes the public tests.
    assert result(results, "public-then-vote", 4).per_task == (1.0, 1.0)
    assert result(results, "logprob", 4).per_task == (0.0, 0.0)  # c0 on A, c1 on B (c3 does not parse)
    assert result(results, "oracle", 4).pass_at_1 == 1.0


def test_intervals_and_gaps(first_run):
    results, _, _ = first_run
    for r in results:
        assert 0.0 <= r.low <= r.pass_at_1 <= r.high <= 1.0
        assert r.gap == pytest.approx(r.pass_at_1 - r.oracle)
        assert r.gap_low <= r.gap <= r.gap_high <= 0.0 + 1e-12
    vote = result(results, "behaviour-vote", 4)
    assert (vote.low, vote.high) == (0.0, 1.0)  # two tasks, one passed: resamples give 0, 1/2 and 1
    assert result(results, "oracle", 4).gap == 0.0


def test_behaviours_recorded_with_failures_as_outputs(first_run):
    _, jobs, rows = first_run
    outputs = {(r.key.task_id, r.key.sample_index, r.input): r.output for r in rows}
    assert outputs[("T/A", 0, "f(3)")] == "=4" and outputs[("T/A", 2, "f(3)")] == "=6"
    assert outputs[("T/B", 0, "g(0)")] == "!timeout"
    assert outputs[("T/B", 1, "g(2)")] == "!raise RuntimeError"
    assert not any(r.key.task_id == "T/B" and r.key.sample_index == 3 for r in rows)  # does not parse: not run
    assert len(rows) == 4 * 2 + 3 * 2 and jobs >= 7


def test_extra_time_is_the_voters_sandbox_time(first_run):
    results, _, rows = first_run
    seconds = {(r.key.task_id, r.key.sample_index): 0.0 for r in rows}
    for r in rows:
        seconds[(r.key.task_id, r.key.sample_index)] += r.wall_s
    every = sum(seconds.values()) / 2  # N=4: every parsing version votes on both tasks
    assert result(results, "behaviour-vote", 4).extra_s == pytest.approx(every)
    # public-then-vote runs only A's three public passes; B has one best candidate, no vote
    assert result(results, "public-then-vote", 4).extra_s == pytest.approx(sum(seconds[("T/A", i)] for i in (1, 2, 3)) / 2)
    assert all(result(results, p, n).extra_s == 0.0 for p in ("first", "logprob", "oracle") for n in (1, 2, 4))
    assert result(results, "behaviour-vote", 1).extra_s == 0.0  # one candidate: nothing to vote on
    vote = result(results, "behaviour-vote", 4)
    assert vote.total_s == pytest.approx(vote.wall_s + vote.extra_s) and vote.wall_s > 0


def test_a_second_evaluation_runs_nothing_and_agrees(recorded, first_run, sandbox):
    counting = CountingSandbox(sandbox)
    with Store.open(recorded) as store:
        again = evaluate(store, POOL, None, [1, 2, 4], POLICIES, settings=SETTINGS, sandbox=given(counting))
    assert counting.jobs == 0
    assert again == first_run[0]


def test_no_executions_when_no_policy_votes(tmp_path, sandbox):
    counting = CountingSandbox(sandbox)
    with Store.open(tmp_path / "p.db") as store:
        record(store, sandbox)
        results = evaluate(store, POOL, PROBLEMS, [2], ("logprob",), settings=SETTINGS, sandbox=given(counting))
        assert list(store.iter_behaviours(POOL)) == []
    assert counting.jobs == 0 and {r.policy for r in results} == {"logprob", "oracle"}


def test_a_pool_being_built_is_evaluated_on_its_finished_tasks(tmp_path, sandbox):
    with Store.open(tmp_path / "p.db") as store:
        record(store, sandbox, finished=False)
        with pytest.raises(SelectionError, match="no finished tasks"):
            evaluate(store, POOL, PROBLEMS, [2], ("logprob",), settings=SETTINGS)
        finish(store, "T/A")
        results = evaluate(store, POOL, PROBLEMS, [2], ("logprob",), settings=SETTINGS)
    assert {r.tasks for r in results} == {1}
    # task A alone: every pair of candidates but (c0, c1) holds c2 or c3, which pass the hidden tests
    assert result(results, "oracle", 2).pass_at_1 == pytest.approx(5 / 6)


def test_bad_requests_are_one_line_errors(recorded):
    with Store.open(recorded) as store:
        with pytest.raises(SelectionError, match="no pool"):
            evaluate(store, "nope", None, [1])
        with pytest.raises(SelectionError, match="M=4"):
            evaluate(store, POOL, None, [5])
        with pytest.raises(SelectionError, match="K_max=0"):
            evaluate(store, POOL, None, [1], settings=Settings(ks=(1,)))
        with pytest.raises(SelectionError, match="unknown selection policy"):
            evaluate(store, POOL, None, [1], ["majority"])
        with pytest.raises(SelectionError, match="no problem"):
            evaluate(store, POOL, PROBLEMS[:1], [1], ["behaviour-vote"])
