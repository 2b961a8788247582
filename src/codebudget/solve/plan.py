"""The configuration ``solve`` runs: explicit N and K, or the choice for a budget (:mod:`.choice`)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from codebudget.backends.base import Backend
from codebudget.errors import CodebudgetError
from codebudget.pipeline.config import PipelineConfig
from codebudget.solve.choice import Choice, calibrated, choose, default_model, shipped
from codebudget.solve.speed import cached_speed

DEFAULT_BUDGET_S = 30.0
SAMPLING_TEMPERATURE = 0.8  # the committed pools' (and the seed paper's) temperature for N > 1


def default_temperature(n: int) -> float:
    """Greedy for one candidate, the pools' temperature for more (identical greedy candidates add nothing)."""
    return 0.0 if n == 1 else SAMPLING_TEMPERATURE


@dataclasses.dataclass(frozen=True)
class Plan:
    """What ``solve`` (or the server) runs: the configuration, the budget choice behind it (None when N and K
    were both given) and the time limit that applies (None: none)."""

    config: PipelineConfig
    choice: Choice | None
    budget_s: float | None


def config_for_budget(config: PipelineConfig, budget_s: float | None) -> PipelineConfig:
    """``config`` with a test time limit a twentieth of the budget (between 0.5 s and its own)."""
    if budget_s is None:
        return config
    return config.model_copy(update={"exec_timeout_s": max(0.5, min(config.exec_timeout_s, budget_s / 20))})


@dataclasses.dataclass(frozen=True)
class Calibration:
    """A user's own pool or run to choose from: its hash and the store holding it."""

    run: str
    db: Path


def model_key(config: PipelineConfig) -> str:
    """What identifies the model for the speed cache: its file's sha256, else backend, server and name."""
    from codebudget.pipeline.provenance import model_sha256

    return model_sha256(config) or f"{config.backend}|{config.base_url or ''}|{config.model}"


def planned(config: PipelineConfig, budget_s: float | None, n: int | None, k: int | None, backend: Backend,
            calibration: Calibration | None = None, probe_again: bool = False,
            default_s: float = DEFAULT_BUDGET_S) -> Plan:
    """``config`` with the N, K and temperature to run and the test limit of the budget, the budget choice
    behind them, and the budget: ``budget_s``, else ``default_s`` when N and K are chosen, else none."""
    if n is not None and k is not None:
        chosen = config.model_copy(update={"n": n, "k": k, "temperature": default_temperature(n)})
        return Plan(config_for_budget(chosen, budget_s), None, budget_s)
    budget = budget_s if budget_s is not None else default_s
    if calibration is not None:
        from codebudget.store import Store

        if not calibration.db.exists():
            raise CodebudgetError(f"no store at {calibration.db} (the --db holding the calibration run)")
        with Store.open(calibration.db) as store:
            options = calibrated(store, calibration.run)
        source = f"your run {calibration.run} in {calibration.db}"
    else:
        table = shipped(config.model)
        stand_in = table is None
        table = table or shipped(default_model())
        speed, _ = cached_speed(backend, model_key(config), again=probe_again)
        factor = table.tokens_per_s / speed
        options = [o.scaled(factor) for o in table.options]
        source = (f"the shipped table of {table.model}{' (none for this model)' if stand_in else ''}, "
                  f"{table.source}, scaled ×{factor:.2f} by this machine's speed ({speed:.0f} tokens/s, "
                  f"there {table.tokens_per_s:.0f})")
    if n is not None:
        options = [o for o in options if o.n == n] or options
    if k is not None:
        options = [o for o in options if o.k == k] or options
    option, fits = choose(options, budget)
    final_n = n or option.n
    own = option.temperature is not None and option.n == final_n
    temperature = option.temperature if own else default_temperature(final_n)
    chosen = config.model_copy(update={"n": final_n, "k": k if k is not None else option.k,
                                       "temperature": temperature})
    return Plan(config_for_budget(chosen, budget), Choice(option, fits, source), budget)
