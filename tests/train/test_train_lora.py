"""LoRA training end to end on the tiny model: train a few steps, convert with llama.cpp's converter, store,
apply in llama.cpp; the adapter changes llama.cpp's output as it changes peft's; interrupted runs resume."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("peft", reason="the [train] extra is not installed")

from codebudget.adapters import AdapterStore  # noqa: E402
from codebudget.backends.base import GenerationRequest, Message, SamplingParams  # noqa: E402
from codebudget.hardware import training_dtype  # noqa: E402
from codebudget.train.benchmark_pairs import benchmark_pairs  # noqa: E402
from codebudget.train.pairs import write_jsonl  # noqa: E402
from codebudget.train.recipe import Recipe  # noqa: E402
from codebudget.train.trainer import Job, stored, train  # noqa: E402

SHARED_MBPP = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mbpp"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# bf16 where it is native (a CPU without it emulates bf16 products, ~90x slower than fp32: hours for this file)
RECIPE = Recipe(rank=8, epochs=1, batch_size=4, learning_rate=5e-3, max_length=640, seed=3, dtype=training_dtype("cpu"))
PROMPT = (Message("system", "You write Python."), Message("user", "Write a function that merges overlapping intervals."))


def cli_env(store: AdapterStore, work: Path) -> dict[str, str]:
    """The environment the ``codebudget`` command runs in here: this store, this work folder, and an MBPP copy
    (what the pairs are checked against besides HumanEval)."""
    mbpp = SHARED_MBPP if SHARED_MBPP.is_dir() else FIXTURES
    return {**os.environ, "CODEBUDGET_ADAPTERS": str(store.root), "CODEBUDGET_TRAIN_WORK": str(work),
            "CODEBUDGET_MBPP": str(mbpp)}


@pytest.fixture(scope="module")
def pairs():
    """The eight shortest tasks of the fresh family's development half, with their reference solutions."""
    return sorted(benchmark_pairs("fresh:dev"), key=lambda p: len(p.prompt + p.completion))[:8]


@pytest.fixture(scope="module")
def trained(pairs, tmp_path_factory):
    """The tiny model tuned for two steps (batch 4), in a store of its own."""
    root = tmp_path_factory.mktemp("train")
    os.environ["CODEBUDGET_TRAIN_WORK"] = str(root / "work")
    store = AdapterStore(root / "store")
    outcome = train(Job("smollm2-135m", tuple(pairs), "fresh:dev first 8", RECIPE, "tiny"), store=store)
    return store, outcome


def test_training_stores_the_adapter_with_its_provenance(trained):
    store, outcome = trained
    adapter = outcome.adapter
    assert outcome.trained and adapter is not None and adapter.names == ("tiny",)
    p = adapter.provenance
    assert p["base_sha256"] == "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
    assert p["hyperparameters"]["rank"] == 8 and p["steps"] == 2 and len(p["loss_curve"]) == 2
    assert p["target_modules"] == ["q_proj", "v_proj"] and p["examples"] == 8
    assert {"torch", "transformers", "peft", "llama-cpp-python"} <= set(p["versions"])
    assert p["tokens"] > 0 and p["machine"]
    assert (adapter.peft / "adapter_model.safetensors").exists() and adapter.gguf.stat().st_size > 10_000
    assert store.resolve("tiny").sha256 == adapter.sha256


def test_the_same_job_again_finds_its_adapter_instead_of_training(trained, pairs):
    store, outcome = trained
    again = train(Job("smollm2-135m", tuple(pairs), "fresh:dev first 8", RECIPE), store=store)
    assert not again.trained and again.adapter.sha256 == outcome.adapter.sha256
    assert stored(Job("smollm2-135m", tuple(pairs), "fresh:dev first 8", RECIPE), store).sha256 == outcome.adapter.sha256
    other_seed = dataclasses.replace(RECIPE, seed=RECIPE.seed + 1)
    assert stored(Job("smollm2-135m", tuple(pairs), "fresh:dev first 8", other_seed), store) is None  # nothing trained


def _greedy(backend) -> str:
    request = GenerationRequest(messages=PROMPT, params=SamplingParams(1, 0.0, 0.95, 48, (), 0))
    return backend.generate(request).samples[0].text


def test_llamacpp_applies_the_adapter_and_its_output_changes(trained, monkeypatch):
    from codebudget.backends.llamacpp import LlamaCppBackend

    store, outcome = trained
    monkeypatch.setenv("CODEBUDGET_ADAPTERS", str(store.root))
    texts = {}
    for adapter in (None, "tiny"):
        backend = LlamaCppBackend("smollm2-135m", adapter=adapter)
        try:
            texts[adapter] = _greedy(backend)
        finally:
            backend.close()
    assert texts[None] != texts["tiny"]


