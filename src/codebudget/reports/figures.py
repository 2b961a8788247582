"""Per-configuration figures of one selection mode: pass@1 with its interval and mean costs."""

from __future__ import annotations

import dataclasses
from typing import Mapping

from codebudget.analysis import ConfigOutcomes, CostKind, Estimate, OutcomeTable, PairedBootstrap, contrast

FIXED, ADAPTIVE, POLICY = "fixed", "adaptive", "policy"
"""What a configuration of a report is: an (N, K) cell of the grid, an adaptive policy, or a selection policy."""


@dataclasses.dataclass(frozen=True)
class ConfigFigures:
    """One configuration (fixed, adaptive or a selection policy's) under one selection mode."""

    name: str
    detail: str  # the parameters (fixed, policy) or the staged policy (adaptive)
    n: int | None
    k: int | None
    temperature: float | None
    kind: str  # FIXED, ADAPTIVE or POLICY
    pass_at_1: Estimate
    wall_s: float
    tokens: float
    calls: float
    policy: str = ""  # the selection policy's name (POLICY kind)

    def cost(self, kind: CostKind) -> float:
        """Mean cost per task of the given kind."""
        return float(getattr(self, CostKind(kind).value))

    @property
    def short_label(self) -> str:
        """``N,K`` for a grid cell, else the name (for plot labels)."""
        return f"{self.n},{self.k}" if self.n is not None and self.k is not None else self.name


def config_figures(table: OutcomeTable, item: ConfigOutcomes, boot: PairedBootstrap, kind: str = FIXED
                   ) -> ConfigFigures:
    """Figures of ``item``, a configuration of the single-mode ``table``."""
    quality = contrast(table, [(item.name, 1.0)], boot, f"pass@1 {item.name}")
    config = item.config
    params = dict(config.params)
    detail = params.get("policy", "") if kind == ADAPTIVE else config.describe()
    return ConfigFigures(item.name, detail, config.n, config.k, config.temperature, kind, quality,
                         item.mean_cost(CostKind.WALL_S), item.mean_cost(CostKind.TOKENS), item.mean_cost(CostKind.CALLS),
                         params.get("policy", "") if kind == POLICY else "")


def table_figures(table: OutcomeTable, boot: PairedBootstrap, kinds: Mapping[str, str] | None = None
                  ) -> tuple[ConfigFigures, ...]:
    """Figures of every configuration of a single-mode table, in table order; ``kinds`` maps names to kinds."""
    kinds = kinds or {}
    return tuple(config_figures(table, item, boot, kinds.get(item.name, FIXED)) for item in table.outcomes)
