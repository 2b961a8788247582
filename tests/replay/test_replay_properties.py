"""Properties of replay over random small pools, checked against an independent pipeline."""

from __future__ import annotations

import itertools
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_pipeline import reference_run

from codebudget.candidates import (
    TOKEN_SHARE,
    BatchCall,
    CandidatePool,
    Chain,
    Pool,
    SamplingTime,
    SuiteResult,
    Version,
    pass_at_k,
)
from codebudget.replay import ReplayConfig, ReplayOptions, replay, replay_task
from codebudget.selection import get_policy

TOTAL = 3
POLICIES = ("public-tests", "oracle", "first")
FIELDS = ("pass_rate", "public_pass_rate", "wall_s", "sample_s", "test_s", "repair_s", "grade_s", "tokens", "model_calls")


@st.composite
def versions(draw, length: int, k_max: int) -> tuple[Version, ...]:
    """A chain's versions: every one but the last fails public; a short chain ends on a pass."""
    built = []
    for r in range(length):
        last = r == length - 1
        must_pass = last and length - 1 < k_max
        syntax_ok = must_pass or draw(st.sampled_from([True, True, True, False]))
        public_ok = syntax_ok and last and (must_pass or draw(st.booleans()))
        hidden_ok = syntax_ok and draw(st.booleans())
        passed = TOTAL if public_ok else draw(st.integers(0, TOTAL - 1)) * syntax_ok
        built.append(
            Version(
                round=r,
                syntax_ok=syntax_ok,
                public=SuiteResult(public_ok, passed, TOTAL, float(draw(st.integers(0, 3)))),
                hidden=SuiteResult(hidden_ok, int(hidden_ok), 1, float(draw(st.integers(0, 2)))),
                mean_logprob=-draw(st.integers(1, 9)) / 8,
                n_tokens=draw(st.integers(1, 50)),
                gen_wall_s=float(draw(st.integers(1, 20))) if r else 0.0,
                prompt_tokens=10,
                repair_prompt=draw(st.sampled_from(["", "a", "b"])) if r else "",  # twins across chains
            )
        )
    return tuple(built)


@st.composite
def pools(draw, max_m: int = 5) -> Pool:
    k_max = draw(st.integers(0, 3))
    m = draw(st.integers(1, max_m))
    chains = tuple(
        Chain(i, draw(versions(draw(st.integers(1, k_max + 1)), k_max))) for i in range(m)
    )
    task = CandidatePool("bench", "T", chains, (BatchCall(float(draw(st.integers(1, 20))), 10, tuple(range(m))),))
    return Pool("pool", k_max, 0.8, (task,))


@st.composite
def configured(draw, max_m: int = 5) -> tuple[Pool, ReplayConfig]:
    pool = draw(pools(max_m))
    return pool, ReplayConfig(draw(st.integers(1, pool.m)), draw(st.integers(0, pool.k_max)))


def replayed(pool: Pool, config: ReplayConfig, **options):
    return replay(pool, config, POLICIES, cost=TOKEN_SHARE, options=ReplayOptions(**options))


def reference(pool: Pool, config: ReplayConfig, policy: str, draws) -> dict[str, float]:
    task = pool.tasks[0]
    sampling = SamplingTime.for_task(task, TOKEN_SHARE)
    runs = []
    for indices in draws:
        out = reference_run([task.chains[i] for i in indices], config.k, policy, sampling(indices))
        runs.append(out)
    return {
        "pass_rate": statistics.fmean(o.hidden_passed for o in runs),
        "public_pass_rate": statistics.fmean(o.public_passed for o in runs),
        "wall_s": statistics.fmean(o.wall_s for o in runs),
        "grade_s": statistics.fmean(o.grade_s for o in runs),
        "tokens": statistics.fmean(o.tokens for o in runs),
        "model_calls": statistics.fmean(o.model_calls for o in runs),
    }


@settings(max_examples=150, deadline=None)
@given(configured())
def test_replay_equals_the_reference_pipeline_averaged_over_subsets(case):
    pool, config = case
    result = replayed(pool, config)
    subsets = list(itertools.combinations(range(pool.m), config.n))
    for policy in POLICIES:
        expected = reference(pool, config, policy, subsets)
        got = result.figure(policy)
        assert {k: getattr(got, k) for k in expected} == pytest.approx(expected)


