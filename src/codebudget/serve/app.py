"""The OpenAI-compatible HTTP API in front of one backend (FastAPI).

``/v1/models``, ``/v1/chat/completions`` and ``/v1/completions``, with ``stream`` where a
client asks for it; ``/health`` says what the server has done. A request that asks for code
(:mod:`.detect`) runs the budgeted pipeline (:mod:`codebudget.solve`) and is answered with
the chosen code: a chat gets it in a ```python fence, a completion gets the text that
continues its prompt. What the pipeline did is in the ``x-codebudget`` header and in
``usage.codebudget``. Other requests pass through to the model.

A passed-through answer is streamed as the model writes it (:mod:`.live`: the new text every
tenth of a second, from a backend that tells its progress, as llama.cpp's does). The pipeline's
answer is sent when it is whole (it chooses among finished candidates), as the API's chunks. While
nothing new comes, the stream carries SSE comments every two seconds, so that a client which goes
away is noticed. A client that disconnects cancels its request's work
(:class:`~codebudget.backends.base.Deadline`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import json
import time
from typing import Any, AsyncIterator, Callable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import ValidationError

from codebudget.backends.base import BackendError, Deadline, GenerationRequest
from codebudget.errors import CodebudgetError
from codebudget.serve import protocol
from codebudget.serve.detect import BadRequest, CodeAsk, body_ask, split_model, stub_at_end, stub_in_message
from codebudget.serve.engine import Busy, Cancelled, Engine, Solved
from codebudget.serve.live import LiveTexts
from codebudget.solve.stub import Stub

POLL_S = 0.25
TICK_S = 0.1
KEEPALIVE_S = 2.0
RETRY_AFTER_S = 5


class ClientGone(Exception):
    """The client disconnected while its work ran."""


def create_app(engine: Engine, extra: Callable[[FastAPI], None] | None = None) -> FastAPI:
    """The API app over ``engine``; ``extra`` adds more routes (the dashboard)."""
    app = FastAPI(title="codebudget", version="1", docs_url=None, redoc_url=None)

    @app.get("/v1/models")
    async def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": engine.model, "object": "model", "created": 0,
                                            "owned_by": "codebudget"}]}

    @app.get("/health")
    async def health() -> dict[str, Any]:
        counters = engine.counters
        return {"model": engine.model, "pending": engine.pending, "queue": engine.limit, "served": counters.served,
                "solved": counters.solved, "refused": counters.refused, "cancelled": counters.cancelled}

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Response:
        return await _answer(engine, request, chat=True)

    @app.post("/v1/completions")
    async def completions(request: Request) -> Response:
        return await _answer(engine, request, chat=False)

    if extra is not None:
        extra(app)
    return app


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def _error(message: str, kind: str, status: int, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(protocol.error(message, kind, status), status_code=status, headers=headers)


async def _answer(engine: Engine, request: Request, chat: bool) -> Response:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _error("the body is not JSON", "invalid_request_error", 400)
    if not isinstance(body, dict):
        return _error("the body must be a JSON object", "invalid_request_error", 400)
    try:
        parsed = protocol.ChatRequest(**body) if chat else protocol.CompletionRequest(**body)
        model, suffix = split_model(parsed.model)
        asked = body_ask(body)
        text = parsed.last_user_text() if chat else parsed.text()  # type: ignore[union-attr]
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return _error(f"{where}: {first['msg']}", "invalid_request_error", 400)
    except (BadRequest, ValueError) as error:
        return _error(str(error), "invalid_request_error", 400)
    if model != engine.model:
        return _error(f"this server serves {engine.model!r}, not {model!r}", "model_not_found", 404)
    stub = None if asked is False else (stub_in_message(text) if chat else stub_at_end(text, "<prompt>"))
    wanted = suffix if suffix is not None else (asked if isinstance(asked, CodeAsk) else None)
    if (wanted is not None or asked is True) and stub is None:
        return _error("the request asks for the budgeted pipeline but holds no function stub (a signature and "
                      "docstring, at the end of the prompt or in a ```python block)", "invalid_request_error", 400)
    deadline = Deadline()
    live = None
    if stub is not None:
        ask = wanted or CodeAsk()
        queued_at = time.monotonic()
        work = lambda: engine.solve(stub.problem(), ask.budget_s, ask.n, ask.k, deadline, queued_at)  # noqa: E731
    else:
        params = parsed.params(deadline)
        if parsed.stream:
            live = LiveTexts(params.stop)
            params = dataclasses.replace(params, progress=live.update)
        call = (GenerationRequest(messages=parsed.chat(), params=params) if chat  # type: ignore[union-attr]
                else GenerationRequest(prompt=text, params=params))
        work = lambda: engine.generate(call)  # noqa: E731
    try:
        future = engine.submit(work, deadline)
    except Busy as error:
        return _error(str(error), "server_busy", 503, {"Retry-After": str(RETRY_AFTER_S)})
    shape = (lambda result: _shaped(engine.model, result, stub, chat))
    if parsed.stream:
        events = (_stream_live(future, deadline, live, engine.model, chat, parsed.n) if live is not None
                  else _stream(future, deadline, shape))
        return StreamingResponse(events, media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
    try:
        result = await _wait(request, future, deadline)
    except ClientGone:
        return Response(status_code=499)
    except Cancelled as error:
        return _error(str(error), "cancelled", 499)
    except (BackendError, CodebudgetError) as error:
        return _error(_one_line(error), "backend_error", 502)
    answer, header = shape(result)
    return JSONResponse(answer, headers={"x-codebudget": header} if header else None)


async def _wait(request: Request, future: concurrent.futures.Future, deadline: Deadline) -> Any:
    """The work's result; :class:`ClientGone` (after cancelling the work) when the client disconnects first."""
    waiting = asyncio.wrap_future(future)
    while True:
        done, _ = await asyncio.wait({waiting}, timeout=POLL_S)
        if done:
            return waiting.result()
        if await request.is_disconnected():
            deadline.cancel()
            raise ClientGone


