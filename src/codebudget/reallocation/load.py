"""A :class:`ModelPool` from a run recorded in the store, with the model's size."""

from __future__ import annotations

from pathlib import Path

from codebudget.candidates import load_pool
from codebudget.errors import CodebudgetError
from codebudget.models import ZOO
from codebudget.reallocation.arms import ModelPool
from codebudget.store import RunRow, Store


def model_size(run: RunRow, params_b: float | None = None) -> tuple[str, float]:
    """A label and the parameter count (billions) of the run's model.

    A zoo model is known by name or by its sha256; any other model needs
    ``params_b`` from the user.
    """
    for entry in ZOO.values():
        if run.model == entry.name or run.model_sha256 == entry.sha256:
            return entry.name, params_b or entry.params_b
    if params_b is None:
        raise CodebudgetError(f"run {run.config_hash}: model {run.model!r} is not in the zoo; give its size in billions of parameters")
    return Path(str(run.model)).stem, params_b


def model_pool(store: Store, run_hash: str, params_b: float | None = None) -> ModelPool:
    """The pool of run ``run_hash`` and its model's size."""
    run = store.get_run(run_hash)
    if run is None:
        raise CodebudgetError(f"no run {run_hash!r} in {store.path}")
    label, size = model_size(run, params_b)
    pool = load_pool(store, run_hash, k_max=int(run.config.get("k", 0)), finished_only=True)
    if not pool.tasks:
        raise CodebudgetError(f"run {run_hash} has no finished tasks")
    return ModelPool(label, size, pool)
