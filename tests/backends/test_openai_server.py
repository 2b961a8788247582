"""The HTTP backend against a real ``python -m llama_cpp.server`` on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from codebudget.backends.base import BackendError, GenerationRequest, Message, SamplingParams
from codebudget.backends.openai_http import OpenAIBackend

pytestmark = [pytest.mark.server, pytest.mark.model]

ALIAS = "smollm2"
ASK = (Message("user", "Write a Python function that returns the square of x."),)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, limit_s: float = 60.0) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/models", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.3)
    raise RuntimeError("llama_cpp.server did not come up")


@pytest.fixture(scope="module")
def server_url(smollm2_path: Path):
    port = _free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(smollm2_path), "--model_alias", ALIAS,
               "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048", "--verbose", "False"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


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
    backend = OpenAIBackend(ALIAS, base_url=f"http://127.0.0.1:{_free_port()}/v1", max_retries=2, backoff_s=0.05)
    started = time.monotonic()
    with pytest.raises(BackendError, match="cannot reach .*is the server running"):
        backend.generate(GenerationRequest(messages=ASK, params=SamplingParams(max_tokens=4)))
    assert time.monotonic() - started < 5


def test_timeout_is_reported(server_url: str) -> None:
    backend = OpenAIBackend(ALIAS, base_url=server_url, timeout_s=0.001, max_retries=0)
    with pytest.raises(BackendError, match="cannot reach"):
        backend.generate(GenerationRequest(messages=ASK, params=SamplingParams(max_tokens=64)))
