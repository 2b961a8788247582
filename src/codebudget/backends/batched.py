"""Generate N samples for one prompt in one batched decode, reusing what earlier calls computed.

The prompt is evaluated once: each prompt token is placed in the KV cache with
all N sequence ids, so every sample shares those cache cells. Then each step
decodes the new tokens of every unfinished sample together (``stepping.py``: in
decodes of a shape fixed for the call, with prompt-lookup drafts when
``params.draft`` is set). Finished samples drop out, so the steps shrink as
samples end.

The cache outlives the call: the prompt stays cached (``prefix_cache.py``), and
the next prompt shares the cells of the cached prompt it has the longest common
prefix with, so only the rest of it is evaluated. Prompts are evaluated in
chunks of more than ``SMALL_BATCH`` tokens, and the decoder's numbers do not
depend on the chunks, the batch or the cache's history (``llama_native.py``,
``kv_arena.py``), so a reused prefix gives the very samples a fresh one would.
"""

from __future__ import annotations

from codebudget.backends.base import BackendError, SamplingParams
from codebudget.backends.decode_stats import DecodeStats, Tally
from codebudget.backends.draft_gate import DecodeShape, StepCosts
from codebudget.backends.kv_arena import KvArena
from codebudget.backends.llama_native import SMALL_BATCH, NativeModel
from codebudget.backends.lookup import NgramIndex
from codebudget.backends.prefix_cache import Plan, SlotTable
from codebudget.backends.sampling import TokenSampler
from codebudget.backends.sequence import SequenceState
from codebudget.backends.stepping import Lane, Stepper, take
from codebudget.records import Sample

N_BATCH = 512
CTX_STEP = 512
MIN_CELLS = 2048
"""The smallest cache; a cache is made twice the cells a call may need, leaving room for drafts and later calls."""
MIN_SLOTS = 16
"""Sequence ids kept: a call's samples plus the cached prompts of earlier calls."""
MIN_CHUNK = SMALL_BATCH + 1
"""The fewest tokens a prompt chunk has (unless the whole prompt is shorter): see ``llama_native.py``."""
SMALL_STEPS = DecodeShape(1, SMALL_BATCH)
"""Decodes of a call of at most ``SMALL_BATCH`` samples: as many rows as there are, split above ``SMALL_BATCH``."""
LARGE_STEPS = DecodeShape(MIN_CHUNK, N_BATCH)
"""Decodes of a call of more samples: padded to more than ``SMALL_BATCH`` rows when fewer samples are left."""


