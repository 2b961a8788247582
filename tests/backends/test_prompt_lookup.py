"""Prompt-lookup drafting: the n-gram lookup, the draft length and cost gate, and samples that do not change."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from decoding_support import draft_everything, first_messages, fresh, repair_messages, tokens  # noqa: F401

from codebudget.backends.base import SamplingParams
from codebudget.backends.decode_stats import Tally
from codebudget.backends.draft_gate import Acceptance, DecodeShape, StepCosts, choose
from codebudget.backends.lookup import DraftLength, NgramIndex
from codebudget.backends.sampling import TokenSampler
from codebudget.backends.sequence import SequenceState
from codebudget.backends.stepping import Lane, Stepper, take

# --- the lookup -------------------------------------------------------------------------------------


def test_draft_follows_the_latest_earlier_occurrence_of_the_longest_tail() -> None:
    index = NgramIndex([1, 2, 3, 9, 9, 2, 3, 7, 8, 5, 2, 3])
    # tail (2, 3) last occurred at 5..6, followed by 7 8 5 ...; the 3-gram (5, 2, 3) never occurred before
    assert index.draft(3) == [7, 8, 5]
    index.append(7)  # tail (2, 3, 7) occurred at 5..7, followed by 8 5 2 3 7
    assert index.draft(10) == [8, 5, 2, 3, 7]


def test_longer_match_wins_over_a_more_recent_shorter_one() -> None:
    index = NgramIndex([4, 5, 6, 1, 6, 2, 4, 5, 6])
    # (4, 5, 6) occurred at 0..2, followed by 1; the 1-gram (6) occurred more recently, followed by 2
    assert index.draft(1) == [1]


def test_no_draft_without_an_earlier_occurrence_or_room() -> None:
    assert NgramIndex([1, 2, 3]).draft(4) == []
    assert NgramIndex([1, 2, 1, 2]).draft(0) == []
    assert NgramIndex([]).draft(3) == []


def test_a_copy_grows_on_its_own() -> None:
    shared = NgramIndex([1, 2, 3, 1])
    a, b = shared.copy(), shared.copy()
    a.append(2)
    b.append(9)
    assert a.draft(2) == [3, 1] and b.draft(2) == [] and shared.draft(2) == [2, 3]


def test_draft_length_halves_on_a_full_miss_and_doubles_on_a_full_take() -> None:
    length = DraftLength(8)
    length.update(8, 0)
    assert length.current == 4
    length.update(4, 2)  # partly taken: unchanged
    assert length.current == 4
    for _ in range(5):
        length.update(length.current, 0)
    assert length.current == 1
    length.update(1, 1)
    length.update(2, 2)
    length.update(4, 4)
    length.update(8, 8)
    assert length.current == 8
    length.update(0, 0)
    assert length.current == 8


# --- the cost gate ----------------------------------------------------------------------------------


def test_acceptance_counts_takes_and_misses() -> None:
    rate = Acceptance(0.0, 0.0)
    rate.update(4, 4)  # all taken: no miss
    rate.update(4, 2)  # two taken, then a miss
    assert (rate.taken, rate.missed) == (6, 1)
    p = 6 / 7
    assert rate.expected(3) == pytest.approx(p + p**2 + p**3)
    assert rate.expected(0) == 0


def test_step_costs_learn_by_rows_and_split_and_pad_by_shape() -> None:
    costs = StepCosts()
    assert costs.decode(3) == pytest.approx(2.0)  # prior only: 1 + 0.5 (k - 1) on a relative scale
    costs.record(1, 0.02)
    costs.record(7, 0.10)
    costs.record(7, 0.05)
    assert costs.decode(7) == pytest.approx(0.10 + 0.2 * (0.05 - 0.10))
    assert costs.decode(3) == pytest.approx(0.02 * 2.0)
    small, large = DecodeShape(1, 7), DecodeShape(8, 512)
    assert small.sizes(16) == [6, 5, 5] and large.sizes(5) == [5] and large.sizes(600) == [300, 300]
    assert costs.step(14, small) == pytest.approx(2 * costs.decode(7))
    assert costs.step(3, large) == pytest.approx(costs.decode(8))  # three rows padded to eight


def test_gate_drafts_only_where_it_raises_tokens_per_second() -> None:
    shape = DecodeShape(1, 7)
    sure, unsure = Acceptance(99.0, 1.0), Acceptance(1.0, 9.0)
    cheap = StepCosts()
    for rows in range(1, 8):
        cheap.record(rows, 0.01 * (1 + 0.1 * (rows - 1)))  # extra rows nearly free
    dear = StepCosts()
    for rows in range(1, 8):
        dear.record(rows, 0.01 * rows * 1.5)  # every extra row dearer than a token of its own
    draft = [5, 6, 7, 8]
    assert choose([draft], [sure], cheap, shape) == [draft]
    assert choose([draft], [unsure], dear, shape) == [[]]
    assert choose([draft], [sure], dear, shape) == [[]]
    # a large call pays for eight rows anyway: drafts that fill the padding are free
    padded = StepCosts()
    padded.record(8, 0.08)
    padded.record(9, 0.3)
    assert choose([draft, draft], [unsure, unsure], padded, DecodeShape(8, 512)) == [draft, draft[:2]]


# --- verification on a model made of numbers --------------------------------------------------------

VOCAB = 3
RNG_TABLE = np.random.default_rng(7).normal(0, 1.2, size=(VOCAB, VOCAB)).astype(np.float32)


class _BigramArena:
    """Logits of a bigram model instead of llama.cpp: the logits after a token depend on that token only."""

    room = 10**6

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.dropped: list[tuple[int, int]] = []

    def decode(self, tokens, positions, seqs, logits_at, least=0) -> None:
        self.rows = list(tokens)

    def logits(self, index: int) -> np.ndarray:
        return RNG_TABLE[self.rows[index]]

    def drop(self, seq: int, start: int = 0) -> None:
        self.dropped.append((seq, start))


class _Model:
    def is_eog(self, token: int) -> bool:
        return False

    def piece(self, token: int) -> bytes:
        return b"abc"[token : token + 1]


def _bigram_samples(seed: int, draft: int, max_tokens: int, stop: tuple[str, ...] = ()):
    prompt = (0, 1, 2, 0, 1, 2, 0, 1)
    arena, model = _BigramArena(), _Model()
    state = SequenceState(0, seed, TokenSampler(1.0, 1.0, seed), stop, max_tokens)
    lane = Lane(state, 0, len(prompt), NgramIndex(prompt) if draft else None, draft)
    take(model, lane, RNG_TABLE[prompt[-1]])
    tally = Tally()
    Stepper(arena, model, DecodeShape(1, 7), StepCosts(), tally).run([lane], draft, max_tokens)
    return state.sample(), state.tokens, tally.freeze()


@pytest.mark.usefixtures("draft_everything")
def test_accept_rule_keeps_the_model_distribution() -> None:
    """With drafts verified draw by draw, each seed gives the same tokens as without drafts, so the
    tokens follow the model's own distribution (chi-square over 3-token outcomes, fixed seeds)."""
    seeds = range(3000)
    drafted = [_bigram_samples(seed, 4, 3) for seed in seeds]
    plain = [_bigram_samples(seed, 0, 3)[1] for seed in seeds]
    assert [tokens for _, tokens, _ in drafted] == plain
    assert sum(stats.drafted for *_, stats in drafted) > 2000 and sum(stats.accepted for *_, stats in drafted) > 500
    probs = np.exp(RNG_TABLE.astype(np.float64))
    probs /= probs.sum(axis=1, keepdims=True)
    counts = Counter(tuple(tokens) for _, tokens, _ in drafted)
    chi2 = 0.0
    for a in range(VOCAB):
        for b in range(VOCAB):
            for c in range(VOCAB):
                expected = len(seeds) * probs[1, a] * probs[a, b] * probs[b, c]
                chi2 += (counts[(a, b, c)] - expected) ** 2 / expected
    assert chi2 < 54.05  # chi-square, 26 degrees of freedom, p = 0.001


