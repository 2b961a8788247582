"""The prompt cache: which cached prompt a call reuses, and samples that do not change when it does."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from decoding_support import first_messages, fresh, repair_messages, tokens

from codebudget.backends.base import SamplingParams
from codebudget.backends.batched import MIN_CHUNK, chunks
from codebudget.backends.kv_arena import KvArena
from codebudget.backends.prefix_cache import SlotTable, common_prefix

# --- bookkeeping ------------------------------------------------------------------------------------


def test_plan_reuses_the_longest_common_prefix_but_leaves_a_chunk_to_evaluate() -> None:
    table = SlotTable(4)
    table.start(table.plan([1, 2, 3], 1))
    table.store(0, list(range(20)))
    table.start(table.plan([9], 1))
    table.store(1, [*range(10), 99, 98])
    prompt = [*range(16), 7, 7, 7, 7, 7, 7, 7, 7]
    plan = table.plan(prompt, 2, min_suffix=8)
    assert (plan.source, plan.reused) == (0, 16)
    short = table.plan(list(range(12)), 1, min_suffix=8)  # inside both cached prompts: the latest is taken
    assert (short.source, short.reused) == (1, 4)
    assert table.plan(list(range(8)), 1, min_suffix=8).reused == 0
    assert table.plan([5, 5, 5], 1).source is None


def test_targets_take_free_ids_then_covered_prompts_then_the_least_recently_used() -> None:
    table = SlotTable(3)
    for slot, prompt in enumerate(([1, 2, 3, 4], [5, 6, 7, 8], [9, 9, 9, 9])):
        table.start(table.plan([0], 1))
        table.store(slot, prompt)
    # all ids hold prompts; [5, 6, 7, 8] is contained whole in the new prompt, [1, 2, 3, 4] is the oldest
    plan = table.plan([5, 6, 7, 8, 1, 1], 2, min_suffix=2)
    assert (plan.source, plan.reused) == (1, 4)
    assert plan.targets == (1, 0) and plan.evicted == (0,)
    table.start(plan)
    assert table.tokens(0) is None and table.tokens(1) is None and table.tokens(2) == (9, 9, 9, 9)
    # the source of a prompt not contained whole is taken last
    table.store(0, [5, 6, 7, 8, 1, 1])
    table.store(1, [4, 4])
    plan = table.plan([5, 6, 7, 8, 2, 2, 2], 3, min_suffix=2)
    assert plan.source == 0 and plan.targets[-1] == 0 and set(plan.evicted) == {1, 2}
    with pytest.raises(ValueError):
        table.plan([1], 4)


def test_common_prefix_and_chunks() -> None:
    assert common_prefix([1, 2, 3], [1, 2, 4, 5]) == 2 and common_prefix([1, 2], [1, 2, 3]) == 2
    for start, end in ((0, 5), (3, 515), (100, 1125), (0, 512), (7, 1031)):
        bounds = chunks(start, end)
        sizes = [b - a for a, b in bounds]
        assert bounds[0][0] == start and bounds[-1][1] == end
        assert all(a2 == b1 for (_, b1), (a2, _) in zip(bounds, bounds[1:]))
        assert max(sizes) <= 512 and max(sizes) - min(sizes) <= 1
        assert min(sizes) >= MIN_CHUNK or len(sizes) == 1


# --- the numbers reuse relies on --------------------------------------------------------------------


@pytest.fixture(scope="module")
def qwen(qwen05_path: Path):
    from codebudget.backends.llamacpp import LlamaCppBackend

    backend = LlamaCppBackend(str(qwen05_path))
    yield backend
    backend.close()


def _prompt_logits(arena: KvArena, prompt: list[int], cuts: list[int]) -> np.ndarray:
    arena.reset()
    bounds = list(zip([0, *cuts], [*cuts, len(prompt)]))
    for start, end in bounds:
        arena.decode(prompt[start:end], range(start, end), [[0]] * (end - start), {end - start - 1})
    return arena.logits(bounds[-1][1] - bounds[-1][0] - 1).copy()


def _steps(arena: KvArena, prompt: list[int], sizes: list[int], least: int, detour: bool) -> list[np.ndarray]:
    """Three sequences after a shared prompt decode the same 6 tokens each, in decodes of ``sizes`` rows;
    with ``detour``, another sequence's cells are taken and dropped in between."""
    arena.reset()
    arena.decode(prompt, range(len(prompt)), [[0, 1, 2]] * len(prompt), set())
    if detour:
        arena.decode(prompt[:20], range(20), [[3]] * 20, set())
        arena.drop(3)
    rows = [(prompt[j], len(prompt) + j, seq) for j in range(6) for seq in range(3)]
    found, at = [], 0
    for size in sizes:
        part = rows[at : at + size]
        arena.decode([r[0] for r in part], [r[1] for r in part], [[r[2]] for r in part], set(range(len(part))), least)
        found += [arena.logits(i).copy() for i in range(len(part))]
        at += size
    return found