@settings(max_examples=60, deadline=None)
@given(configured(max_m=4))
def test_symmetric_replay_equals_the_reference_over_every_ordering(case):
    pool, config = case
    result = replayed(pool, config, symmetric=True)
    orders = list(itertools.permutations(range(pool.m), config.n))
    for policy in POLICIES:
        expected = reference(pool, config, policy, orders)
        assert {k: getattr(result.figure(policy), k) for k in expected} == pytest.approx(expected)


@settings(max_examples=100, deadline=None)
@given(pools(), st.data())
def test_n_equal_m_is_the_single_full_run(pool, data):
    k = data.draw(st.integers(0, pool.k_max))
    result = replayed(pool, ReplayConfig(pool.m, k))
    assert result.tasks[0].draws == 1 and result.exact
    for policy in POLICIES:
        (expected,) = [reference(pool, ReplayConfig(pool.m, k), policy, [tuple(range(pool.m))])]
        got = result.figure(policy)
        assert got.pass_rate in (0.0, 1.0)
        assert {k: getattr(got, k) for k in expected} == pytest.approx(expected)
        assert got.sample_s == pytest.approx(pool.tasks[0].calls[0].wall_s)  # the measured call


@settings(max_examples=150, deadline=None)
@given(configured())
def test_the_oracle_bounds_every_honest_policy(case):
    pool, config = case
    result = replayed(pool, config)
    assert result.oracle.pass_rate >= result.honest.pass_rate - 1e-12
    assert result.oracle.pass_rate >= result.figure("first").pass_rate - 1e-12


@settings(max_examples=100, deadline=None)
@given(pools())
def test_the_oracle_is_monotone_in_n_and_k_and_matches_pass_at_k(pool):
    task = pool.tasks[0]
    grid = {(n, k): replayed(pool, ReplayConfig(n, k)).oracle.pass_rate
            for n in range(1, pool.m + 1) for k in range(pool.k_max + 1)}
    for (n, k), rate in grid.items():
        assert grid.get((n + 1, k), 1.0) >= rate - 1e-12
        assert grid.get((n, k + 1), 1.0) >= rate - 1e-12
        correct = sum(any(v.hidden_passed for v in c.upto(k)) for c in task.chains)
        assert rate == pytest.approx(pass_at_k(pool.m, correct, n))


@settings(max_examples=100, deadline=None)
@given(configured())
def test_k0_ignores_repairs(case):
    pool, config = case
    task = pool.tasks[0]
    initial_only = CandidatePool(task.benchmark, task.task_id,
                            tuple(Chain(c.sample_index, c.versions[:1]) for c in task.chains), task.calls)
    bare = Pool(pool.config_hash, 0, pool.temperature, (initial_only,))
    with_repairs = replayed(pool, ReplayConfig(config.n, 0))
    assert replayed(bare, ReplayConfig(config.n, 0)).figures == with_repairs.figures
    assert with_repairs.honest.repair_s == 0 and with_repairs.honest.model_calls == 1


@settings(max_examples=100, deadline=None)
@given(configured())
def test_with_one_candidate_honest_is_first(case):
    pool, config = case
    result = replayed(pool, ReplayConfig(1, config.k))
    honest, first = result.honest, result.figure("first")
    assert {k: getattr(honest, k) for k in FIELDS} == {k: getattr(first, k) for k in FIELDS}
    symmetric = replayed(pool, ReplayConfig(1, config.k), symmetric=True)
    assert symmetric.figures == result.figures


@settings(max_examples=100, deadline=None)
@given(configured())
def test_honest_policies_never_see_hidden_results(case):
    pool, config = case
    seen = []

    class Spy:
        name, uses_hidden, early_stop, needs = "spy", False, True, frozenset()

        def extra_s(self, candidates):
            return 0.0

        def select(self, candidates):
            seen.extend(v.hidden for c in candidates for v in c.versions)
            return get_policy("public-tests").select(candidates)

    task = pool.tasks[0]
    replay_task(task, config, [Spy()], SamplingTime.for_task(task, TOKEN_SHARE))
    assert seen and all(h is None for h in seen)
