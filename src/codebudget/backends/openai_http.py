"""Backend for any OpenAI-compatible server (llama.cpp server, Ollama, vLLM, LM Studio).

Asks for ``n`` samples in one request and falls back to parallel single-sample
requests for whatever the server did not return (many local servers ignore
``n``). Failed requests (no connection, no answer within ``request_timeout_s``,
HTTP 5xx/429) are retried ``retries`` times with exponential backoff, and a
whole :meth:`OpenAIBackend.generate` call has a deadline: it never takes longer
than ``request_timeout_s × (retries + 1) + backoff`` seconds (``deadline_s``),
whatever the server does. Each failure is one :class:`BackendError` line that
says what happened: nothing listening, connected but no answer, or the HTTP
status and the server's own message.

The prompt is sent as it is: the server checks it against its context and its
refusal (HTTP 400 and its message) is reported; the deadline bounds the wait.

A request whose messages end with the assistant's message asks for that answer
to be continued (a prefill, the ``body`` prompt style). Two ways:

* by default the chat endpoint gets the messages as they are, with vLLM's
  ``continue_final_message`` / ``add_generation_prompt`` switches: llama.cpp's
  ``llama-server``, vLLM and Ollama continue a final assistant message;
  llama-cpp-python's server does not (it opens a new assistant turn);
* with ``template`` (a zoo name or a ``.gguf`` file with the chat template the
  server's model uses), chat messages are rendered here and sent to the
  completion endpoint, which every server has: this works with any of them.
"""

from __future__ import annotations

import dataclasses
import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from codebudget.backends.base import BackendError, Capabilities, GenerationRequest, SamplingParams
from codebudget.backends.chat_template import ChatTemplate, from_gguf
from codebudget.records import FinishReason, Generation, Sample

RETRY_STATUS = {408, 429, 500, 502, 503, 504}
FINISH = {"stop": FinishReason.STOP, "length": FinishReason.LENGTH, "eos": FinishReason.STOP}
MAX_ANSWER_BYTES = 64 << 20


@dataclasses.dataclass(frozen=True)
class Reply:
    """A server's whole answer to one request."""

    status: int
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class _Unfinished(Exception):
    """The server began its answer but had not finished it when the attempt's time was up."""


