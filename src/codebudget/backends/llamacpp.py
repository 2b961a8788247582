"""In-process inference with llama.cpp: batched sampling, the model's own chat template."""

from __future__ import annotations

import os
import time
from pathlib import Path

from codebudget.backends.base import GenerationRequest
from codebudget.backends.batched import BatchedSampler
from codebudget.backends.chat_template import ChatTemplate, from_metadata
from codebudget.backends.llama_native import NativeModel
from codebudget.models import DEFAULT_MODEL, resolve_model
from codebudget.records import Generation


class LlamaCppBackend:
    """A GGUF model (a zoo name or a local path) loaded in this process."""

    name = "llamacpp"

    def __init__(self, model: str | Path = DEFAULT_MODEL, n_threads: int | None = None, allow_fetch: bool = True):
        self.path = resolve_model(str(model), allow_fetch=allow_fetch)
        self.model = str(model)
        self._native = NativeModel(self.path)
        n_ctx_train = int(self._native.metadata.get(f"{self._arch()}.context_length", 32768))
        self._sampler = BatchedSampler(self._native, n_threads or os.cpu_count() or 1, n_ctx_train)
        self._template: ChatTemplate | None = None

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

    def prompt_tokens(self, request: GenerationRequest) -> list[int]:
        """The token ids the model sees for ``request``."""
        if request.prompt is not None:
            return self._native.tokenize(request.prompt, add_special=True)
        text = self.template.render(request.messages)
        starts_with_bos = bool(self.template.bos_token) and text.startswith(self.template.bos_token)
        return self._native.tokenize(text, add_special=not starts_with_bos)

    def generate(self, request: GenerationRequest) -> Generation:
        """``request.params.n`` samples from one batched decode."""
        started = time.perf_counter()
        tokens = self.prompt_tokens(request)
        samples = self._sampler.generate(tokens, request.params)
        wall = time.perf_counter() - started
        return Generation(tuple(samples), len(tokens), wall, self.model, self.name)

    def close(self) -> None:
        """Free the context and the weights."""
        self._sampler.close()
        self._native.close()
