"""In-process inference with llama.cpp: batched sampling, the model's own chat template."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from codebudget.adapters import Adapter, adapter_store
from codebudget.backends.base import BackendError, Capabilities, GenerationRequest, Message
from codebudget.backends.batched import BatchedSampler, context_error
from codebudget.backends.chat_template import ChatTemplate, from_metadata
from codebudget.backends.llama_native import NativeModel, TooManyTokens
from codebudget.backends.scoring import continuation_tokens, logprobs
from codebudget.hardware import usable_cores
from codebudget.models import DEFAULT_MODEL, ZOO, resolve_model
from codebudget.records import Generation


def checked_adapter(spec: str, model: str) -> Adapter:
    """The stored adapter ``spec`` names, once its provenance does not say it was trained on another model."""
    adapter = adapter_store().resolve(spec)
    entry = ZOO.get(model)
    if entry is not None and adapter.base_sha256 and adapter.base_sha256 != entry.sha256:
        trained_on = adapter.provenance.get("base_model", adapter.base_sha256[:16])
        raise BackendError(f"adapter {adapter.label} was trained on {trained_on}, not {model}")
    return adapter


class LlamaCppBackend:
    """A GGUF model (a zoo name or a local path) loaded in this process, with a stored LoRA adapter if given."""

    name = "llamacpp"
    capabilities = Capabilities(deterministic_greedy=True, model_file=True, build_package="llama-cpp-python",
                                decoder_revision="2")  # 2: flash attention, KV arena, prefix cache, prompt lookup

    def __init__(self, model: str | Path = DEFAULT_MODEL, n_threads: int | None = None, allow_fetch: bool = True,
                 adapter: str | None = None):
        self.path = resolve_model(str(model), allow_fetch=allow_fetch)
        self.model = str(model)
        self.adapter = checked_adapter(adapter, str(model)) if adapter else None
        self._native = NativeModel(self.path, self.adapter.gguf if self.adapter else None)
        n_ctx_train = int(self._native.metadata.get(f"{self._arch()}.context_length", 32768))
        self._sampler = BatchedSampler(self._native, n_threads or usable_cores(), n_ctx_train)
        self._template: ChatTemplate | None = None

    @property
    def n_threads(self) -> int:
        """The threads llama.cpp decodes with (recorded with each task: times depend on them)."""
        return int(self._sampler.n_threads)

    def _arch(self) -> str:
        return self._native.metadata.get("general.architecture", "llama")

    @property
    def template(self) -> ChatTemplate:
        """The chat template from the GGUF metadata (compiled on first use)."""
        if self._template is None:
            native = self._native
            bos, eos = native.special_text("bos"), native.special_text("eos")
            self._template = from_metadata(native.metadata, bos, eos, self.model)
        return self._template

    def _rendered(self, messages: tuple[Message, ...]) -> tuple[str, bool]:
        """``messages`` in the chat template, and whether tokenising must add the special tokens (not when
        the template wrote the BOS token itself)."""
        text = self.template.render(messages)
        return text, not (bool(self.template.bos_token) and text.startswith(self.template.bos_token))

    def prompt_tokens(self, request: GenerationRequest, at_most: int | None = None) -> list[int]:
        """The token ids the model sees for ``request``.

        With ``at_most``, a prompt of more tokens is refused in one line without
        tokenising it all: at once when its length alone proves it (no token
        stands for more than ``max_token_bytes`` bytes), else after tokenising
        into a buffer of ``at_most`` ids.
        """
        text, add_special = (request.prompt, True) if request.prompt is not None else self._rendered(request.messages)
        if at_most is None:
            return self._native.tokenize(text, add_special)
        max_tokens = request.params.max_tokens
        if len(text) > at_most:  # a character is at least a byte, so only then can the length prove it too long
            least = -(-len(text) // self._native.max_token_bytes)
            if least > at_most:
                raise context_error(f"{len(text)} characters (at least {least} tokens)", max_tokens, self.n_ctx)
        try:
            return self._native.tokenize(text, add_special, at_most=at_most)
        except TooManyTokens as error:
            raise context_error(f"{error.needed} tokens", max_tokens, self.n_ctx) from None

    @property
    def n_ctx(self) -> int:
        """The model's context length (from its GGUF metadata)."""
        return self._sampler.n_ctx_train

    def generate(self, request: GenerationRequest) -> Generation:
        """``request.params.n`` samples from one batched decode; a prompt too long for the context is refused first."""
        started = time.perf_counter()
        tokens = self.prompt_tokens(request, at_most=max(0, self.n_ctx - request.params.max_tokens))
        samples = self._sampler.generate(tokens, request.params)
        wall = time.perf_counter() - started
        return Generation(tuple(samples), len(tokens), wall, self.model, self.name)

    def score(self, messages: tuple[Message, ...], continuation: str) -> np.ndarray:
        """The log-probability of each token of ``continuation`` written after ``messages`` (rendered with the
        model's chat template; a final assistant message is continued), one per token, nothing sampled."""
        text, add_special = self._rendered(messages)
        tokens, start = continuation_tokens(self._native, text, continuation, add_special)
        if len(tokens) > self.n_ctx:
            raise context_error(f"{len(tokens)} tokens", 0, self.n_ctx)
        return logprobs(self._native, tokens, start, self._sampler.n_threads)

    def close(self) -> None:
        """Free the context and the weights."""
        self._sampler.close()
        self._native.close()
