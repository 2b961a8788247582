"""Model-generated tests: ask the model for assert tests of a task's function, from its prompt alone.

:func:`generate_tests` asks in the settings' prompt style (``whole-function``:
:func:`codebudget.prompts.tests_messages`; ``body``: the same, with the answer
started as ``assert entry_point(``; the backend applies its own chat template), samples ``settings.samples`` answers
in one call, extracts their asserts (:mod:`codebudget.evidence.asserts`),
takes them from the answers in turn (first assert of each answer, then the
second, ...) so that one long answer does not crowd out the others, and keeps
at most ``settings.limit``. The model's wall time and tokens are recorded:
selection policies that use the tests count that time in their cost.

Generated tests are identified by a generator key (:func:`generator_key`):
the digest of the model's identity, the backend, the prompt and extraction
version and every sampling setting, so changing any of them regenerates.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
from typing import Any, Sequence

from codebudget.backends.base import Backend, GenerationRequest, SamplingParams
from codebudget.evidence.asserts import extract_asserts, imported_names
from codebudget.prompts import LEGACY_STYLE, TESTER, TESTS, get_style
from codebudget.records import Problem
from codebudget.store.codec import canonical_json

EXTRACTION_VERSION = 1  # bump when asserts.py changes what it keeps


@dataclasses.dataclass(frozen=True)
class GeneratorSettings:
    """How tests are generated: answers sampled, their sampling, asserts asked for and kept."""

    samples: int = 2
    temperature: float = 0.8
    top_p: float = 0.95
    max_tokens: int = 256
    seed: int = 0
    count: int = 10  # asserts the prompt asks for
    limit: int = 16  # asserts kept per task
    prompt_style: str = LEGACY_STYLE  # the style every stored generated test was asked in

    def __post_init__(self) -> None:
        if self.samples < 1 or self.max_tokens < 16 or self.count < 1 or self.limit < 1 or self.temperature < 0:
            raise ValueError(f"invalid test generator settings: {self}")
        try:
            get_style(self.prompt_style)
        except KeyError as error:
            raise ValueError(f"invalid test generator settings: {error.args[0]}") from None


@dataclasses.dataclass(frozen=True)
class GeneratedTests:
    """A task's model-generated tests, the answers they came from, and what the model call cost."""

    tests: tuple[str, ...]
    wall_s: float
    tokens: int = 0
    prompt_tokens: int = 0
    texts: tuple[str, ...] = ()
    model: str = ""


def task_seed(seed: int, problem: Problem) -> int:
    """The sampling seed of ``problem``'s test generation (stable across runs and task order)."""
    digest = hashlib.sha256(f"tests:{seed}:{problem.benchmark}:{problem.task_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def generate_tests(backend: Backend, problem: Problem,
                   settings: GeneratorSettings = GeneratorSettings()) -> GeneratedTests:
    """Sample test answers for ``problem`` from ``backend`` and keep their usable asserts."""
    prompt = get_style(settings.prompt_style).tests(problem, settings.count)
    params = SamplingParams(settings.samples, settings.temperature, settings.top_p, settings.max_tokens, prompt.stop,
                            task_seed(settings.seed, problem))
    generation = backend.generate(GenerationRequest(messages=prompt.messages, params=params))
    texts = tuple(prompt.answer(sample).text for sample in generation.samples)
    known = imported_names(problem.prompt)
    found = [extract_asserts(text, problem.entry_point, known) for text in texts]
    return GeneratedTests(merge(found, settings.limit), generation.wall_s,
                          sum(s.n_tokens for s in generation.samples), generation.prompt_tokens, texts,
                          generation.model)


def merge(found: Sequence[Sequence[str]], limit: int) -> tuple[str, ...]:
    """The asserts of several answers taken in turn, each once, at most ``limit``."""
    interleaved = (t for group in itertools.zip_longest(*found) for t in group if t is not None)
    return tuple(dict.fromkeys(interleaved))[:limit]


def generator_spec(model: str, backend: str, settings: GeneratorSettings) -> dict[str, Any]:
    """Everything that decides which tests come out: model identity, backend, prompt, extraction, sampling."""
    prompt = hashlib.sha256((TESTER + "\n" + TESTS).encode("utf-8")).hexdigest()
    fields = dataclasses.asdict(settings)
    if fields["prompt_style"] == LEGACY_STYLE:  # keys of tests stored before styles stay as they were
        del fields["prompt_style"]
    return {"model": model, "backend": backend, "prompt_sha256": prompt, "extraction": EXTRACTION_VERSION, **fields}


def generator_key(spec: dict[str, Any]) -> str:
    """The sha256 that names a generator spec in the store."""
    return hashlib.sha256(canonical_json(spec).encode("utf-8")).hexdigest()