@pytest.mark.model
@pytest.mark.parametrize("model", ["smollm2", "qwen"])
def test_logits_do_not_depend_on_chunks_batches_or_cache_history(model: str, request: pytest.FixtureRequest) -> None:
    backend = request.getfixturevalue(model)
    prompt = tokens(backend, repair_messages())[:300]
    arena = KvArena(backend._native, 2048, 512, 4, backend._sampler.n_threads)
    try:
        whole = _prompt_logits(arena, prompt, [])
        for cuts in ([8], [150], [100, 109], [292]):
            assert np.array_equal(_prompt_logits(arena, prompt, cuts), whole)
        small = _steps(arena, prompt, [3] * 6, 1, False)
        assert all(np.array_equal(a, b) for a, b in zip(small, _steps(arena, prompt, [7, 7, 4], 1, True)))
        large = _steps(arena, prompt, [9, 9], 8, False)
        assert all(np.array_equal(a, b) for a, b in zip(large, _steps(arena, prompt, [3] * 6, 8, True)))
        assert all(np.array_equal(a, b) for a, b in zip(large, _steps(arena, prompt, [18], 8, False)))
    finally:
        arena.close()


# --- samples with and without the cache -------------------------------------------------------------


def _run(sampler, backend, messages, **params):
    samples = sampler.generate(tokens(backend, messages), SamplingParams(**params))
    return samples, sampler.last_stats


@pytest.mark.model
@pytest.mark.parametrize("model", ["smollm2", "qwen"])
def test_a_continuation_reuses_the_prompt_and_gives_fresh_samples(model: str, request: pytest.FixtureRequest) -> None:
    backend = request.getfixturevalue(model)
    sampler = fresh(backend)
    first = tokens(backend, first_messages())
    candidates, stats = _run(sampler, backend, first_messages(), n=3, temperature=0.8, max_tokens=100, seed=5)
    assert stats.prompt_reused == 0 and stats.prompt_evaluated == len(first)
    repair = repair_messages(candidates[0].text)
    assert tokens(backend, repair)[: len(first)] == first
    cached, stats = _run(sampler, backend, repair, max_tokens=100)
    alone, fresh_stats = _run(fresh(backend), backend, repair, max_tokens=100)
    assert cached == alone
    assert stats.prompt_reused == len(first) and fresh_stats.prompt_reused == 0
    assert stats.prompt_reused + stats.prompt_evaluated == fresh_stats.prompt_evaluated