def test_llamacpp_shifts_each_token_as_peft_does(trained, pairs, monkeypatch):
    """The converted adapter is the trained one: teacher-forced on a held-out answer, the change in each token's
    log-probability that the adapter makes in llama.cpp (quantised weights) follows the change it makes in
    peft (the dequantised weights it was trained on). A mistranslated tensor (a wrong permutation of the
    query projection, a wrong scale) breaks the agreement."""
    import torch
    from peft import PeftModel

    from codebudget.backends.llamacpp import LlamaCppBackend
    from codebudget.models import resolve_model
    from codebudget.train.examples import prompt_of, target_of
    from codebudget.train.lora import load_base

    store, outcome = trained
    monkeypatch.setenv("CODEBUDGET_ADAPTERS", str(store.root))
    held_out = benchmark_pairs("fresh:dev")[20]
    prompt = prompt_of(held_out, "body")
    continuation = target_of(held_out, "body")
    shifts = {}
    base = LlamaCppBackend("smollm2-135m")
    tuned = LlamaCppBackend("smollm2-135m", adapter="tiny")
    try:
        shifts["llama.cpp"] = tuned.score(prompt.messages, continuation) - base.score(prompt.messages, continuation)
        text, _ = base._rendered(prompt.messages)
    finally:
        base.close()
        tuned.close()
    model, tokenizer = load_base(resolve_model("smollm2-135m"), Recipe(dtype="fp32"))
    peft_model = PeftModel.from_pretrained(model, str(outcome.adapter.peft)).eval()
    whole = tokenizer(text + continuation, add_special_tokens=False)["input_ids"]
    head = tokenizer(text, add_special_tokens=False)["input_ids"]
    start = next(i for i, (a, b) in enumerate(zip(whole, head + [-1] * len(whole))) if a != b)
    ids = torch.tensor([whole])

    def logprobs() -> np.ndarray:
        with torch.no_grad():
            logits = peft_model(input_ids=ids).logits[0].float().log_softmax(-1)
        return np.array([float(logits[i - 1, whole[i]]) for i in range(start, len(whole))])

    with peft_model.disable_adapter():
        before = logprobs()
    shifts["peft"] = logprobs() - before
    assert len(shifts["peft"]) == len(shifts["llama.cpp"]) > 50
    assert np.abs(shifts["peft"]).mean() > 0.05  # the adapter does change the model
    assert np.corrcoef(shifts["peft"], shifts["llama.cpp"])[0, 1] > 0.9


def test_an_interrupted_run_resumes_where_it_stopped_and_ends_as_an_uninterrupted_one(trained, pairs, tmp_path, monkeypatch):
    monkeypatch.setenv("CODEBUDGET_TRAIN_WORK", str(tmp_path / "work"))
    store = AdapterStore(tmp_path / "store")
    job = Job("smollm2-135m", tuple(pairs), "fresh:dev first 8", RECIPE)
    stopped = train(job, store=store, stop_after=1)
    assert stopped.adapter is None and len(stopped.result.curve) == 1 and not store.list()
    resumed = train(job, store=store)
    assert resumed.result.resumed_at == 1 and resumed.adapter is not None
    uninterrupted = trained[1].adapter.provenance["loss_curve"]
    assert [step for step, _ in resumed.adapter.provenance["loss_curve"]] == [1, 2]
    assert np.allclose([loss for _, loss in resumed.adapter.provenance["loss_curve"]],
                       [loss for _, loss in uninterrupted], atol=2e-3)


def test_the_train_command_and_the_adapter_flag_work_end_to_end(trained, pairs, tmp_path):
    store, outcome = trained
    data = tmp_path / "pairs.jsonl"
    write_jsonl(pairs, data)
    env = cli_env(store, tmp_path / "work")
    run = lambda *args: subprocess.run([sys.executable, "-m", "codebudget", *args], capture_output=True, text=True,
                                       env=env, timeout=900)
    done = run("train", "--data", f"jsonl:{data}", "--model", "smollm2-135m", "--rank", "8", "--epochs", "1",
               "--batch-size", "4", "--lr", "5e-3", "--max-length", "640", "--training-seed", "4", "--name", "cli")
    assert done.returncode == 0, done.stderr
    adapter_id = done.stdout.strip()
    assert "trained: adapter" in done.stderr and adapter_id != outcome.adapter.id  # another seed, another adapter
    listed = run("adapters", "list")
    assert adapter_id in listed.stdout and outcome.adapter.id in listed.stdout
    db = tmp_path / "runs.db"
    ran = run("run", "--model", "smollm2-135m", "--adapter", "cli", "--limit", "1", "--max-tokens", "48", "--db", str(db))
    assert ran.returncode == 0, ran.stderr
    import sqlite3

    with sqlite3.connect(db) as connection:
        configs = [row[0] for row in connection.execute("SELECT config_json FROM runs")]
    assert len(configs) == 1 and json.loads(configs[0])["adapter"] == adapter_id
    refused = run("run", "--model", "qwen2.5-coder-0.5b", "--adapter", "cli", "--limit", "1", "--db", str(db))
    assert refused.returncode == 2 and "was trained on smollm2-135m" in refused.stderr and "Traceback" not in refused.stderr


