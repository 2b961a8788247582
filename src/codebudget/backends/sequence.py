"""The state of one sample while it is being decoded, and its stopping rules."""

from __future__ import annotations

from codebudget.backends.repetition import RepetitionGuard
from codebudget.backends.sampling import TokenSampler
from codebudget.records import FinishReason, Sample


class SequenceState:
    """Tokens, text and log-probabilities of one sample; decides when it is finished."""

    def __init__(self, index: int, seed: int, sampler: TokenSampler, stop: tuple[str, ...], max_tokens: int):
        self.index = index
        self.seed = seed
        self.sampler = sampler
        self.stop = stop
        self.max_tokens = max_tokens
        self.tokens: list[int] = []
        self.logprob_sum = 0.0
        self.data = b""
        self.text = ""
        self.finish: FinishReason | None = None
        self._guard = RepetitionGuard()

    @property
    def done(self) -> bool:
        """True once the sample stopped for any reason."""
        return self.finish is not None

    def accept(self, token: int, logprob: float, piece: bytes, end_of_generation: bool) -> None:
        """Take the sampled ``token`` and decide whether the sample is finished."""
        if end_of_generation:
            self.finish = FinishReason.STOP
            return
        self.tokens.append(token)
        self.logprob_sum += logprob
        self.data += piece
        self.text = self.data.decode("utf-8", "ignore")
        if self._cut_at_stop():
            self.finish = FinishReason.STOP
        elif self._guard.tripped(self.tokens, self.text):
            self.finish = FinishReason.REPETITION
        elif len(self.tokens) >= self.max_tokens:
            self.finish = FinishReason.LENGTH

    def cut(self) -> None:
        """End the sample where it is: the caller's deadline passed."""
        if self.finish is None:
            self.finish = FinishReason.DEADLINE

    def _cut_at_stop(self) -> bool:
        hits = [i for i in (self.text.find(s) for s in self.stop) if i >= 0]
        if hits:
            self.text = self.text[: min(hits)]
        return bool(hits)

    def sample(self) -> Sample:
        """The finished sample as a record."""
        count = len(self.tokens)
        mean = self.logprob_sum / count if count else None
        return Sample(self.text, count, mean, self.finish or FinishReason.LENGTH, self.seed)