@pytest.mark.usefixtures("draft_everything")
def test_stop_strings_and_length_cut_a_draft_where_plain_decoding_stops() -> None:
    for seed in range(200):
        for stop, max_tokens in (((), 5), (("ca",), 12), (("bb", "ac"), 9)):
            with_drafts = _bigram_samples(seed, 6, max_tokens, stop)
            without = _bigram_samples(seed, 0, max_tokens, stop)
            assert with_drafts[:2] == without[:2]


# --- real models ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def qwen(qwen05_path: Path):
    from codebudget.backends.llamacpp import LlamaCppBackend

    backend = LlamaCppBackend(str(qwen05_path))
    yield backend
    backend.close()


def _generate(backend, messages, **params):
    sampler = fresh(backend)
    samples = sampler.generate(tokens(backend, messages), SamplingParams(**params))
    return samples, sampler.last_stats


@pytest.mark.model
@pytest.mark.usefixtures("draft_everything")
@pytest.mark.parametrize("model", ["smollm2", "qwen"])
@pytest.mark.parametrize("prompt", ["first", "repair"])
def test_greedy_samples_are_the_same_with_drafts(model: str, prompt: str, request: pytest.FixtureRequest) -> None:
    backend = request.getfixturevalue(model)
    messages = first_messages() if prompt == "first" else repair_messages()
    plain, plain_stats = _generate(backend, messages, max_tokens=160)
    drafted, stats = _generate(backend, messages, max_tokens=160, draft=8)
    assert drafted == plain  # texts, token counts, mean log-probabilities, finish reasons
    assert plain_stats.drafted == 0 and stats.drafted > 0
    assert stats.steps + stats.accepted == plain_stats.steps  # the same draws, fewer decodes
    if prompt == "repair":
        assert stats.accepted > 20  # the answer copies much of the code it was shown


@pytest.mark.model
@pytest.mark.usefixtures("draft_everything")
def test_sampled_batch_is_the_same_with_drafts(smollm2) -> None:
    for messages in (first_messages(), repair_messages()):
        params = dict(n=3, temperature=0.8, max_tokens=120, seed=11)
        plain, _ = _generate(smollm2, messages, **params)
        drafted, stats = _generate(smollm2, messages, draft=8, **params)
        assert drafted == plain
        assert len({s.text for s in plain}) > 1
    assert stats.accepted > 0


@pytest.mark.model
@pytest.mark.usefixtures("draft_everything")
def test_large_batch_pads_and_is_the_same_with_drafts(smollm2) -> None:
    params = dict(n=9, temperature=0.8, max_tokens=60, seed=3)
    plain, _ = _generate(smollm2, repair_messages(), **params)
    drafted, stats = _generate(smollm2, repair_messages(), draft=6, **params)
    assert drafted == plain and stats.accepted > 0


@pytest.mark.model
def test_samples_are_the_same_whatever_the_gate_decides(smollm2) -> None:
    """Without the test switch the gate drafts only while it expects a gain, from measured decode times."""
    plain, plain_stats = _generate(smollm2, repair_messages(), max_tokens=120)
    drafted, stats = _generate(smollm2, repair_messages(), max_tokens=120, draft=8)
    assert drafted == plain
    assert stats.steps + stats.accepted == plain_stats.steps
