"""Which runs may lend each other greedy answers (:func:`codebudget.pipeline.reuse.decoder`)."""

from __future__ import annotations

import dataclasses

from codebudget.pipeline.reuse import decoder, reused
from codebudget.records import FinishReason, Sample
from codebudget.store import GenerationKey, GenerationRow, RunRow

SHA = "ab" * 32
CONFIG = {"backend": "llamacpp", "model": "qwen2.5-coder-1.5b", "base_url": None, "max_tokens": 512, "n": 1, "k": 0}
RUN = RunRow("r1", CONFIG, "qwen2.5-coder-1.5b", SHA, provenance={"packages": {"llama-cpp-python": "0.3.36"}})


def test_runs_that_differ_only_in_n_k_or_seed_share_a_decoder() -> None:
    other = dataclasses.replace(RUN, config_hash="r2", config={**CONFIG, "n": 5, "k": 2, "seed": 9})
    assert decoder(RUN) == decoder(other) is not None


def test_weights_build_backend_or_token_limit_change_the_decoder() -> None:
    changes = [
        dataclasses.replace(RUN, model_sha256="cd" * 32),
        dataclasses.replace(RUN, provenance={"packages": {"llama-cpp-python": "0.3.37"}}),
        dataclasses.replace(RUN, provenance={**RUN.provenance, "decoder": "2"}),  # the backend's decoding code
        dataclasses.replace(RUN, config={**CONFIG, "max_tokens": 256}),
        dataclasses.replace(RUN, config={**CONFIG, "backend": "openai"}),
    ]
    assert all(decoder(changed) != decoder(RUN) for changed in changes)


def test_weights_without_a_sha256_have_no_decoder() -> None:
    assert decoder(dataclasses.replace(RUN, model_sha256=None)) is None


def test_a_reused_first_attempt_has_no_parent_and_a_reused_repair_names_its_own() -> None:
    sample = Sample("```python\npass\n```", 3, -0.1, FinishReason.STOP, 0)
    earlier = GenerationRow(GenerationKey("r1", "b", "t", 2, 1), "p", sample, 0.0, "call", 1.5,
                            parent_index=2, parent_round=0)
    first = reused(earlier, GenerationKey("r2", "b", "t", 0, 0))
    repair = reused(first, GenerationKey("r2", "b", "t", 3, 2))
    assert (first.parent_index, first.parent_round, first.call_id) == (None, None, "reused:call")
    assert (repair.parent_index, repair.parent_round, repair.call_id) == (3, 1, "reused:call")
    assert repair.call_wall_s == 1.5 and repair.sample == sample
