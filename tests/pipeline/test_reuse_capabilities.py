"""What a backend declares, not its name, decides greedy reuse and the model's recorded identity.

Backends registered here for a test declare their own capabilities; the real
llama.cpp backend (opened from its :class:`BackendSpec`) is the positive case.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from codebudget.backends import BACKENDS, BackendSpec, Capabilities, open_backend
from codebudget.models import get_entry
from codebudget.models.hashing import file_sha256
from codebudget.pipeline import PipelineConfig, run_config
from codebudget.pipeline.provenance import model_sha256
from codebudget.pipeline.reuse import decoder
from codebudget.store import RunRow

from pipeline_scripted import ScriptedBackend
from toys import ADD

GOOD_ADD = "def add(a, b):\n    return a + b"
BAD_ADD = "def add(a, b):\n    return a - b"


class FickleBackend(ScriptedBackend):
    """Says its greedy answers may differ from call to call: never reuse them."""

    name = "fickle"
    capabilities = Capabilities(deterministic_greedy=False)


class SteadyBackend(ScriptedBackend):
    """Says its greedy answers depend on the prompt only."""

    name = "steady"
    capabilities = Capabilities(deterministic_greedy=True)


class FiledBackend(ScriptedBackend):
    """Loads a model file (its sha256 identifies the weights) built by the ``steadypkg`` distribution."""

    name = "filed"
    capabilities = Capabilities(deterministic_greedy=True, model_file=True, build_package="steadypkg")


class FiledFickleBackend(ScriptedBackend):
    """Loads a model file, but its greedy answers are not to be trusted twice."""

    name = "filed-fickle"
    capabilities = Capabilities(deterministic_greedy=False, model_file=True, build_package="steadypkg")


@pytest.fixture(autouse=True)
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    for backend in (FickleBackend, SteadyBackend, FiledBackend, FiledFickleBackend):
        monkeypatch.setitem(BACKENDS, backend.name, backend)


@pytest.fixture()
def weights(tmp_path: Path) -> Path:
    path = tmp_path / "weights.gguf"
    path.write_bytes(b"GGUF not really weights")
    return path


def _config(backend: str, model: str = "scripted", **fields) -> PipelineConfig:
    return PipelineConfig(backend=backend, model=model, benchmark="toy", temperature=0.0, **fields)


def _reused(store, run_hash: str) -> list[bool]:
    return [row.call_id.startswith("reused:") for row in store.iter_generations(run_hash)]


def test_a_backend_declaring_deterministic_greedy_answers_a_repeated_repair_once(store, sandbox) -> None:
    backend = SteadyBackend({"add": [BAD_ADD, BAD_ADD]}, {"add": [GOOD_ADD]})
    summary = run_config(_config("steady", n=2, k=1), [ADD], store=store, backend=backend, sandbox=sandbox)
    assert len(backend.calls) == 2 and sum(_reused(store, summary.run_hash)) == 1


def test_a_backend_declaring_non_deterministic_greedy_is_never_reused_within_a_run(store, sandbox) -> None:
    backend = FickleBackend({"add": [BAD_ADD, BAD_ADD]}, {"add": [GOOD_ADD, GOOD_ADD]})
    summary = run_config(_config("fickle", n=2, k=1), [ADD], store=store, backend=backend, sandbox=sandbox)
    assert len(backend.calls) == 3  # the batched sampling and both repairs, asked alike
    assert not any(_reused(store, summary.run_hash))


def test_a_model_file_backend_records_the_files_sha256_and_lends_answers_across_runs(store, sandbox,
                                                                                   weights: Path) -> None:
    config = _config("filed", str(weights), n=1)
    assert model_sha256(config) == file_sha256(weights)
    assert model_sha256(_config("steady", str(weights), n=1)) is None  # no model file declared: nothing hashed
    backend = FiledBackend({"add": [BAD_ADD, BAD_ADD]}, {"add": [GOOD_ADD]})
    first = run_config(config, [ADD], store=store, backend=backend, sandbox=sandbox)
    repair = run_config(config.model_copy(update={"k": 1}), [ADD], store=store, backend=backend, sandbox=sandbox)
    assert store.get_run(first.run_hash).model_sha256 == file_sha256(weights)
    assert len(backend.calls) == 2  # the first run's sampling, then only the repair
    assert [row.key.round for row in store.iter_generations(repair.run_hash) if row.call_id.startswith("reused:")] == [0]


def test_a_model_file_backend_without_deterministic_greedy_lends_nothing(store, sandbox, weights: Path) -> None:
    config = _config("filed-fickle", str(weights), n=1)
    backend = FiledFickleBackend({"add": [BAD_ADD, BAD_ADD]}, {"add": [GOOD_ADD]})
    run_config(config, [ADD], store=store, backend=backend, sandbox=sandbox)
    repair = run_config(config.model_copy(update={"k": 1}), [ADD], store=store, backend=backend, sandbox=sandbox)
    assert len(backend.calls) == 3 and not any(_reused(store, repair.run_hash))


def test_the_decoder_follows_the_declared_capabilities() -> None:
    config = {"backend": "filed", "model": "w.gguf", "base_url": None, "max_tokens": 512}
    run = RunRow("r", config, "w.gguf", "ab" * 32, provenance={"packages": {"steadypkg": "2.0",
                                                                           "llama-cpp-python": "0.3.36"}})
    # its own build package's version; then backend, model, adapter (none), base URL, max tokens
    assert decoder(run) == ("ab" * 32, "2.0", None, "filed", "w.gguf", None, None, 512)
    assert decoder(dataclasses.replace(run, config={**config, "adapter": "0123456789abcdef"})) != decoder(run)
    assert decoder(dataclasses.replace(run, config={**config, "backend": "filed-fickle"})) is None
    assert decoder(dataclasses.replace(run, model_sha256=None)) is None


@pytest.mark.model
def test_the_real_llamacpp_backend_lends_greedy_answers_across_runs(tmp_path: Path, sandbox,
                                                                     smollm2_path: Path) -> None:
    """Opened from its spec, it declares deterministic greedy answers and a model file: K=1 reuses K=0's start."""
    from codebudget.benchmarks import load
    from codebudget.store import Store

    config = PipelineConfig(model="smollm2-135m", n=1, k=0, temperature=0.0, max_tokens=32, seed=1)
    problems = load("humaneval")[:1]
    backend = open_backend(BackendSpec.from_config(config.model_copy(update={"model": str(smollm2_path)})))
    try:
        with Store.open(tmp_path / "runs.db") as store:
            first = run_config(config, problems, store=store, backend=backend, sandbox=sandbox)
            repair = run_config(config.model_copy(update={"k": 1}), problems, store=store, backend=backend,
                                sandbox=sandbox)
            assert store.get_run(first.run_hash).model_sha256 == get_entry("smollm2-135m").sha256
            lent = next(store.iter_generations(first.run_hash))
            start = next(g for g in store.iter_generations(repair.run_hash) if g.key.round == 0)
    finally:
        backend.close()
    assert start.call_id == "reused:" + lent.call_id and start.sample.text == lent.sample.text
