"""One training job from start to stored adapter: data, base model, loop, conversion, provenance, store.

The job's work folder is named by its recipe's key (recipe, base model sha256, data sha256), so running the
same job again resumes from its last checkpoint, and one that has finished finds its adapter in the store
instead of training again.
"""

from __future__ import annotations

import dataclasses
import platform
import shutil
from pathlib import Path
from typing import Callable, Sequence

from codebudget.adapters import Adapter, AdapterStore, adapter_store
from codebudget.backends.chat_template import from_gguf
from codebudget.cachedirs import user_cache
from codebudget.hardware import cpu_model, machine, native_bf16
from codebudget.models import ZOO, resolve_model
from codebudget.models.hashing import file_sha256
from codebudget.pipeline.provenance import now_iso, package_version
from codebudget.train.lora import Step, Trained, import_training, load_base, train_lora
from codebudget.train.pairs import Pair, data_sha256
from codebudget.train.recipe import Recipe

WORK_ENV = "CODEBUDGET_TRAIN_WORK"
VERSIONS = ("torch", "transformers", "peft", "llama-cpp-python", "codebudget")


@dataclasses.dataclass(frozen=True)
class Job:
    """What to train: a model (zoo name or GGUF file), its pairs (and the spec they came from), a recipe, a name."""

    model: str
    pairs: tuple[Pair, ...]
    data: str
    recipe: Recipe
    name: str | None = None


@dataclasses.dataclass(frozen=True)
class Outcome:
    """The stored adapter (None: stopped before the end, checkpointed) and whether this call trained it (False:
    found already trained)."""

    adapter: Adapter | None
    trained: bool
    result: Trained | None = None


def base_sha256(model: str, path: Path) -> str:
    """The sha256 of the base model's GGUF file (a zoo model's is known; a local file's is hashed)."""
    entry = ZOO.get(model)
    return entry.sha256 if entry is not None else file_sha256(path)


def work_root() -> Path:
    return user_cache("train", WORK_ENV)


def finished(store: AdapterStore, key: str) -> Adapter | None:
    """The stored adapter a job of this key made, if any."""
    return next((a for a in store.list() if a.provenance.get("recipe_key") == key), None)


def _identity(job: Job) -> tuple[Path, str, str, str]:
    """The model file of ``job``, its base and data sha256s, and the recipe key its adapter is stored under."""
    path = resolve_model(job.model)
    base = base_sha256(job.model, path)
    data = data_sha256(job.pairs)
    return path, base, data, job.recipe.key(base, data)


def stored(job: Job, store: AdapterStore | None = None) -> Adapter | None:
    """The adapter the store holds for ``job`` (trained here or added from elsewhere), if any; nothing is trained."""
    return finished(store or adapter_store(), _identity(job)[3])


def train(job: Job, on_step: Callable[[Step, int], None] = lambda step, total: None,
          on_phase: Callable[[str], None] = lambda phase: None, store: AdapterStore | None = None,
          stop_after: int | None = None, checkpoint_s: float = 120.0, per_pass: int | None = None) -> Outcome:
    """Run ``job`` (resuming its checkpoint), convert and store its adapter; a finished one is found, not redone.
    ``stop_after`` stops after that many steps in all, checkpointed, without storing (an interrupted run)."""
    store = store or adapter_store()
    path, base, data, key = _identity(job)
    done = finished(store, key)
    if done is not None:
        if job.name and job.name not in done.names:
            done = store.name(done.id, job.name)
        return Outcome(done, False)
    import_training()
    emulated = job.recipe.dtype == "bf16" and not native_bf16(job.recipe.device)
    on_phase(f"loading {job.model} for training (dequantised, {job.recipe.dtype}"
             + (f"; bf16 is emulated on this CPU ({cpu_model()}: no AVX-512 bf16 or AMX), many times slower than fp32"
                if emulated else "") + ")")
    model, tokenizer = load_base(path, job.recipe)
    from codebudget.train.examples import encode

    examples = encode(job.pairs, from_gguf(path), tokenizer, job.recipe.prompt_style, job.recipe.max_length)
    work = work_root() / key
    started = now_iso()
    on_phase(f"training on {len(examples)} examples ({len(job.pairs) - len(examples)} left out: too long)")
    result = train_lora(model, examples, job.recipe, work, on_step, checkpoint_s=checkpoint_s, stop_after=stop_after,
                        per_pass=per_pass)
    if not result.complete:
        return Outcome(None, True, result)  # stopped early: checkpointed, nothing stored
    on_phase("converting the adapter to GGUF")
    from codebudget.train.convert import to_gguf

    config = {**model.config.to_dict(), "architectures": [type(model).__name__]}  # a GGUF file's config lacks it
    gguf = to_gguf(result.peft_dir, config, work / "adapter.gguf")
    provenance = _provenance(job, key, base, data, examples, result, started)
    adapter = store.add(gguf, provenance, result.peft_dir, job.name)
    shutil.rmtree(work, ignore_errors=True)
    return Outcome(adapter, True, result)


def _provenance(job: Job, key: str, base: str, data: str, examples: Sequence, result: Trained, started: str) -> dict:
    return {
        "recipe_key": key, "base_model": job.model if job.model in ZOO else Path(job.model).name,
        "base_sha256": base, "data": job.data, "data_sha256": data, "pairs": len(job.pairs),
        "examples": len(examples), "truncated": sum(e.truncated for e in examples),
        "hyperparameters": job.recipe.hyperparameters(), "target_modules": list(result.target_modules),
        "device": job.recipe.device, "gpu": _gpu(job.recipe.device), "machine": machine(), "cpu": cpu_model(), "platform": platform.platform(),
        "versions": {name: package_version(name) for name in VERSIONS}, "started": started, "finished": now_iso(),
        "seconds": round(result.seconds, 2), "tokens": result.tokens, "tokens_per_s": round(result.tokens_per_s, 1),
        "resumed_at_step": result.resumed_at, "steps": len(result.curve),
        "final_loss": result.curve[-1].loss if result.curve else None,
        "loss_curve": [[s.step, round(s.loss, 5)] for s in result.curve],
    }


def _gpu(device: str) -> str | None:
    """The GPU that trained, where one did (the CPU is in ``machine``)."""
    if device != "cuda":
        return None
    torch, _, _ = import_training()
    return torch.cuda.get_device_name(0)


