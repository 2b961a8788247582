"""``codebudget serve`` for real: the CLI's server on loopback with SmolLM2, driven by the official ``openai``
client, by plain HTTP, and by ``llm`` (simonw/llm, a tool that speaks the OpenAI API, from the registry)."""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from codebudget.backends.base import GenerationRequest, Message, SamplingParams

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server_process import listening  # noqa: E402

openai = pytest.importorskip("openai")
pytestmark = pytest.mark.model

MODEL = "smollm2-135m"
STUB = 'def add_all(values):\n    """The sum of the values.\n\n    >>> add_all([1, 2])\n    3\n    """\n'
PROMPTS = ["Name a colour.", "Say hello in French.", "What is 2 + 2?", "Name a fruit.", "Name an animal.",
           "Give a boy's name."]


def start(tmp: Path, *args: str) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "CODEBUDGET_SPEED_CACHE": str(tmp / "speed")}
    process = subprocess.Popen([sys.executable, "-m", "codebudget", "serve", "--model", MODEL, "--port", "0", *args],
                               stderr=subprocess.PIPE, text=True, env=env)
    url = listening(process, r"at (http://[\d.]+:\d+/v1)")
    for _ in range(100):
        try:
            httpx.get(url + "/models", timeout=1.0)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    return process, url


def stop(process: subprocess.Popen) -> str:
    process.terminate()
    try:
        _, rest = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        _, rest = process.communicate()
    return rest


@pytest.fixture(scope="module")
def server(smollm2_path, tmp_path_factory) -> Iterator[str]:
    process, url = start(tmp_path_factory.mktemp("serve"), "--queue", "3", "--budget", "20s")
    yield url
    rest = stop(process)
    assert "Traceback" not in rest, rest


@pytest.fixture(scope="module")
def client(server: str):
    return openai.OpenAI(base_url=server, api_key="unused", max_retries=0, timeout=120)


def direct(smollm2, prompt: str, max_tokens: int = 16) -> str:
    params = SamplingParams(1, 0.0, 1.0, max_tokens)
    return smollm2.generate(GenerationRequest(messages=(Message("user", prompt),), params=params)).samples[0].text


def test_models_and_a_passed_through_chat_equal_the_model_called_directly(client, smollm2):
    assert [m.id for m in client.models.list().data] == [MODEL]
    raw = client.chat.completions.with_raw_response.create(
        model=MODEL, messages=[{"role": "user", "content": PROMPTS[0]}], max_tokens=16, temperature=0)
    answer = raw.parse()
    assert "x-codebudget" not in raw.headers
    assert answer.choices[0].message.content == direct(smollm2, PROMPTS[0])
    assert answer.usage.completion_tokens > 0 and answer.usage.prompt_tokens > 0


def test_a_chat_with_a_stub_gets_the_pipelines_answer_and_its_account(client):
    raw = client.chat.completions.with_raw_response.create(
        model=f"{MODEL}:n=2:k=1", messages=[{"role": "user", "content": f"Finish it:\n```python\n{STUB}```"}])
    answer = raw.parse()
    content = answer.choices[0].message.content
    assert content.startswith("```python\ndef add_all(values):") and content.endswith("```"), content
    header = dict(part.split("=", 1) for part in raw.headers["x-codebudget"].split("; "))
    assert header["n"] == "2" and header["k"] == "1" and header["candidates"] == "2" and header["tests"] == "1"
    account = answer.usage.model_extra["codebudget"]
    assert account["candidates"] == 2 and account["chosen_from"] == "the request's n and k"
    assert 0 < account["seconds"] < 60


def test_a_completion_prompt_ending_in_a_stub_is_continued_within_the_servers_budget(client):
    raw = client.completions.with_raw_response.create(model=MODEL, prompt=STUB, max_tokens=64)
    answer = raw.parse()
    account = answer.usage.model_extra["codebudget"]
    assert account["budget_s"] == 20.0 and "shipped table" in account["chosen_from"], account
    assert account["seconds"] <= 20.0 and not answer.choices[0].text.startswith("def add_all")


def test_streaming_gives_the_same_answer_in_chunks(client, smollm2):
    stream = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": PROMPTS[1]}],
                                            max_tokens=16, temperature=0, stream=True)
    parts = [chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices]
    assert "".join(parts) == direct(smollm2, PROMPTS[1])


