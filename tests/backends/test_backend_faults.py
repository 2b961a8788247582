"""Backend faults a user meets: a server that is down, silent, trickling or refusing; a prompt far too long.

Each must end in one clear line within a bound the user can compute, never a
traceback or a hang. Servers are real sockets on 127.0.0.1: a closed port, a
thread that accepts and never answers, one that answers an error, and the real
``llama_cpp.server``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from server_support import ALIAS, answer_with, free_port, never_answer, socket_server, trickle

from codebudget.backends.base import BackendError, GenerationRequest, Message, SamplingParams
from codebudget.backends.openai_http import OpenAIBackend

ASK = (Message("user", "Write a Python function that returns the square of x."),)
SLACK_S = 0.5  # scheduling and connection set-up on a busy 2-core machine


def _request(max_tokens: int = 8) -> GenerationRequest:
    return GenerationRequest(messages=ASK, params=SamplingParams(max_tokens=max_tokens))


def _fail(backend: OpenAIBackend) -> tuple[str, float]:
    started = time.monotonic()
    with pytest.raises(BackendError) as caught:
        backend.generate(_request())
    backend.close()
    return str(caught.value), time.monotonic() - started


def test_deadline_is_timeout_times_attempts_plus_backoff() -> None:
    backend = OpenAIBackend(ALIAS, request_timeout_s=10, retries=2, backoff_s=0.5)
    assert backend.deadline_s == 10 * 3 + 0.5 + 1.0
    with pytest.raises(BackendError, match="positive"):
        OpenAIBackend(ALIAS, request_timeout_s=0)
    with pytest.raises(BackendError, match="retries"):
        OpenAIBackend(ALIAS, retries=-1)


def test_closed_port_says_nothing_is_listening() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    backend = OpenAIBackend(ALIAS, base_url=url, request_timeout_s=1, retries=1)
    message, took = _fail(backend)
    assert message == f"nothing is listening at {url} — is the server running? (tried 2 times)"
    assert took < backend.deadline_s


def test_silent_server_fails_within_the_deadline() -> None:
    for url in socket_server(never_answer):
        backend = OpenAIBackend(ALIAS, base_url=url, request_timeout_s=1, retries=1)
        message, took = _fail(backend)
        assert message == f"the server at {url} accepted the connection but sent no answer within 1 s (tried 2 times)"
        assert 2.0 <= took < backend.deadline_s + SLACK_S  # 1 s × 2 attempts + 0.5 s backoff = 2.5 s


def test_trickling_server_is_cut_at_the_timeout() -> None:
    for url in socket_server(trickle):
        backend = OpenAIBackend(ALIAS, base_url=url, request_timeout_s=1, retries=1)
        message, took = _fail(backend)
        assert message == f"the server at {url} began an answer but did not finish it within 1 s (tried 2 times)"
        assert took < backend.deadline_s + SLACK_S


def test_http_error_gives_status_and_server_message() -> None:
    body = json.dumps({"error": {"message": "model is still loading\nplease wait", "type": "unavailable"}}).encode()
    for url in socket_server(answer_with(503, body)):
        message, took = _fail(OpenAIBackend(ALIAS, base_url=url, request_timeout_s=1, retries=1, backoff_s=0.05))
        assert message == f"{url} answered HTTP 503: model is still loading please wait (tried 2 times)"
        assert took < 1


def test_http_error_without_json_shows_its_text() -> None:
    for url in socket_server(answer_with(401, b"unauthorized: bad key")):
        message, _ = _fail(OpenAIBackend(ALIAS, base_url=url, request_timeout_s=1, retries=0))
        assert message == f"{url} answered HTTP 401: unauthorized: bad key"  # not retried: no "(tried …)"


@pytest.mark.server
@pytest.mark.model
def test_real_server_refuses_a_prompt_over_its_context(server_url: str) -> None:
    backend = OpenAIBackend(ALIAS, base_url=server_url, request_timeout_s=60, retries=0)
    request = GenerationRequest(prompt="word " * 5000, params=SamplingParams(max_tokens=8))
    with pytest.raises(BackendError) as caught:
        backend.generate(request)
    backend.close()
    message = str(caught.value)
    assert message.startswith(f"{server_url} answered HTTP 400: ") and "context" in message
    assert "\n" not in message


def test_generate_cli_takes_timeout_and_retries() -> None:
    for url in socket_server(never_answer):
        command = [sys.executable, "-m", "codebudget", "generate", "HumanEval/0", "--backend", "openai",
                   "--base-url", url, "--model", ALIAS, "--timeout", "1", "--retries", "1"]
        started = time.monotonic()
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, env={**os.environ, "COLUMNS": "400"})
        took = time.monotonic() - started
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 2, done.stderr
        assert lines == [f"error: the server at {url} accepted the connection but sent no answer within 1 s "
                         "(tried 2 times)"]
        assert took < 2.5 + 5  # the bound, plus starting Python and loading the benchmark


def test_run_and_eval_take_timeout_and_retries_without_changing_the_run() -> None:
    from codebudget.pipeline import build_config

    for command in ("run", "eval"):
        done = subprocess.run([sys.executable, "-m", "codebudget", command, "--help"], capture_output=True, text=True,
                              timeout=60, env={**os.environ, "COLUMNS": "200"})
        assert "--timeout" in done.stdout and "--retries" in done.stdout
    tuned = build_config(backend="openai", request_timeout_s=5, retries=0)
    assert tuned.hash() == build_config(backend="openai").hash()


PROMPT_50MB = textwrap.dedent("""
    import resource, sys, time
    from codebudget.backends.base import BackendError, GenerationRequest, Message, SamplingParams
    from codebudget.backends.llamacpp import LlamaCppBackend

    backend = LlamaCppBackend(sys.argv[1])
    text = "def f(x):\\n    return x + 1  # a line of code\\n" * (50 * 2**20 // 44)
    request = GenerationRequest(messages=(Message("user", text),), params=SamplingParams(max_tokens=8))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        backend.generate(request)
        print("no error")
    except BackendError as error:
        print(error)
    print(time.perf_counter() - started)
    print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)
""")


@pytest.mark.model
def test_50mb_prompt_is_refused_at_once_in_bounded_memory(smollm2_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", PROMPT_50MB, str(smollm2_path)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    message, seconds, grown_mb = done.stdout.strip().splitlines()
    assert "exceeds the model's context (8192)" in message and "at least" in message
    assert float(seconds) < 3, f"took {seconds} s"
    assert float(grown_mb) < 300, f"max RSS grew by {grown_mb} MB"  # the rendered prompt (50 MB) and no tokens


@pytest.mark.model
def test_prompt_bound_never_refuses_what_fits(smollm2) -> None:
    native = smollm2._native
    assert all(len(native.piece(token)) <= native.max_token_bytes for token in range(0, native.n_vocab, 97))
    text = "x = 1\n" * 1000  # 6000 characters: over the cheap bound's threshold, well inside the context
    request = GenerationRequest(prompt=text, params=SamplingParams(max_tokens=4))
    assert len(smollm2.prompt_tokens(request, at_most=8192 - 4)) == len(smollm2.prompt_tokens(request))


@pytest.mark.model
def test_prompt_just_over_the_context_is_counted_exactly(smollm2) -> None:
    request = GenerationRequest(prompt="word " * 9000, params=SamplingParams(max_tokens=8))
    with pytest.raises(BackendError, match=r"^prompt of \d+ tokens \+ 8 new exceeds the model's context \(8192\)$"):
        smollm2.generate(request)
