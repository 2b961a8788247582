"""A thin, typed layer over llama.cpp's C API (through llama-cpp-python's ctypes bindings).

Only what batched sampling needs: load a model, read its metadata, tokenize,
turn tokens into bytes, and decode batches of tokens that may belong to several
sequences at once in one shared (unified) KV cache, whose cells can be shared
between sequences and dropped from one.

How tokens are evaluated makes a token's logits independent of the batch it is
decoded in (how many tokens, which other sequences, where chunks start), so that
a prompt prefix computed once can be reused and draft tokens can be verified
without changing any sample. Measured on this build (llama-cpp-python 0.3.36,
AVX-512), bit for bit:

- weights are not repacked for the CPU (``use_extra_bufts`` off): the repacked
  kernels multiply the rows of a batch in groups of four and the rest one by
  one, with different rounding;
- flash attention is on, with keys in f16 and values in bf16: keys and values
  of different types keep llama.cpp on its one-query-at-a-time kernel for any
  batch (with equal types, batches of 64 tokens or more take a tiled kernel,
  and single tokens over 512 cells a split one, each rounding differently).
  That kernel visits a sequence's cells in cell order, so the cells of each
  sequence must lie in the order of its positions (see ``kv_arena.py``);
- some weight types (Qwen2.5's q5_0) are multiplied by one kernel for batches
  of up to ``SMALL_BATCH`` tokens and another, rounding differently, above.
  So prompts are evaluated in chunks of more than ``SMALL_BATCH`` tokens and
  generated tokens in batches of at most ``SMALL_BATCH``: a token's numbers are
  then the same whatever shares its batch, but a generated token's cells differ
  from those the same token gets as part of a prompt (``prefix_cache.py``).
"""

from __future__ import annotations

import ctypes
import functools
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from codebudget.backends.base import BackendError, BackendUnavailable

GGML_TYPE_BF16 = 30  # ggml.h; the bindings do not name it
SMALL_BATCH = 7
"""The most tokens a batch may have to be computed like a single token (see the module docstring)."""
INSTALL_HINT = "llama-cpp-python is not installed; install it with: pip install 'codebudget[llama]'"


def import_llama_cpp() -> Any:
    """Import llama_cpp lazily, with a one-line install hint when it is missing."""
    try:
        import llama_cpp
    except ImportError:
        raise BackendUnavailable(INSTALL_HINT) from None
    return llama_cpp


_SILENT_LOG = None


def _silence(lc: Any) -> None:
    """Route llama.cpp's log lines to nowhere (they would flood the terminal)."""
    global _SILENT_LOG
    if _SILENT_LOG is None:
        _SILENT_LOG = lc.llama_log_callback(lambda level, text, data: None)
        lc.llama_log_set(_SILENT_LOG, ctypes.c_void_p(0))


class TooManyTokens(BackendError):
    """A text needs more tokens than the caller allowed (``needed`` says how many)."""

    def __init__(self, needed: int):
        super().__init__(f"the text needs {needed} tokens")
        self.needed = needed


