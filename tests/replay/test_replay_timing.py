"""The sampling-time model: fitting, calibration to the measured call, monotonicity."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pool_builders import pool, task, version

from codebudget.candidates import TOKEN_SHARE, CallCost, CallObservation, SamplingTime, fit_call_cost, observations

TRUE = CallCost(overhead_s=0.2, prompt_token_s=0.001, step_s=0.03, token_s=0.01)


def observe(prompt: int, tokens: tuple[int, ...], cost: CallCost = TRUE) -> CallObservation:
    return CallObservation(cost.predict(prompt, tokens), prompt, tokens)


def test_predict_by_hand():
    # 0.2 + 0.001 * 100 + 0.03 * max(10, 30) + 0.01 * (10 + 30) = 0.2 + 0.1 + 0.9 + 0.4
    assert TRUE.predict(100, (10, 30)) == pytest.approx(1.6)
    assert TOKEN_SHARE.predict(100, (10, 30)) == 40


def test_the_fit_recovers_a_batched_decode():
    calls = [observe(p, t) for p, t in [(100, (10, 30, 20)), (300, (50, 5, 5)), (50, (40, 40, 40)),
                                         (80, (7,)), (400, (60,)), (120, (3, 90, 12)), (10, (1,))]]
    fitted = fit_call_cost(calls)
    for name in ("overhead_s", "prompt_token_s", "step_s", "token_s"):
        assert getattr(fitted, name) == pytest.approx(getattr(TRUE, name), rel=1e-6)


def test_negative_coefficients_are_dropped():
    # Time that falls as prompts grow cannot be fitted with a negative cost; the rest must explain it.
    calls = [CallObservation(10.0 - p / 100, p, (t,)) for p, t in [(100, 10), (200, 10), (300, 30), (400, 5)]]
    fitted = fit_call_cost(calls)
    assert min(fitted.overhead_s, fitted.prompt_token_s, fitted.step_s, fitted.token_s) >= 0


def test_nothing_to_fit_gives_the_token_share():
    assert fit_call_cost([]) == TOKEN_SHARE
    assert fit_call_cost([CallObservation(1.0, 10, ())]) == TOKEN_SHARE


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 100), st.integers(0, 500), st.lists(st.integers(0, 300), min_size=1, max_size=6)),
                min_size=1, max_size=12))
def test_the_fit_is_never_negative(rows):
    fitted = fit_call_cost([CallObservation(w, p, tuple(t)) for w, p, t in rows])
    assert min(fitted.overhead_s, fitted.prompt_token_s, fitted.step_s, fitted.token_s) >= 0


def test_token_share_by_hand():
    t = task((version("ph", tokens=10),), (version("ph", tokens=30),), (version("ph", tokens=60),), call_s=5.0)
    share = SamplingTime.for_task(t, TOKEN_SHARE)
    assert share((0, 1, 2)) == pytest.approx(5.0)
    assert share((1,)) == pytest.approx(5.0 * 30 / 100)
    assert share((0, 2)) == pytest.approx(5.0 * 70 / 100)


def test_calibration_reproduces_the_measured_call():
    t = task((version("ph", tokens=10),), (version("ph", tokens=30),), call_s=2.0)
    timed = SamplingTime.for_task(t, TRUE)
    modelled_all = TRUE.predict(50, (10, 30))
    assert timed((0, 1)) == pytest.approx(2.0)
    assert timed((1,)) == pytest.approx(2.0 * TRUE.predict(50, (30,)) / modelled_all)


def test_without_tokens_the_share_is_per_sample():
    t = task((version("ph", tokens=0),), (version("ph", tokens=0),), call_s=4.0)
    assert SamplingTime.for_task(t, TOKEN_SHARE)((1,)) == pytest.approx(2.0)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 200), min_size=2, max_size=6), st.data())
def test_more_samples_never_take_less_time(tokens, data):
    t = task(*[(version("ph", tokens=n),) for n in tokens], call_s=7.0)
    cost = CallCost(*(data.draw(st.floats(0, 1)) for _ in range(4)))
    timed = SamplingTime.for_task(t, cost)
    subset = sorted(data.draw(st.sets(st.integers(0, len(tokens) - 1), min_size=1)))
    bigger = sorted(set(subset) | {data.draw(st.integers(0, len(tokens) - 1))})
    assert timed(bigger) >= timed(subset) - 1e-9


def test_observations_are_the_batched_calls_and_every_repair():
    p = pool(task(("ph", "ph", "PH"), ("PH",)), task(("ph", "Ph"), task_id="T/1"))
    found = observations(p)
    assert len(found) == 2 + 3
    assert [len(o.sample_tokens) for o in found] == [2, 1, 1, 1, 1]
