"""Backend for any OpenAI-compatible server (llama.cpp server, Ollama, vLLM, LM Studio).

Asks for ``n`` samples in one request and falls back to parallel single-sample
requests for whatever the server did not return (many local servers ignore
``n``). Connection failures and 5xx/429 answers are retried a bounded number of
times with exponential backoff; a server that is down or a model it does not
know gives a one-line :class:`BackendError`.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from codebudget.backends.base import BackendError, GenerationRequest, SamplingParams
from codebudget.records import FinishReason, Generation, Sample

RETRY_STATUS = {408, 429, 500, 502, 503, 504}
FINISH = {"stop": FinishReason.STOP, "length": FinishReason.LENGTH, "eos": FinishReason.STOP}


class OpenAIBackend:
    """Talks to ``base_url`` (ending in ``/v1``) over HTTP."""

    name = "openai"

    def __init__(
        self,
        model: str,
        base_url: str = "http://127.0.0.1:8080/v1",
        api_key: str | None = None,
        timeout_s: float = 120.0,
        max_retries: int = 3,
        backoff_s: float = 0.5,
        parallel: int = 4,
    ):
        self.model = model
        self.base_url = base_url.rstrip("/")
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.parallel = parallel
        self._model_checked = False
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(base_url=self.base_url, timeout=timeout_s, headers=headers)

    def generate(self, request: GenerationRequest) -> Generation:
        """Return ``request.params.n`` samples, topping up with parallel requests if needed."""
        started = time.perf_counter()
        self._check_model()
        params = request.params
        answer = self._first_answer(request)
        samples = _samples(answer, params.seed)[: params.n]
        missing = range(len(samples), params.n)
        if missing:
            with ThreadPoolExecutor(max_workers=max(1, min(self.parallel, len(missing)))) as pool:
                extra = pool.map(lambda i: self._post(request, 1, params.sample_seed(i)), missing)
                for index, one in zip(missing, extra):
                    samples += _samples(one, params.sample_seed(index))[:1]
        prompt_tokens = int((answer.get("usage") or {}).get("prompt_tokens") or 0)
        return Generation(tuple(samples), prompt_tokens, time.perf_counter() - started, self.model, self.name)

    def _first_answer(self, request: GenerationRequest) -> dict[str, Any]:
        """One request for all ``n`` samples; a server that refuses ``n`` > 1 gets none here."""
        try:
            return self._post(request, request.params.n, request.params.seed)
        except BackendError as error:
            if request.params.n > 1 and "HTTP 400" in str(error):
                return {}
            raise

    def _check_model(self) -> None:
        """Fail early, in one line, when the server does not list the model."""
        if self._model_checked:
            return
        listed = self.models()
        if listed and self.model not in listed:
            raise BackendError(f"{self.base_url} does not serve model {self.model!r}; it serves: {', '.join(listed)}")
        self._model_checked = True

    def models(self) -> list[str]:
        """The model ids the server lists (empty when it has no ``/models`` endpoint)."""
        response = self._request("GET", "/models", None)
        if response.status_code == 404:
            return []
        return [m.get("id", "") for m in self._json(response).get("data", [])]

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()

    def _post(self, request: GenerationRequest, n: int, seed: int) -> dict[str, Any]:
        path, body = _body(self.model, request, n, seed)
        return self._answer(self._request("POST", path, body))

    def _request(self, method: str, path: str, body: dict[str, Any] | None) -> httpx.Response:
        for attempt in range(self.max_retries + 1):
            try:
                response = self._client.request(method, path, json=body)
            except httpx.TransportError as error:
                if attempt == self.max_retries:
                    raise BackendError(f"cannot reach {self.base_url}: {_reason(error)} (is the server running?)") from None
            else:
                if response.status_code not in RETRY_STATUS or attempt == self.max_retries:
                    return response
            time.sleep(self.backoff_s * 2**attempt)
        raise AssertionError("unreachable")

    def _answer(self, response: httpx.Response) -> dict[str, Any]:
        if response.status_code == 404 or _says_unknown_model(response):
            raise BackendError(f"{self.base_url} does not serve model {self.model!r} (HTTP {response.status_code})")
        if response.status_code >= 400:
            raise BackendError(f"{self.base_url} answered HTTP {response.status_code}: {response.text[:200]}")
        return self._json(response)

    def _json(self, response: httpx.Response) -> dict[str, Any]:
        try:
            return response.json()
        except ValueError:
            raise BackendError(f"{self.base_url} answered with invalid JSON: {response.text[:200]}") from None


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
    return "/chat/completions", body


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


def _says_unknown_model(response: httpx.Response) -> bool:
    if response.status_code < 400:
        return False
    text = response.text.lower()
    return "model" in text and ("not found" in text or "does not exist" in text or "unknown" in text)


def _reason(error: httpx.TransportError) -> str:
    text = str(error) or type(error).__name__
    return text.splitlines()[0]