def chunks(start: int, end: int, most: int = N_BATCH) -> list[tuple[int, int]]:
    """[start, end) cut into as few chunks of at most ``most`` tokens as can be, of nearly equal sizes."""
    count = -(-(end - start) // most)
    size, longer = divmod(end - start, count)
    bounds, at = [], start
    for i in range(count):
        step = size + (i < longer)
        bounds.append((at, at + step))
        at += step
    return bounds


def context_error(prompt: str, max_tokens: int, n_ctx: int) -> BackendError:
    """The one-line refusal of a prompt (described as ``prompt``) too long for the model's context."""
    return BackendError(f"prompt of {prompt} + {max_tokens} new exceeds the model's context ({n_ctx})")


class BatchedSampler:
    """Owns a decoding context, grown on demand, and runs batched generation."""

    def __init__(self, model: NativeModel, n_threads: int, n_ctx_train: int):
        self.model = model
        self.n_threads = n_threads
        self.n_ctx_train = n_ctx_train
        self._arena: KvArena | None = None
        self._slots = SlotTable(0)
        self.costs = StepCosts()
        """Measured seconds of a decode by its rows, which decide whether drafts pay (kept between calls)."""
        self.last_stats = DecodeStats()
        """What the last :meth:`generate` call did (drafts, steps, reused prompt tokens, seconds)."""

    def generate(self, prompt: list[int], params: SamplingParams) -> list[Sample]:
        """``params.n`` samples continuing ``prompt`` (token ids)."""
        if len(prompt) + params.max_tokens > self.n_ctx_train:
            raise context_error(f"{len(prompt)} tokens", params.max_tokens, self.n_ctx_train)
        if not prompt:
            raise BackendError("an empty prompt has nothing to continue")
        tally = Tally()
        arena, plan = self._start(prompt, params)
        try:
            lanes = self._run(arena, prompt, plan, params, tally)
        except BaseException:
            arena.reset()  # the cells of a call cut short are in no known state
            self._slots.clear()
            raise
        self._keep(arena, prompt, plan)
        self.last_stats = tally.freeze()
        return [lane.state.sample() for lane in lanes]

    def forget(self) -> None:
        """Reuse nothing cached so far: the next call evaluates its whole prompt (the cells stay until reset)."""
        self._slots.clear()

    def _run(self, arena: KvArena, prompt: list[int], plan: Plan, params: SamplingParams, tally: Tally) -> list[Lane]:
        """Evaluate the prompt, draw each sample's first token, then step until all have finished."""
        index = NgramIndex(prompt) if params.draft > 0 else None
        lanes = [
            Lane(self._state(i, params), seq, len(prompt), index.copy() if index else None, params.draft)
            for i, seq in enumerate(plan.targets)
        ]
        with tally.timing("prompt_s"):
            last = self._eval_prompt(arena, prompt, plan)
        tally.add(prompt_reused=plan.reused, prompt_evaluated=len(prompt) - plan.reused)
        with tally.timing("sample_s"):
            for lane in lanes:
                take(self.model, lane, arena.logits(last))
        shape = SMALL_STEPS if params.n <= SMALL_BATCH else LARGE_STEPS
        Stepper(arena, self.model, shape, self.costs, tally).run(lanes, params.draft, params.max_tokens,
                                                                params.deadline, params.progress)
        return lanes

    def _state(self, index: int, params: SamplingParams) -> SequenceState:
        seed = params.sample_seed(index)
        sampler = TokenSampler(params.temperature, params.top_p, seed)
        return SequenceState(index, seed, sampler, params.stop, params.max_tokens)

    def _start(self, prompt: list[int], params: SamplingParams) -> tuple[KvArena, Plan]:
        """The cache for this call and where its sequences start; the cells are shared and dropped as planned."""
        n, need = params.n, len(prompt) + params.n * params.max_tokens + MIN_CHUNK
        arena = self._arena
        if arena is None or arena.n_slots < n or arena.size < need:
            arena = self._new_arena(need, n)
        plan = self._slots.plan(prompt, n, MIN_CHUNK)
        if need - plan.reused > arena.room:
            arena.reset()
            self._slots.clear()
            plan = self._slots.plan(prompt, n, MIN_CHUNK)
        for slot in plan.targets:
            if slot != plan.source:
                arena.drop(slot)  # an evicted prompt, or cells no entry records (after ``forget``)
                if plan.source is not None:
                    arena.share(plan.source, slot, plan.reused)
        if plan.source in plan.targets:
            arena.drop(plan.source, plan.reused)
        self._slots.start(plan)
        return arena, plan

    def _keep(self, arena: KvArena, prompt: list[int], plan: Plan) -> None:
        """Cache the prompt in the call's first sequence; the others' cells go (they hold the same prompt). A
        prompt shorter than a chunk is not kept: it was evaluated in a small batch, unlike a longer prompt's start."""
        first, *rest = plan.targets
        if len(prompt) >= MIN_CHUNK:
            self._slots.store(first, prompt)
        else:
            rest.insert(0, first)
        for slot in rest:
            arena.drop(slot)

    def _new_arena(self, need: int, n: int) -> KvArena:
        """A new cache (the old one, and what it held, is freed) for calls of ``need`` cells and ``n`` samples."""
        current = self._arena
        if current is not None:
            current.close()
            self._arena = None
        cells = max(2 * need, MIN_CELLS, current.size if current else 0)
        size = -(-cells // CTX_STEP) * CTX_STEP
        slots = max(n, MIN_SLOTS, current.n_slots if current else 0)
        self._arena = KvArena(self.model, size, N_BATCH, slots, self.n_threads)
        self._slots = SlotTable(slots)
        return self._arena

    def _eval_prompt(self, arena: KvArena, prompt: list[int], plan: Plan) -> int:
        """Put the prompt's uncached tokens in the cache once, for all the call's sequences; return the batch
        index of the last one, whose logits are kept."""
        every = list(plan.targets)
        for start, end in chunks(plan.reused, len(prompt)):
            logits_at = {end - start - 1} if end == len(prompt) else set()
            arena.decode(prompt[start:end], range(start, end), [every] * (end - start), logits_at)
        return end - start - 1

    def close(self) -> None:
        """Free the context."""
        if self._arena is not None:
            self._arena.close()
            self._arena = None