class OpenAIBackend:
    """Talks to ``base_url`` (ending in ``/v1``) over HTTP."""

    name = "openai"
    # Greedy answers are reused within a run (the same server throughout); the weights behind a URL have
    # no file digest here, so runs never share answers and the model is named by backend and id.
    capabilities = Capabilities(deterministic_greedy=True, model_file=False)

    def __init__(
        self,
        model: str,
        base_url: str = "http://127.0.0.1:8080/v1",
        api_key: str | None = None,
        request_timeout_s: float = 120.0,
        retries: int = 3,
        backoff_s: float = 0.5,
        parallel: int = 4,
        template: str | None = None,
    ):
        if not request_timeout_s > 0:
            raise BackendError(f"the request timeout must be a positive number of seconds, got {request_timeout_s}")
        if retries < 0:
            raise BackendError(f"retries must be 0 or more, got {retries}")
        self.model = model
        self.base_url = base_url.rstrip("/")
        self.request_timeout_s = request_timeout_s
        self.retries = retries
        self.backoff_s = backoff_s
        self.parallel = parallel
        self._model_checked = False
        self._template = _template(template) if template else None
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(base_url=self.base_url, timeout=request_timeout_s, headers=headers)

    @property
    def deadline_s(self) -> float:
        """The longest one :meth:`generate` call may take: every attempt's timeout plus the backoff between them."""
        backoff = sum(self.backoff_s * 2**attempt for attempt in range(self.retries))
        return self.request_timeout_s * (self.retries + 1) + backoff

    def generate(self, request: GenerationRequest) -> Generation:
        """Return ``request.params.n`` samples, topping up with parallel requests if needed."""
        started = time.perf_counter()
        deadline = time.monotonic() + self.deadline_s
        left = request.params.deadline.remaining() if request.params.deadline is not None else None
        if left is not None:  # the caller's own limit, when it comes first
            deadline = min(deadline, time.monotonic() + left)
        self._check_model(deadline)
        if self._template is not None and request.messages:  # rendered here once: the completion endpoint continues it
            request = GenerationRequest(prompt=self._template.render(request.messages), params=request.params)
        params = request.params
        answer = self._first_answer(request, deadline)
        samples = _samples(answer, params.seed)[: params.n]
        missing = range(len(samples), params.n)
        if missing:
            with ThreadPoolExecutor(max_workers=max(1, min(self.parallel, len(missing)))) as pool:
                extra = pool.map(lambda i: self._post(request, 1, params.sample_seed(i), deadline), missing)
                for index, one in zip(missing, extra):
                    samples += _samples(one, params.sample_seed(index))[:1]
        prompt_tokens = int((answer.get("usage") or {}).get("prompt_tokens") or 0)
        return Generation(tuple(samples), prompt_tokens, time.perf_counter() - started, self.model, self.name)

    def _first_answer(self, request: GenerationRequest, deadline: float) -> dict[str, Any]:
        """One request for all ``n`` samples; a server that refuses ``n`` > 1 gets none here."""
        try:
            return self._post(request, request.params.n, request.params.seed, deadline)
        except BackendError as error:
            if request.params.n > 1 and "HTTP 400" in str(error):
                return {}
            raise

    def _check_model(self, deadline: float) -> None:
        """Fail early, in one line, when the server does not list the model."""
        if self._model_checked:
            return
        listed = self.models(deadline)
        if listed and self.model not in listed:
            raise BackendError(f"{self.base_url} does not serve model {self.model!r}; it serves: {', '.join(listed)}")
        self._model_checked = True

    def models(self, deadline: float | None = None) -> list[str]:
        """The model ids the server lists (empty when it has no ``/models`` endpoint)."""
        reply = self._request("GET", "/models", None, deadline or time.monotonic() + self.deadline_s)
        if reply.status in (401, 403) or reply.status >= 500:
            raise BackendError(self._http_error(reply))
        if reply.status >= 400:
            return []
        return [m.get("id", "") for m in self._json(reply).get("data", [])]

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()

    def _post(self, request: GenerationRequest, n: int, seed: int, deadline: float) -> dict[str, Any]:
        path, body = _body(self.model, request, n, seed)
        return self._answer(self._request("POST", path, body, deadline))

    def _request(self, method: str, path: str, body: dict[str, Any] | None, deadline: float) -> Reply:
        """The server's reply, after up to ``retries`` retries, by ``deadline`` at the latest; else a one-line error."""
        tries, failure, wait = 0, "", self.request_timeout_s
        for attempt in range(self.retries + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            tries, wait = tries + 1, min(self.request_timeout_s, remaining)
            try:
                reply = self._send(method, path, body, wait)
            except (httpx.TransportError, _Unfinished) as error:
                failure = self._failure(error)
            else:
                if reply.status not in RETRY_STATUS:
                    return reply
                failure = self._http_error(reply)
            if attempt < self.retries:
                time.sleep(max(0.0, min(self.backoff_s * 2**attempt, deadline - time.monotonic())))
        limit = f"the call's limit of {self.deadline_s:g} s (timeout × (retries + 1) + backoff) is spent"
        if not tries:
            raise BackendError(f"no time left for a request to {self.base_url}: {limit}")
        cut = tries < self.retries + 1 or wait < 0.9 * self.request_timeout_s
        raise BackendError(f"{failure} (tried {_times(tries)}{'; ' + limit if cut else ''})")

    def _send(self, method: str, path: str, body: dict[str, Any] | None, timeout_s: float) -> Reply:
        """One attempt: connect, send, and read the whole answer within ``timeout_s``."""
        ends = time.monotonic() + timeout_s
        with self._client.stream(method, path, json=body, timeout=timeout_s) as response:
            chunks, size = [], 0
            try:
                for chunk in response.iter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if time.monotonic() > ends:
                        raise _Unfinished
                    if size > MAX_ANSWER_BYTES:
                        raise BackendError(f"{self.base_url} sent an answer larger than {MAX_ANSWER_BYTES >> 20} MiB")
            except httpx.TimeoutException:
                raise _Unfinished from None
            return Reply(response.status_code, b"".join(chunks))

    def _failure(self, error: Exception) -> str:
        """What a failed attempt means, in words a user can act on."""
        url, wait = self.base_url, f"{self.request_timeout_s:g} s"
        if isinstance(error, httpx.ConnectError) and _refused(error):
            return f"nothing is listening at {url} — is the server running?"
        if isinstance(error, httpx.ConnectTimeout):
            return f"no connection to {url} within {wait} — is the host reachable?"
        if isinstance(error, (httpx.ReadTimeout, httpx.WriteTimeout)):
            return f"the server at {url} accepted the connection but sent no answer within {wait}"
        if isinstance(error, _Unfinished):
            return f"the server at {url} began an answer but did not finish it within {wait}"
        if isinstance(error, httpx.RemoteProtocolError):
            return f"the server at {url} closed the connection without an answer"
        return f"cannot reach {url}: {_reason(error)}"

    def _http_error(self, reply: Reply) -> str:
        return f"{self.base_url} answered HTTP {reply.status}: {_server_message(reply)}"

    def _answer(self, reply: Reply) -> dict[str, Any]:
        if reply.status == 404 or _says_unknown_model(reply):
            raise BackendError(f"{self.base_url} does not serve model {self.model!r} (HTTP {reply.status})")
        if reply.status >= 400:
            raise BackendError(self._http_error(reply))
        return self._json(reply)

    def _json(self, reply: Reply) -> dict[str, Any]:
        try:
            found = json.loads(reply.body)
        except ValueError:
            raise BackendError(f"{self.base_url} answered with invalid JSON: {_one_line(reply.text)}") from None
        if not isinstance(found, dict):
            raise BackendError(f"{self.base_url} answered with JSON that is not an object: {_one_line(reply.text)}")
        return found


def _body(model: str, request: GenerationRequest, n: int, seed: int) -> tuple[str, dict[str, Any]]:
    params: SamplingParams = request.params
    body: dict[str, Any] = {
        "model": model,
        "n": n,
        "temperature": params.temperature,
        "top_p": params.top_p,
        "max_tokens": params.max_tokens,
        "seed": seed,
        "logprobs": True,
    }
    if params.stop:
        body["stop"] = list(params.stop)
    if request.prompt is not None:
        body["prompt"] = request.prompt
        body["logprobs"] = 1
        return "/completions", body
    body["messages"] = [{"role": m.role, "content": m.content} for m in request.messages]
    if request.messages[-1].role == "assistant":  # a prefill: vLLM's switches (llama-server and Ollama need none)
        body["continue_final_message"], body["add_generation_prompt"] = True, False
    return "/chat/completions", body


def _template(spec: str) -> ChatTemplate:
    """The chat template of a zoo model or local GGUF file (its header only), or a one-line error."""
    from codebudget.models import resolve_model

    return from_gguf(resolve_model(spec, allow_fetch=False))


def _samples(answer: dict[str, Any], seed: int) -> list[Sample]:
    choices = answer.get("choices") or []
    usage_tokens = int((answer.get("usage") or {}).get("completion_tokens") or 0)
    samples = []
    for offset, choice in enumerate(choices):
        text = (choice.get("message") or {}).get("content") if "message" in choice else choice.get("text")
        logprobs = _token_logprobs(choice.get("logprobs"))
        n_tokens = len(logprobs) if logprobs else usage_tokens // max(1, len(choices))
        mean = sum(logprobs) / len(logprobs) if logprobs else None
        reason = FINISH.get(choice.get("finish_reason") or "stop", FinishReason.STOP)
        samples.append(Sample(text or "", n_tokens, mean, reason, seed + offset))
    return samples


def _token_logprobs(logprobs: Any) -> list[float]:
    """Per-token log-probabilities from either the chat or the completion format."""
    if not isinstance(logprobs, dict):
        return []
    if isinstance(logprobs.get("content"), list):
        return [float(t["logprob"]) for t in logprobs["content"] if t.get("logprob") is not None]
    values = logprobs.get("token_logprobs") or []
    return [float(v) for v in values if v is not None]


def _says_unknown_model(reply: Reply) -> bool:
    if reply.status < 400:
        return False
    text = reply.text.lower()
    return "model" in text and ("not found" in text or "does not exist" in text or "unknown" in text)


def _server_message(reply: Reply) -> str:
    """The server's own explanation: ``error.message`` or ``detail`` of a JSON body, else the text."""
    try:
        found = json.loads(reply.body)
    except ValueError:
        found = None
    if isinstance(found, dict):
        error = found.get("error")
        message = error.get("message") if isinstance(error, dict) else error
        message = message or found.get("detail") or found.get("message")
        if message:
            return _one_line(message if isinstance(message, str) else json.dumps(message))
    return _one_line(reply.text) or "(no message)"


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _refused(error: BaseException) -> bool:
    """True when the connection was refused (nothing listens on that port)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ConnectionRefusedError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "refused" in str(error).lower()


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _reason(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text.splitlines()[0]
