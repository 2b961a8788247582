"""Generate N samples for one prompt in one batched decode.

The prompt is evaluated once: each prompt token is placed in the KV cache with
all N sequence ids, so every sample shares those cache cells. Then each step
decodes one token for every unfinished sample in a single batch. Finished
samples drop out, so the batch shrinks as samples end.
"""

from __future__ import annotations

from codebudget.backends.base import BackendError, SamplingParams
from codebudget.backends.llama_native import NativeContext, NativeModel
from codebudget.backends.sampling import TokenSampler
from codebudget.backends.sequence import SequenceState
from codebudget.records import Sample

N_BATCH = 512
CTX_STEP = 512


def context_error(prompt: str, max_tokens: int, n_ctx: int) -> BackendError:
    """The one-line refusal of a prompt (described as ``prompt``) too long for the model's context."""
    return BackendError(f"prompt of {prompt} + {max_tokens} new exceeds the model's context ({n_ctx})")


class BatchedSampler:
    """Owns a decoding context, grown on demand, and runs batched generation."""

    def __init__(self, model: NativeModel, n_threads: int, n_ctx_train: int):
        self.model = model
        self.n_threads = n_threads
        self.n_ctx_train = n_ctx_train
        self._context: NativeContext | None = None

    def generate(self, prompt: list[int], params: SamplingParams) -> list[Sample]:
        """``params.n`` samples continuing ``prompt`` (token ids)."""
        if len(prompt) + params.max_tokens > self.n_ctx_train:
            raise context_error(f"{len(prompt)} tokens", params.max_tokens, self.n_ctx_train)
        context = self._context_for(len(prompt) + params.n * params.max_tokens, params.n)
        context.clear()
        states = [self._state(i, params) for i in range(params.n)]
        first = self._eval_prompt(context, prompt, params.n)
        self._advance(context, states, {s.index: first for s in states}, len(prompt))
        return [s.sample() for s in states]

    def _state(self, index: int, params: SamplingParams) -> SequenceState:
        seed = params.sample_seed(index)
        sampler = TokenSampler(params.temperature, params.top_p, seed)
        return SequenceState(index, seed, sampler, params.stop, params.max_tokens)

    def _eval_prompt(self, context: NativeContext, prompt: list[int], n: int):
        """Put the prompt in the cache once, for all ``n`` sequences; return its last logits."""
        every = list(range(n))
        for start in range(0, len(prompt), N_BATCH):
            chunk = prompt[start : start + N_BATCH]
            last = start + len(chunk) == len(prompt)
            positions = range(start, start + len(chunk))
            context.decode(chunk, positions, [every] * len(chunk), {len(chunk) - 1} if last else set())
        return context.logits(len(chunk) - 1)

    def _advance(self, context: NativeContext, states: list[SequenceState], logits: dict, position: int) -> None:
        """Sample, then decode the new tokens of all unfinished sequences together, until all end."""
        while True:
            for state in states:
                if not state.done:
                    self._take(state, logits[state.index])
            active = [s for s in states if not s.done]
            if not active:
                return
            tokens = [s.tokens[-1] for s in active]
            context.decode(tokens, [position] * len(active), [[s.index] for s in active], set(range(len(active))))
            logits = {s.index: context.logits(i) for i, s in enumerate(active)}
            position += 1

    def _take(self, state: SequenceState, logits) -> None:
        token, logprob = state.sampler(logits)
        eog = self.model.is_eog(token)
        state.accept(token, logprob, b"" if eog else self.model.piece(token), eog)

    def _context_for(self, cells: int, n_seq: int) -> NativeContext:
        """The current context if it is big enough, else a new one (the old one is freed)."""
        current = self._context
        if current is not None and current.n_ctx >= cells and current.n_seq >= n_seq:
            return current
        if current is not None:
            current.close()
        size = -(-max(cells, current.n_ctx if current else 0) // CTX_STEP) * CTX_STEP
        seqs = max(n_seq, current.n_seq if current else 1)
        self._context = NativeContext(self.model, size, N_BATCH, seqs, self.n_threads)
        return self._context

    def close(self) -> None:
        """Free the context."""
        if self._context is not None:
            self._context.close()
            self._context = None
