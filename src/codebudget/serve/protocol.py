"""The OpenAI API's shapes that the server reads and writes (the parts of them it uses).

Requests are validated with pydantic and keep unknown fields (clients send many); the
answers follow the API's ``chat.completion``, ``text_completion`` and their streamed
``chunk`` forms, with the pipeline's account in ``usage.codebudget`` and in the
``x-codebudget`` header.
"""

from __future__ import annotations

import time
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from codebudget.backends.base import Deadline, Message, SamplingParams
from codebudget.records import Generation

DEFAULT_MAX_TOKENS = 512


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "user", "assistant", "developer", "tool"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        """The message's text (the text parts of a multi-part content)."""
        if isinstance(self.content, list):
            return "".join(str(part.get("text", "")) for part in self.content if part.get("type") == "text")
        return self.content or ""


class Sampling(BaseModel):
    """The sampling fields both endpoints take."""

    model_config = ConfigDict(extra="allow")

    model: str
    max_tokens: int | None = Field(None, ge=1, le=8192)
    max_completion_tokens: int | None = Field(None, ge=1, le=8192)
    temperature: float = Field(1.0, ge=0.0, le=2.0)
    top_p: float = Field(1.0, gt=0.0, le=1.0)
    n: int = Field(1, ge=1, le=16)
    stop: str | list[str] | None = None
    seed: int | None = None
    stream: bool = False

    @field_validator("stop")
    @classmethod
    def _stops(cls, value: str | list[str] | None) -> str | list[str] | None:
        if isinstance(value, list) and len(value) > 8:
            raise ValueError("at most 8 stop sequences")
        return value

    def params(self, deadline: Deadline | None = None) -> SamplingParams:
        """The request's sampling settings, cut short at ``deadline``."""
        stop = (self.stop,) if isinstance(self.stop, str) else tuple(self.stop or ())
        tokens = self.max_completion_tokens or self.max_tokens or DEFAULT_MAX_TOKENS
        return SamplingParams(self.n, self.temperature, self.top_p, tokens, stop, self.seed or 0, deadline=deadline)


class ChatRequest(Sampling):
    messages: list[ChatMessage] = Field(..., min_length=1)

    def chat(self) -> tuple[Message, ...]:
        """The messages as the backends take them (developer → system; tool messages as user text)."""
        roles = {"developer": "system", "tool": "user"}
        return tuple(Message(roles.get(m.role, m.role), m.text()) for m in self.messages)  # type: ignore[arg-type]

    def last_user_text(self) -> str:
        return next((m.text() for m in reversed(self.messages) if m.role == "user"), "")


class CompletionRequest(Sampling):
    prompt: str | list[str]

    def text(self) -> str:
        """The prompt (a one-element list is taken as its element)."""
        if isinstance(self.prompt, list):
            if len(self.prompt) != 1:
                raise ValueError("one prompt per request")
            return self.prompt[0]
        return self.prompt


def _id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:24]}"


def usage(prompt_tokens: int, completion_tokens: int, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    found = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
             "total_tokens": prompt_tokens + completion_tokens}
    if extra is not None:
        found["codebudget"] = extra
    return found


def chat_answer(model: str, texts: list[tuple[str, str]], used: dict[str, Any]) -> dict[str, Any]:
    """A ``chat.completion`` of (text, finish reason) choices."""
    return {"id": _id("chatcmpl"), "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": i, "message": {"role": "assistant", "content": text}, "finish_reason": reason,
                         "logprobs": None} for i, (text, reason) in enumerate(texts)],
            "usage": used}


def completion_answer(model: str, texts: list[tuple[str, str]], used: dict[str, Any]) -> dict[str, Any]:
    """A ``text_completion`` of (text, finish reason) choices."""
    return {"id": _id("cmpl"), "object": "text_completion", "created": int(time.time()), "model": model,
            "choices": [{"index": i, "text": text, "finish_reason": reason, "logprobs": None}
                        for i, (text, reason) in enumerate(texts)],
            "usage": used}


def chunk_base(model: str, chat: bool) -> dict[str, Any]:
    """The fields every chunk of one streamed answer shares."""
    return {"id": _id("chatcmpl" if chat else "cmpl"), "object": "chat.completion.chunk" if chat else "text_completion",
            "created": int(time.time()), "model": model}


def role_chunk(base: dict[str, Any], index: int) -> dict[str, Any]:
    """A chat stream's first chunk of choice ``index``: the assistant's role."""
    return {**base, "choices": [{"index": index, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]}


def delta_chunk(base: dict[str, Any], chat: bool, index: int, text: str, finish: str | None = None) -> dict[str, Any]:
    """One streamed chunk of choice ``index``: new text (a chat's ``delta.content``, a completion's ``text``), or
    with ``finish`` the choice's end (a chat's empty ``delta``)."""
    if chat:
        delta = {"content": text} if text or finish is None else {}
        return {**base, "choices": [{"index": index, "delta": delta, "finish_reason": finish}]}
    return {**base, "choices": [{"index": index, "text": text, "finish_reason": finish}]}


def usage_chunk(base: dict[str, Any], used: dict[str, Any]) -> dict[str, Any]:
    """A stream's last chunk: no choices, the usage."""
    return {**base, "choices": [], "usage": used}


def chunks(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """A whole answer as the stream of chunks a streaming client reads: the role, the text, the finish, usage."""
    chat = answer["object"] == "chat.completion"
    kind = "chat.completion.chunk" if chat else "text_completion"
    base = {"id": answer["id"], "object": kind, "created": answer["created"], "model": answer["model"]}
    found = []
    for choice in answer["choices"]:
        index = choice["index"]
        if chat:
            found.append(role_chunk(base, index))
        found.append(delta_chunk(base, chat, index, choice["message"]["content"] if chat else choice["text"]))
        found.append(delta_chunk(base, chat, index, "", choice["finish_reason"]))
    found.append(usage_chunk(base, answer["usage"]))
    return found


def finish_reason(reason: str) -> str:
    """The API's word for a backend's finish reason (a cut or a runaway answer is "length")."""
    return "stop" if reason == "stop" else "length"


def generation_usage(generation: Generation) -> dict[str, Any]:
    """The usage block of a passed-through generation: its prompt tokens and the tokens of all its samples."""
    return usage(generation.prompt_tokens, sum(s.n_tokens for s in generation.samples))


def generation_texts(generation: Generation) -> list[tuple[str, str]]:
    return [(s.text, finish_reason(s.finish_reason.value)) for s in generation.samples]


def error(message: str, kind: str, status: int) -> dict[str, Any]:
    """The API's error body."""
    return {"error": {"message": message, "type": kind, "param": None, "code": status}}