def test_a_passed_through_answer_streams_as_it_is_written(client, smollm2):
    """Token by token: the text comes in many chunks, the first long before the last, and the chunks make the
    model's own answer; a completion streams the same way."""
    prompt = "Write a short poem about the sea."
    arrivals = []
    started = time.monotonic()
    stream = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": prompt}],
                                            max_tokens=96, temperature=0, stream=True)
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            arrivals.append((time.monotonic() - started, chunk.choices[0].delta.content))
    assert "".join(text for _, text in arrivals) == direct(smollm2, prompt, 96)
    assert len(arrivals) >= 5, arrivals
    assert arrivals[0][0] < 0.6 * arrivals[-1][0], arrivals  # the start came while the rest was being written
    parts = [c.choices[0].text for c in client.completions.create(model=MODEL, prompt="The sea is", max_tokens=48,
                                                                   temperature=0, stream=True) if c.choices]
    assert len([p for p in parts if p]) >= 3


def test_bad_requests_are_answered_in_the_apis_error_form(server, client):
    with pytest.raises(openai.NotFoundError, match="serves 'smollm2-135m', not 'gpt-4'"):
        client.chat.completions.create(model="gpt-4", messages=[{"role": "user", "content": "hi"}])
    with pytest.raises(openai.BadRequestError, match="holds no function stub"):
        client.chat.completions.create(model=f"{MODEL}:budget=5s", messages=[{"role": "user", "content": "hi"}])
    reply = httpx.post(server + "/chat/completions", content=b"{not json", timeout=10)
    assert reply.status_code == 400 and reply.json()["error"]["message"] == "the body is not JSON"
    reply = httpx.post(server + "/chat/completions", json={"model": MODEL, "messages": []}, timeout=10)
    assert reply.status_code == 400 and reply.json()["error"]["message"].startswith("messages:")


def test_concurrent_clients_share_the_model_nothing_is_mixed_up_and_a_full_queue_says_503(server, smollm2):
    def ask(prompt: str) -> httpx.Response:
        body = {"model": MODEL, "messages": [{"role": "user", "content": prompt}], "max_tokens": 64, "temperature": 0}
        return httpx.post(server + "/chat/completions", json=body, timeout=120)

    with concurrent.futures.ThreadPoolExecutor(len(PROMPTS)) as pool:
        replies = list(pool.map(ask, PROMPTS))
    served = [(p, r) for p, r in zip(PROMPTS, replies) if r.status_code == 200]
    refused = [r for r in replies if r.status_code == 503]
    assert len(served) + len(refused) == len(PROMPTS) and refused and len(served) >= 3
    assert all(r.headers["retry-after"] == "5" and "queue is full" in r.json()["error"]["message"] for r in refused)
    for prompt, reply in served:  # each answer is its own prompt's
        assert reply.json()["choices"][0]["message"]["content"] == direct(smollm2, prompt, 64)


def test_a_client_that_disconnects_cancels_its_work(server):
    body = {"model": MODEL, "messages": [{"role": "user", "content": "Write a very long story about a dragon."}],
            "max_tokens": 4000, "temperature": 0.8}
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(server + "/chat/completions", json=body, timeout=httpx.Timeout(10.0, read=1.0))
    started = time.monotonic()
    while httpx.get(server.removesuffix("/v1") + "/health", timeout=10).json()["pending"]:
        assert time.monotonic() - started < 5, "the generation went on after its client left"
        time.sleep(0.1)


def test_llm_the_command_line_tool_talks_to_it(server, tmp_path: Path):
    llm = Path(sys.executable).with_name("llm")
    if not llm.exists():
        pytest.skip("llm is not installed (pip install 'codebudget[dev]')")
    (tmp_path / "extra-openai-models.yaml").write_text(
        f"- model_id: local\n  model_name: {MODEL}\n  api_base: \"{server}\"\n"
        f"- model_id: local-budget\n  model_name: \"{MODEL}:n=1:k=0\"\n  api_base: \"{server}\"\n")
    env = {**os.environ, "LLM_USER_PATH": str(tmp_path)}
    said = subprocess.run([str(llm), "-m", "local", "-o", "max_tokens", "12", "-o", "temperature", "0", PROMPTS[2]],
                          capture_output=True, text=True, env=env, timeout=120)
    assert said.returncode == 0 and said.stdout.strip(), said.stderr
    coded = subprocess.run([str(llm), "-m", "local-budget", f"```python\n{STUB}```"], capture_output=True, text=True,
                           env=env, timeout=120)
    assert coded.returncode == 0 and "```python\ndef add_all(values):" in coded.stdout, coded.stderr
    logged = json.loads(subprocess.run([str(llm), "logs", "--json", "-n", "1"], capture_output=True, text=True,
                                       env=env, timeout=60).stdout)
    assert logged[0]["model"] == "local-budget"
