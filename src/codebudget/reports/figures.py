"""Per-configuration figures of one selection mode: pass@1 with its interval and mean costs."""

from __future__ import annotations

import dataclasses

from codebudget.analysis import ConfigOutcomes, CostKind, Estimate, OutcomeTable, PairedBootstrap, contrast


@dataclasses.dataclass(frozen=True)
class ConfigFigures:
    """One configuration (fixed or adaptive) under one selection mode."""

    name: str
    detail: str  # the parameters (fixed) or the staged policy (adaptive)
    n: int | None
    k: int | None
    adaptive: bool
    pass_at_1: Estimate
    wall_s: float
    tokens: float
    calls: float

    def cost(self, kind: CostKind) -> float:
        """Mean cost per task of the given kind."""
        return float(getattr(self, CostKind(kind).value))

    @property
    def short_label(self) -> str:
        """``N,K`` for a grid cell, else the name (for plot labels)."""
        return f"{self.n},{self.k}" if self.n is not None and self.k is not None else self.name


def config_figures(table: OutcomeTable, item: ConfigOutcomes, boot: PairedBootstrap, adaptive: bool) -> ConfigFigures:
    """Figures of ``item``, a configuration of the single-mode ``table``."""
    quality = contrast(table, [(item.name, 1.0)], boot, f"pass@1 {item.name}")
    config = item.config
    detail = dict(config.params).get("policy", "") if adaptive else config.describe()
    return ConfigFigures(item.name, detail, config.n, config.k, adaptive, quality,
                         item.mean_cost(CostKind.WALL_S), item.mean_cost(CostKind.TOKENS), item.mean_cost(CostKind.CALLS))


def table_figures(table: OutcomeTable, boot: PairedBootstrap, adaptive_names: frozenset[str] = frozenset()
                  ) -> tuple[ConfigFigures, ...]:
    """Figures of every configuration of a single-mode table, in table order."""
    return tuple(config_figures(table, item, boot, item.name in adaptive_names) for item in table.outcomes)