@pytest.mark.model
def test_repairs_of_each_candidate_in_turn(smollm2) -> None:
    sampler = fresh(smollm2)
    first = tokens(smollm2, first_messages())
    candidates, _ = _run(sampler, smollm2, first_messages(), n=3, temperature=0.8, max_tokens=60, seed=1)
    repairs = [repair_messages(c.text) for c in candidates]
    answers = []
    for repair in repairs:
        cached, stats = _run(sampler, smollm2, repair, max_tokens=60)
        assert cached == _run(fresh(smollm2), smollm2, repair, max_tokens=60)[0]
        assert stats.prompt_reused >= len(first)
        answers.append(cached)
    # each repair prompt stayed cached through the others' repairs: asked again, all but a chunk is reused
    for repair, answer in zip(repairs, answers):
        again, stats = _run(sampler, smollm2, repair, max_tokens=60)
        assert again == answer and stats.prompt_evaluated == MIN_CHUNK


@pytest.mark.model
def test_a_prompt_inside_or_equal_to_a_cached_one(smollm2) -> None:
    sampler = fresh(smollm2)
    whole = tokens(smollm2, repair_messages())
    _run(sampler, smollm2, repair_messages(), max_tokens=40)
    for prompt in (whole[: len(whole) // 2], whole, whole[:MIN_CHUNK], whole[:3]):
        params = SamplingParams(n=2, temperature=0.7, max_tokens=40, seed=4)
        cached = sampler.generate(prompt, params)
        assert cached == fresh(smollm2).generate(prompt, params)
        assert sampler.last_stats.prompt_reused == max(0, len(prompt) - MIN_CHUNK)


@pytest.mark.model
def test_a_forgotten_cache_reuses_nothing_and_gives_the_fresh_samples(smollm2) -> None:
    sampler = fresh(smollm2)
    prompt = tokens(smollm2, repair_messages())
    params = SamplingParams(n=2, temperature=0.7, max_tokens=30, seed=9)
    first = sampler.generate(prompt, params)
    sampler.forget()
    assert sampler.generate(prompt, params) == first and sampler.last_stats.prompt_reused == 0
    assert sampler.generate(prompt, params) == first and sampler.last_stats.prompt_reused == len(prompt) - MIN_CHUNK


@pytest.mark.model
def test_a_prompt_shorter_than_a_chunk_is_not_reused(smollm2) -> None:
    """Its cells were computed in a small batch; a longer prompt evaluates the same tokens in a chunk."""
    sampler = fresh(smollm2)
    whole = tokens(smollm2, first_messages())
    sampler.generate(whole[: MIN_CHUNK - 1], SamplingParams(max_tokens=4))
    params = SamplingParams(max_tokens=20)
    assert sampler.generate(whole[:40], params) == fresh(smollm2).generate(whole[:40], params)
    assert sampler.last_stats.prompt_reused == 0


@pytest.mark.model
def test_a_cache_grown_or_reset_midway_still_gives_the_fresh_samples(smollm2) -> None:
    sampler = fresh(smollm2)
    first = tokens(smollm2, first_messages())
    _run(sampler, smollm2, first_messages(), max_tokens=16)
    size = sampler._arena.size
    # needs more cells than the cache has: a larger one is made, and the cached prompt is lost
    big, stats = _run(sampler, smollm2, first_messages(), n=8, temperature=0.9, max_tokens=240, seed=2)
    assert sampler._arena.size > size and stats.prompt_reused == 0
    assert big == _run(fresh(smollm2), smollm2, first_messages(), n=8, temperature=0.9, max_tokens=240, seed=2)[0]
    # calls until the cells run out and the cache starts again
    used, resets = sampler._arena.used, 0
    for seed in range(12):
        messages = repair_messages(big[seed % 8].text)
        cached, stats = _run(sampler, smollm2, messages, n=4, temperature=0.9, max_tokens=150, seed=seed)
        assert cached == _run(fresh(smollm2), smollm2, messages, n=4, temperature=0.9, max_tokens=150, seed=seed)[0]
        if sampler._arena.used < used:  # the cells ran out: the cache started again, with nothing to reuse
            assert stats.prompt_reused == 0
            resets += 1
            break
        assert stats.prompt_reused >= len(first)
        used = sampler._arena.used
    assert resets == 1
