"""The log-probability a model gives a text continuing a prompt, token by token (teacher forcing).

Used by probes that ask how familiar a text is to a model (``codebudget.probes``): nothing is
sampled. The prompt and the continuation are tokenised together, as the model would have seen
them written out, and the continuation's tokens are those after the longest common prefix with the
prompt's own tokens (a token may straddle the boundary). They are evaluated in a context of their
own, so the sampler's prefix cache is left as it was.
"""

from __future__ import annotations

import numpy as np

from codebudget.backends.llama_native import NativeContext, NativeModel
from codebudget.backends.sampling import normalised

CHUNK = 256
"""Tokens per decode."""


def continuation_tokens(model: NativeModel, prompt: str, continuation: str, add_special: bool) -> tuple[list[int], int]:
    """The tokens of ``prompt + continuation`` and where the continuation's tokens start."""
    whole = model.tokenize(prompt + continuation, add_special)
    head = model.tokenize(prompt, add_special)
    start = 0
    while start < min(len(whole), len(head)) and whole[start] == head[start]:
        start += 1
    return whole, max(start, 1)


def logprobs(model: NativeModel, tokens: list[int], start: int, n_threads: int) -> np.ndarray:
    """The log-probability of each of ``tokens[start:]`` given the tokens before it."""
    size = -(-(len(tokens) + 1) // CHUNK) * CHUNK
    context = NativeContext(model, size, CHUNK, 1, n_threads)
    found: list[float] = []
    try:
        for begin in range(0, len(tokens), CHUNK):
            part = tokens[begin : begin + CHUNK]
            wanted = {i for i in range(len(part)) if start - 1 <= begin + i < len(tokens) - 1}
            context.decode(part, range(begin, begin + len(part)), [[0]] * len(part), wanted)
            for i in sorted(wanted):
                shifted, _, log_z = normalised(context.logits(i))
                found.append(float(shifted[tokens[begin + i + 1]]) - log_z)
    finally:
        context.close()
    return np.array(found)