class NativeModel:
    """Loaded GGUF weights with their vocabulary and metadata."""

    def __init__(self, path: Path, adapter: Path | None = None):
        self.lc = lc = import_llama_cpp()
        _silence(lc)
        lc.llama_backend_init()
        params = lc.llama_model_default_params()
        params.n_gpu_layers = 0
        params.use_extra_bufts = False  # repacked weights round batch rows differently (module docstring)
        self.ptr = lc.llama_model_load_from_file(str(path).encode(), params)
        if not self.ptr:
            raise BackendError(f"llama.cpp could not load {path}: corrupt, truncated or unsupported GGUF")
        self.vocab = lc.llama_model_get_vocab(self.ptr)
        self.n_vocab = int(lc.llama_vocab_n_tokens(self.vocab))
        self.metadata = self._read_metadata()
        self._pieces: dict[int, bytes] = {}
        self.adapter = None
        if adapter is not None:
            self.adapter = lc.llama_adapter_lora_init(self.ptr, str(adapter).encode())
            if not self.adapter:
                self.close()
                raise BackendError(f"llama.cpp could not apply the LoRA adapter {adapter} to {path}: not an "
                                   "adapter, or one trained on another model")

    def _read_metadata(self) -> dict[str, str]:
        lc, found = self.lc, {}
        buf = ctypes.create_string_buffer(1 << 16)
        for i in range(lc.llama_model_meta_count(self.ptr)):
            size = lc.llama_model_meta_key_by_index(self.ptr, i, buf, len(buf))
            key = buf.raw[: max(size, 0)].decode("utf-8", "replace")
            size = lc.llama_model_meta_val_str_by_index(self.ptr, i, buf, len(buf))
            if size >= len(buf):  # long values (the chat template) need a bigger buffer
                big = ctypes.create_string_buffer(size + 1)
                lc.llama_model_meta_val_str_by_index(self.ptr, i, big, len(big))
                found[key] = big.raw[:size].decode("utf-8", "replace")
            else:
                found[key] = buf.raw[: max(size, 0)].decode("utf-8", "replace")
        return found

    def tokenize(self, text: str, add_special: bool = True, at_most: int | None = None) -> list[int]:
        """Token ids of ``text``, parsing special tokens such as ``<|im_start|>``.

        With ``at_most``, only that many ids are kept: a longer text raises
        :class:`TooManyTokens` (with the count) instead of filling memory.
        """
        data = text.encode("utf-8")
        capacity = len(data) + 16 if at_most is None else min(len(data) + 16, at_most + 1)
        out = (self.lc.llama_token * capacity)()
        count = self.lc.llama_tokenize(self.vocab, data, len(data), out, capacity, add_special, True)
        if count < 0 or (at_most is not None and count > at_most):
            if at_most is not None:
                raise TooManyTokens(abs(count))
            raise BackendError(f"tokenizer needs {-count} tokens for a {len(data)}-byte prompt")
        return list(out[:count])

    @functools.cached_property
    def max_token_bytes(self) -> int:
        """The most bytes of text one token stands for (special tokens by their text): so a text
        of B bytes is at least B / ``max_token_bytes`` tokens. Found once, over the whole vocabulary."""
        buf = ctypes.create_string_buffer(256)
        longest = 1
        for token in range(self.n_vocab):
            size = self.lc.llama_token_to_piece(self.vocab, token, buf, len(buf), 0, True)
            longest = max(longest, abs(size))  # a negative size is the length that did not fit
        return longest

    def piece(self, token: int) -> bytes:
        """The bytes of one token (special tokens render as empty)."""
        cached = self._pieces.get(token)
        if cached is None:
            buf = ctypes.create_string_buffer(64)
            size = self.lc.llama_token_to_piece(self.vocab, token, buf, len(buf), 0, False)
            if size > len(buf):
                buf = ctypes.create_string_buffer(size)
                size = self.lc.llama_token_to_piece(self.vocab, token, buf, len(buf), 0, False)
            cached = self._pieces[token] = buf.raw[: max(size, 0)]
        return cached

    def is_eog(self, token: int) -> bool:
        """True for end-of-generation tokens (EOS, end of turn)."""
        return bool(self.lc.llama_vocab_is_eog(self.vocab, token))

    def special_text(self, which: str) -> str:
        """The text of the BOS or EOS token (``which`` is "bos" or "eos")."""
        token = getattr(self.lc, f"llama_vocab_{which}")(self.vocab)
        if token < 0:
            return ""
        return self.lc.llama_vocab_get_text(self.vocab, token).decode("utf-8", "replace")

    def close(self) -> None:
        """Free the weights (and the adapter with them: llama.cpp frees a model's adapters with the model)."""
        self.adapter = None
        if self.ptr:
            self.lc.llama_model_free(self.ptr)
            self.ptr = None