def _event(chunk: dict[str, Any]) -> str:
    """One server-sent event holding ``chunk``."""
    return f"data: {json.dumps(chunk)}\n\n"


async def _stream(future: concurrent.futures.Future, deadline: Deadline, shape) -> AsyncIterator[str]:  # noqa: ANN001
    """SSE: comments while the work runs, then the answer's chunks and ``[DONE]``; cancelled if the client goes."""
    waiting = asyncio.wrap_future(future)
    try:
        while True:
            done, _ = await asyncio.wait({waiting}, timeout=KEEPALIVE_S)
            if done:
                break
            yield ": working\n\n"
        try:
            answer, _ = shape(waiting.result())
        except (BackendError, CodebudgetError) as error:
            yield _event(protocol.error(_one_line(error), "backend_error", 502))
            return
        for chunk in protocol.chunks(answer):
            yield _event(chunk)
        yield "data: [DONE]\n\n"
    finally:
        if not future.done():
            deadline.cancel()  # the client went away (the generator was closed early)


async def _stream_live(future: concurrent.futures.Future, deadline: Deadline, live: LiveTexts, model: str, chat: bool,
                       n: int) -> AsyncIterator[str]:
    """SSE of a passed-through answer as it is written: the new text of each choice every tick, then what the
    finished samples add, each choice's finish, the usage and ``[DONE]``; cancelled if the client goes."""
    waiting = asyncio.wrap_future(future)
    base = protocol.chunk_base(model, chat)
    try:
        if chat:
            for index in range(n):
                yield _event(protocol.role_chunk(base, index))
        quiet_since = time.monotonic()
        while True:
            done, _ = await asyncio.wait({waiting}, timeout=TICK_S)
            for index, text in sorted(live.new_parts().items()):
                yield _event(protocol.delta_chunk(base, chat, index, text))
                quiet_since = time.monotonic()
            if done:
                break
            if time.monotonic() - quiet_since >= KEEPALIVE_S:
                yield ": working\n\n"
                quiet_since = time.monotonic()
        try:
            result = waiting.result()
        except (BackendError, CodebudgetError) as error:
            yield _event(protocol.error(_one_line(error), "backend_error", 502))
            return
        for index, (text, reason) in enumerate(protocol.generation_texts(result)):
            rest = live.rest(index, text)
            if rest:
                yield _event(protocol.delta_chunk(base, chat, index, rest))
            yield _event(protocol.delta_chunk(base, chat, index, "", reason))
        yield _event(protocol.usage_chunk(base, protocol.generation_usage(result)))
        yield "data: [DONE]\n\n"
    finally:
        if not future.done():
            deadline.cancel()  # the client went away (the generator was closed early)


def _shaped(model: str, result: Any, stub: Stub | None, chat: bool) -> tuple[dict[str, Any], str]:
    """The API's answer for a result, and the ``x-codebudget`` header (empty for a passed-through call)."""
    if not isinstance(result, Solved):
        texts = protocol.generation_texts(result)
        used = protocol.generation_usage(result)
        return (protocol.chat_answer if chat else protocol.completion_answer)(model, texts, used), ""
    outcome, code = result.outcome, result.outcome.code or ""
    account = {"n": result.config.n, "k": result.config.k, "temperature": result.config.temperature,
               "candidates": outcome.candidates, "repairs": outcome.repairs, "tests": outcome.tests,
               "tests_passed": outcome.tests_passed, "passed": outcome.passed, "seconds": round(outcome.seconds, 3),
               "budget_s": result.budget_s, "queued_s": round(result.queued_s, 3), "cut": outcome.cut,
               "model_calls": outcome.model_calls,
               "chosen_from": result.choice.source if result.choice else "the request's n and k"}
    header = "; ".join(f"{key}={value}" for key, value in account.items() if key != "chosen_from")
    reason = "stop" if code else "length"
    if chat:
        text = f"```python\n{code.rstrip()}\n```" if code else ""
        answer = protocol.chat_answer(model, [(text, reason)], protocol.usage(0, outcome.tokens, account))
    else:
        text = code[len(stub.prompt):] if stub is not None and code.startswith(stub.prompt) else code
        answer = protocol.completion_answer(model, [(text, reason)], protocol.usage(0, outcome.tokens, account))
    return answer, header
