"""Teacher-forced log-probabilities of a continuation (LlamaCppBackend.score) on a real model."""

from __future__ import annotations

import math

import numpy as np

from codebudget.backends.base import GenerationRequest, Message, SamplingParams

MESSAGES = (Message("system", "You are a helpful assistant."), Message("user", "Count from one to ten in words."))


def test_the_greedy_answer_scores_as_the_decoder_sampled_it(smollm2) -> None:
    sample = smollm2.generate(GenerationRequest(messages=MESSAGES, params=SamplingParams(max_tokens=24))).samples[0]
    scores = smollm2.score(MESSAGES, sample.text)
    assert len(scores) == sample.n_tokens  # the text tokenises back to the tokens the decoder drew
    assert np.all(scores <= 0) and np.all(np.isfinite(scores))
    assert math.isclose(float(scores.mean()), sample.mean_logprob, abs_tol=0.05)


def test_a_garbled_continuation_is_less_likely_than_the_models_own(smollm2) -> None:
    sample = smollm2.generate(GenerationRequest(messages=MESSAGES, params=SamplingParams(max_tokens=24))).samples[0]
    garbled = sample.text[::-1]
    assert garbled != sample.text
    assert smollm2.score(MESSAGES, garbled).mean() < smollm2.score(MESSAGES, sample.text).mean() - 0.5


def test_scoring_leaves_the_samplers_cache_as_it_was(smollm2) -> None:
    request = GenerationRequest(messages=MESSAGES, params=SamplingParams(max_tokens=16))
    before = smollm2.generate(request).samples[0]
    smollm2.score(MESSAGES, "one two three")
    after = smollm2.generate(request)
    assert after.samples[0].text == before.text
    assert smollm2._sampler.last_stats.prompt_reused > 0  # the prompt cached by the first call is still there