def test_examples_padded_into_one_pass_learn_what_one_at_a_time_learn(pairs, tmp_path):
    """How a GPU runs a batch (padded, one pass) gives the loss curve of how a CPU runs it (one by one)."""
    from codebudget.models import resolve_model
    from codebudget.train.examples import encode
    from codebudget.train.lora import load_base, train_lora
    from codebudget.backends.chat_template import from_gguf

    recipe = Recipe(rank=8, epochs=1, batch_size=4, learning_rate=5e-3, max_length=640, dropout=0.0, dtype="fp32")
    path = resolve_model("smollm2-135m")
    curves = {}
    for per_pass in (1, 4):
        model, tokenizer = load_base(path, recipe)
        examples = encode(pairs, from_gguf(path), tokenizer, "body", recipe.max_length)
        result = train_lora(model, examples, recipe, tmp_path / f"pass{per_pass}", per_pass=per_pass)
        curves[per_pass] = [step.loss for step in result.curve]
    assert len(curves[1]) == 2 and np.allclose(curves[1], curves[4], rtol=2e-3), curves


def test_a_diverging_run_stops_in_one_line_and_stores_nothing(pairs, tmp_path):
    """A learning rate far too high sends the loss to NaN; the command says where, in one line, and no adapter
    of NaN weights reaches the store (every such adapter is alike, so they would all share one content id)."""
    store = AdapterStore(tmp_path / "store")
    data = tmp_path / "pairs.jsonl"
    write_jsonl(pairs, data)
    env = cli_env(store, tmp_path / "work")
    done = subprocess.run([sys.executable, "-m", "codebudget", "train", "--data", f"jsonl:{data}", "--model",
                           "smollm2-135m", "--rank", "8", "--epochs", "3", "--batch-size", "4", "--lr", "1e4",
                           "--max-length", "640", "--training-seed", "5"],
                          capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    assert "training diverged at step" in done.stderr and "no adapter was stored" in done.stderr, done.stderr
    assert not store.list()


def test_training_on_a_gpu_keeps_attention_off_cudnns_kernel_and_a_cpu_unchanged():
    """cuDNN's attention backward gave NaN gradients on padded bf16 batches of Qwen 0.5B (the Java and 1,000-pair
    cells, step 28 of 63); training on a GPU allows every other kernel, a CPU's kernels are left as they are, and
    ``cudnn_attention`` (bench/lora_divergence.py's ``cudnn`` variant) allows it again."""
    import torch

    from codebudget.train.lora import attention_kernels

    def allowed() -> tuple[bool, ...]:
        cuda = torch.backends.cuda
        return (cuda.cudnn_sdp_enabled(), cuda.flash_sdp_enabled(), cuda.mem_efficient_sdp_enabled(), cuda.math_sdp_enabled())

    before = allowed()
    assert before[0], "torch allows cuDNN's kernel by default"
    with attention_kernels(torch, "cuda"):
        assert allowed() == (False, True, True, True)
    assert allowed() == before
    for device, cudnn in (("cpu", False), ("cuda", True)):
        with attention_kernels(torch, device, cudnn):
            assert allowed() == before


@pytest.mark.parametrize("dtype, native, emulated", [("bf16", False, True), ("bf16", True, False), ("fp32", False, False)])
def test_the_first_phase_says_when_bf16_would_be_emulated(pairs, tmp_path, monkeypatch, dtype, native, emulated):
    """An explicit bf16 on a CPU without AVX-512 bf16 or AMX trains about 100 times slower than fp32 (4.4 tokens/s
    for SmolLM2 on an AVX2 host): the loading line says so before anything loads; native bf16 and fp32 say nothing."""
    import codebudget.train.trainer as trainer

    class Stop(Exception):
        pass

    def first_phase(phase: str) -> None:
        raise Stop(phase)

    monkeypatch.setattr(trainer, "native_bf16", lambda device: native)
    recipe = dataclasses.replace(RECIPE, dtype=dtype)
    with pytest.raises(Stop) as stopped:
        train(Job("smollm2-135m", tuple(pairs), "fresh:dev first 8", recipe, None), on_phase=first_phase,
              store=AdapterStore(tmp_path / "store"))
    assert f"dequantised, {dtype}" in str(stopped.value)
    assert ("emulated" in str(stopped.value)) == emulated