class NativeContext:
    """A decoding context with a unified KV cache shared by up to ``n_seq`` sequences."""

    def __init__(self, model: NativeModel, n_ctx: int, n_batch: int, n_seq: int, n_threads: int):
        lc = self.lc = model.lc
        params = lc.llama_context_default_params()
        params.n_ctx, params.n_batch, params.n_ubatch = n_ctx, n_batch, n_batch
        params.n_seq_max, params.kv_unified = n_seq, True
        params.n_outputs_max_per_seq = 0  # logits at every token of a sequence (drafts are verified at once)
        params.flash_attn_type = lc.LLAMA_FLASH_ATTN_TYPE_ENABLED
        params.type_k, params.type_v = lc.GGML_TYPE_F16, GGML_TYPE_BF16  # see the module docstring
        params.n_threads = params.n_threads_batch = n_threads
        params.no_perf = True
        self.ptr = lc.llama_init_from_model(model.ptr, params)
        if not self.ptr:
            raise BackendError(f"llama.cpp could not create a context of {n_ctx} tokens for {n_seq} sequences")
        if model.adapter:  # the model's LoRA adapter, at full strength, on every context made for it
            adapters = (lc.llama_adapter_lora_p_ctypes * 1)(model.adapter)
            if lc.llama_set_adapters_lora(self.ptr, adapters, 1, (ctypes.c_float * 1)(1.0)) != 0:
                lc.llama_free(self.ptr)
                raise BackendError("llama.cpp could not set the LoRA adapter on a new context")
        self.n_ctx = int(lc.llama_n_ctx(self.ptr))
        self.n_batch, self.n_seq, self.n_vocab = n_batch, n_seq, model.n_vocab
        self.memory = lc.llama_get_memory(self.ptr)
        self.batch = lc.llama_batch_init(n_batch, 0, n_seq)

    def clear(self) -> None:
        """Forget every sequence's cached tokens."""
        self.lc.llama_memory_clear(self.memory, True)

    def copy(self, src: int, dst: int, start: int = -1, end: int = -1) -> None:
        """Make ``dst`` share ``src``'s cells at positions [start, end) (negative: unbounded); no data moves."""
        self.lc.llama_memory_seq_cp(self.memory, src, dst, start, end)

    def remove(self, seq: int, start: int = -1, end: int = -1) -> None:
        """Take sequence ``seq`` off its cells at positions [start, end) (negative: unbounded); a cell no
        sequence holds any more is freed."""
        self.lc.llama_memory_seq_rm(self.memory, seq, start, end)

    def last_position(self, seq: int) -> int:
        """The largest position sequence ``seq`` holds a cell for (-1: none)."""
        return int(self.lc.llama_memory_seq_pos_max(self.memory, seq))

    def decode(self, tokens: Sequence[int], positions: Sequence[int], seqs: Sequence[Sequence[int]], logits_at: set[int]) -> None:
        """Evaluate one batch; token ``i`` joins sequences ``seqs[i]``; keep logits at ``logits_at``."""
        batch = self.batch
        batch.n_tokens = len(tokens)
        for i, (token, pos, ids) in enumerate(zip(tokens, positions, seqs)):
            batch.token[i], batch.pos[i], batch.n_seq_id[i] = token, pos, len(ids)
            for j, seq in enumerate(ids):
                batch.seq_id[i][j] = seq
            batch.logits[i] = i in logits_at
        status = self.lc.llama_decode(self.ptr, batch)
        if status != 0:
            raise BackendError(f"llama_decode failed with status {status} (context of {self.n_ctx} tokens full?)")

    def logits(self, index: int) -> np.ndarray:
        """The logits of batch position ``index`` from the last decode: a view, valid until the next decode."""
        pointer = self.lc.llama_get_logits_ith(self.ptr, index)
        return np.ctypeslib.as_array(pointer, shape=(self.n_vocab,))

    def close(self) -> None:
        """Free the batch and the context."""
        if self.ptr:
            self.lc.llama_batch_free(self.batch)
            self.lc.llama_free(self.ptr)
            self.ptr = None
