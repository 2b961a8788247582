"""The HTTP backend against a real ``python -m llama_cpp.server`` on 127.0.0.1."""

from __future__ import annotations

import time

import pytest

from codebudget.backends.base import BackendError, GenerationRequest, Message, SamplingParams
from codebudget.backends.openai_http import OpenAIBackend
from server_support import ALIAS, free_port

pytestmark = [pytest.mark.server, pytest.mark.model]

ASK = (Message("user", "Write a Python function that returns the square of x."),)


def test_chat_returns_n_samples(server_url: str) -> None:
    backend = OpenAIBackend(ALIAS, base_url=server_url)
    params = SamplingParams(n=3, temperature=0.9, max_tokens=24, seed=1)
    generation = backend.generate(GenerationRequest(messages=ASK, params=params))
    backend.close()
    assert len(generation.samples) == 3
    assert all(s.text and s.n_tokens > 0 for s in generation.samples)
    assert generation.backend == "openai" and generation.wall_s > 0


def test_completion_endpoint(server_url: str) -> None:
    backend = OpenAIBackend(ALIAS, base_url=server_url)
    request = GenerationRequest(prompt="def square(x):\n", params=SamplingParams(max_tokens=16, stop=("\n\n",)))
    sample = backend.generate(request).samples[0]
    backend.close()
    assert sample.n_tokens > 0 and "\n\n" not in sample.text


def test_greedy_is_repeatable(server_url: str) -> None:
    backend = OpenAIBackend(ALIAS, base_url=server_url)
    request = GenerationRequest(messages=ASK, params=SamplingParams(temperature=0.0, max_tokens=20))
    first, second = (backend.generate(request).samples[0].text for _ in range(2))
    backend.close()
    assert first == second


def test_unknown_model_is_a_clear_error(server_url: str) -> None:
    backend = OpenAIBackend("no-such-model", base_url=server_url)
    with pytest.raises(BackendError, match="does not serve model 'no-such-model'.*smollm2"):
        backend.generate(GenerationRequest(messages=ASK, params=SamplingParams(max_tokens=4)))


def test_server_down_is_a_clear_error_after_bounded_retries() -> None:
    backend = OpenAIBackend(ALIAS, base_url=f"http://127.0.0.1:{free_port()}/v1", retries=2, backoff_s=0.05)
    started = time.monotonic()
    with pytest.raises(BackendError, match="nothing is listening at .*is the server running"):
        backend.generate(GenerationRequest(messages=ASK, params=SamplingParams(max_tokens=4)))
    assert time.monotonic() - started < 5


def test_timeout_is_reported(server_url: str) -> None:
    backend = OpenAIBackend(ALIAS, base_url=server_url, request_timeout_s=0.001, retries=0)
    with pytest.raises(BackendError, match=r"within 0\.001 s \(tried once\)"):
        backend.generate(GenerationRequest(messages=ASK, params=SamplingParams(max_tokens=64)))


PREFILLED = (Message("user", "Complete the function in a ```python block.\n\ndef double(x):\n    \"\"\"Twice x.\"\"\"\n"),
             Message("assistant", "```python\ndef double(x):\n    \"\"\"Twice x.\"\"\""))


def test_a_prefilled_answer_is_continued_through_the_completion_endpoint_with_the_models_template(
        server_url: str, smollm2_path) -> None:
    """llama-cpp-python's server cannot continue an assistant message; rendered here, its completion endpoint does."""
    from codebudget.backends.llamacpp import LlamaCppBackend

    params = SamplingParams(temperature=0.0, max_tokens=24, stop=("\n```",))
    served = OpenAIBackend(ALIAS, base_url=server_url, template=str(smollm2_path))
    remote = served.generate(GenerationRequest(messages=PREFILLED, params=params)).samples[0]
    served.close()
    local = LlamaCppBackend(smollm2_path)
    here = local.generate(GenerationRequest(messages=PREFILLED, params=params)).samples[0]
    local.close()
    assert remote.n_tokens > 0 and not remote.text.lstrip().startswith(("```python", "def double"))  # continued
    assert remote.text == here.text  # the same prompt the in-process backend renders, the same greedy answer


def test_a_missing_template_file_is_a_one_line_error(tmp_path) -> None:
    from codebudget.errors import CodebudgetError

    with pytest.raises(CodebudgetError, match="nothing.gguf"):
        OpenAIBackend(ALIAS, template=str(tmp_path / "nothing.gguf"))
