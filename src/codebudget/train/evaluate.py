"""What an adapter does to held-out pairs of its own kind: the model completes each pair's prompt (greedy, through
the same prompt it was trained with), and the completion is scored against the pair's own completion by BLEU and
by whether the whole parses under the language's real toolchain. Execution on benchmarks is the pipeline's job
(``codebudget run --adapter``); this is seed 003's pair of metrics, done per pair so intervals can be drawn.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any, Sequence

from codebudget.backends.base import GenerationRequest, SamplingParams
from codebudget.prompts.styles import CLOSE
from codebudget.train.examples import prompt_of, target_of
from codebudget.train.metrics import sentence_bleu, sentence_codebleu, syntax_ok_many
from codebudget.train.pairs import Pair


@dataclasses.dataclass(frozen=True)
class Scored:
    """One held-out pair: the model's completion, its BLEU against the pair's completion (0–100), whether the
    prompt with it parses, and what it cost."""

    pair_id: str
    language: str
    completion: str
    bleu: float
    syntax_ok: bool
    codebleu: float
    tokens: int
    seconds: float

    def to_json(self) -> dict:
        return dataclasses.asdict(self)


def reference_of(pair: Pair, style: str) -> str:
    """What a perfect completion of ``pair`` is (the training target without its closing fence)."""
    return target_of(pair, style).removesuffix(CLOSE)


def code_before(pair: Pair) -> str:
    """The code the completion continues (nothing for a prose task: the completion is the whole program)."""
    return "" if pair.prose else pair.prompt


def complete_and_score(backend: Any, pairs: Sequence[Pair], style: str = "body", max_tokens: int = 256) -> list[Scored]:
    """Greedy completions of ``pairs`` by ``backend`` (one call each), scored; pairs may mix languages."""
    texts, costs = [], []
    for pair in pairs:
        prompt = prompt_of(pair, style)
        started = time.perf_counter()
        sample = backend.generate(GenerationRequest(messages=prompt.messages, params=SamplingParams(
            1, 0.0, 1.0, max_tokens, prompt.stop, 0))).samples[0]
        costs.append((sample.n_tokens, time.perf_counter() - started))
        texts.append(("\n" + sample.text).split(CLOSE)[0][1:])  # the prefill ends a line: a fence may open the text
    return score(pairs, texts, costs, style)


def score(pairs: Sequence[Pair], texts: Sequence[str], costs: Sequence[tuple[int, float]], style: str = "body") -> list[Scored]:
    """Each completion's BLEU against its pair's, its CodeBLEU (the whole code: the pair's header with the completion
    against the header with the pair's own completion) and its syntax verdict (one toolchain process per language). An
    empty completion fails the syntax check: a Python header with its docstring parses with no body at all, and
    counting that as a pass would repeat seed 003's check that passed what it could not judge."""
    bleus = sentence_bleu(list(texts), [reference_of(p, style) for p in pairs])
    verdicts: dict[int, bool] = {}
    codebleus: dict[int, float] = {}
    for language in {p.language for p in pairs}:
        indices = [i for i, p in enumerate(pairs) if p.language == language]
        found = syntax_ok_many(language, [(code_before(pairs[i]), texts[i]) for i in indices])
        verdicts.update(zip(indices, found))
        whole = [code_before(pairs[i]) + texts[i] if texts[i].strip() else "" for i in indices]
        references = [code_before(pairs[i]) + reference_of(pairs[i], style) for i in indices]
        codebleus.update(zip(indices, sentence_codebleu(whole, references, language)))
    return [Scored(p.pair_id, p.language, t, round(b, 3), verdicts[i] and bool(t.strip()), round(codebleus[i], 4),
                   c[0], round(c[1], 3))
            for i, (p, t, b, c) in enumerate(zip(pairs, texts, bleus, costs))]
