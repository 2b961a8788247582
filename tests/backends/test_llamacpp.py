"""The in-process llama.cpp backend on the real SmolLM2-135M model."""

from __future__ import annotations

from pathlib import Path

import pytest

from codebudget.backends.base import BackendError, GenerationRequest, Message, SamplingParams
from codebudget.models import ModelError
from codebudget.records import FinishReason

pytestmark = pytest.mark.model

ASK = (Message("user", "Write a Python function that adds two numbers."),)


def _request(**params) -> GenerationRequest:
    return GenerationRequest(messages=ASK, params=SamplingParams(**params))


def test_batched_call_returns_n_distinct_seeded_samples(smollm2) -> None:
    generation = smollm2.generate(_request(n=4, temperature=1.0, max_tokens=24, seed=5))
    assert len(generation.samples) == 4
    assert [s.seed for s in generation.samples] == [5, 6, 7, 8]
    assert len({s.text for s in generation.samples}) > 1
    for sample in generation.samples:
        assert 0 < sample.n_tokens <= 24
        assert sample.mean_logprob is not None and sample.mean_logprob < 0
    assert generation.prompt_tokens > 10 and generation.wall_s > 0


def test_sample_in_batch_equals_same_seed_alone(smollm2) -> None:
    alone = smollm2.generate(_request(n=1, temperature=0.8, max_tokens=16, seed=12)).samples[0]
    batch = smollm2.generate(_request(n=3, temperature=0.8, max_tokens=16, seed=10)).samples
    assert batch[2].seed == 12
    assert batch[2].text[:20] == alone.text[:20]


def test_greedy_samples_in_one_batch_are_identical(smollm2) -> None:
    samples = smollm2.generate(_request(n=3, temperature=0.0, max_tokens=20)).samples
    assert len({s.text for s in samples}) == 1


def test_max_tokens_and_stop_strings(smollm2) -> None:
    long = smollm2.generate(_request(temperature=0.0, max_tokens=8)).samples[0]
    assert long.finish_reason is FinishReason.LENGTH and long.n_tokens == 8
    full = smollm2.generate(_request(temperature=0.0, max_tokens=40)).samples[0].text
    stop = full[10:14]
    cut = smollm2.generate(_request(temperature=0.0, max_tokens=40, stop=(stop,))).samples[0]
    assert cut.finish_reason is FinishReason.STOP
    assert stop not in cut.text and full.startswith(cut.text)


def test_chat_template_comes_from_gguf_metadata(smollm2) -> None:
    source = smollm2._native.metadata["tokenizer.chat_template"]
    assert "im_start" in source
    rendered = smollm2.template.render(ASK)
    assert rendered.endswith("<|im_start|>assistant\n")
    assert "<|im_start|>user\nWrite a Python function" in rendered


def test_raw_prompt_completion_mode(smollm2) -> None:
    request = GenerationRequest(prompt="def add(a, b):\n", params=SamplingParams(max_tokens=12))
    assert smollm2.generate(request).samples[0].n_tokens > 0


def test_truncated_gguf_is_refused_in_one_line(smollm2_path: Path, tmp_path: Path) -> None:
    from codebudget.backends.llamacpp import LlamaCppBackend

    truncated = tmp_path / "truncated.gguf"
    with open(smollm2_path, "rb") as source:
        truncated.write_bytes(source.read(2_000_000))
    with pytest.raises(ModelError) as caught:  # refused from its header, before llama.cpp reads it
        LlamaCppBackend(str(truncated))
    assert "truncated" in str(caught.value) and "\n" not in str(caught.value)


def test_prompt_longer_than_context_is_refused(smollm2) -> None:
    request = GenerationRequest(prompt="word " * 9000, params=SamplingParams(max_tokens=8))
    with pytest.raises(BackendError, match="exceeds the model's context"):
        smollm2.generate(request)


def test_a_process_pinned_to_one_core_decodes_with_one_thread(smollm2_path: Path) -> None:
    """The default thread count is the cores the process may use (taskset, a cpuset), not every core of the
    machine: the other threads would only wait for a core."""
    import subprocess
    import sys

    script = ("import os; os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]}); "
              "from codebudget.backends.llamacpp import LlamaCppBackend; "
              f"print(LlamaCppBackend({str(smollm2_path)!r}).n_threads)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.split() == ["1"]
