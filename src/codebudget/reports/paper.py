"""Published reference figures to set beside a report's: the seed paper's tables as data.

A :class:`Paper` holds what a paper reports for (N, K, temperature) cells —
every run it reports, since some cells were run twice — its interaction
effects and its budget answers. ``codebudget report --against NAME`` places
them next to the measured figures (:mod:`codebudget.reports.against_paper`).
Register more with :func:`register_paper`.
"""

from __future__ import annotations

import dataclasses

from codebudget.errors import CodebudgetError
from codebudget.plugins import Registry


@dataclasses.dataclass(frozen=True)
class PaperCell:
    """One configuration as a paper reports it: pass@1 and seconds per task of each reported run."""

    table: str
    n: int
    k: int
    temperature: float
    pass_at_1: tuple[float, ...]
    seconds: tuple[float, ...]

    @property
    def label(self) -> str:
        """``N=2 K=0 T=0.8``."""
        return f"N={self.n} K={self.k} T={self.temperature:g}"

    def distance_pp(self, value: float) -> float:
        """Percentage points from ``value`` to the nearest reported run (0 when between them); signed."""
        low, high = min(self.pass_at_1), max(self.pass_at_1)
        if value < low:
            return 100 * (value - low)
        return 100 * (value - high) if value > high else 0.0


@dataclasses.dataclass(frozen=True)
class PaperBudget:
    """A paper's answer to a time budget per task: the configuration it picks and that one's pass@1."""

    seconds: float
    n: int
    k: int
    pass_at_1: float


@dataclasses.dataclass(frozen=True)
class PaperEffect:
    """An interaction effect IE(N, K) as a paper reports it."""

    n: int
    k: int
    value: float


@dataclasses.dataclass(frozen=True)
class Paper:
    """What one paper reports, and the setting it was measured in."""

    name: str
    citation: str
    setting: str
    cells: tuple[PaperCell, ...]
    effects: tuple[PaperEffect, ...] = ()
    budgets: tuple[PaperBudget, ...] = ()
    notes: tuple[str, ...] = ()


SEED_000 = Paper(
    name="seed-000",
    citation="the seed paper (shared/seeds/000): Qwen2.5-Coder-1.5B-Instruct on HumanEval, N×K pipeline",
    setting="Qwen2.5-Coder-1.5B-Instruct through Ollama on a laptop CPU with 8 GB RAM; all 164 HumanEval "
            "tasks; success = the first candidate that passes the tests (oracle selection)",
    cells=(
        PaperCell("I", 1, 0, 0.8, (0.628,), (18.3,)),
        PaperCell("I", 2, 0, 0.8, (0.756, 0.726), (20.4, 23.8)),
        PaperCell("I", 3, 0, 0.8, (0.750, 0.750), (19.6,)),
        PaperCell("I", 5, 0, 0.8, (0.829,), (29.9,)),
        PaperCell("II", 1, 0, 0.0, (0.622,), (16.4,)),
        PaperCell("II", 1, 1, 0.0, (0.659,), (24.8,)),
        PaperCell("II", 1, 2, 0.0, (0.671,), (35.7,)),
        PaperCell("III", 2, 1, 0.8, (0.738, 0.720), (44.3, 43.1)),
        PaperCell("III", 3, 1, 0.8, (0.793,), (56.4,)),
        PaperCell("III", 5, 1, 0.8, (0.872,), (60.3,)),
    ),
    effects=(PaperEffect(3, 1, 0.006), PaperEffect(5, 1, 0.006)),
    budgets=(PaperBudget(20, 2, 0, 0.756), PaperBudget(30, 5, 0, 0.829), PaperBudget(60, 5, 1, 0.872)),
    notes=(
        "The paper's IE takes Q(1,0) and Q(1,K) from its greedy runs (Table II, temperature 0) and Q(N,·) "
        "from temperature 0.8: 0.793 − 0.750 − 0.659 + 0.622 = +0.006. Ours takes all four corners from one "
        "pool at one temperature.",
        "The paper's times are its laptop's through Ollama; ours are this machine's through llama.cpp.",
    ),
)

PAPERS: Registry[Paper] = Registry("paper", CodebudgetError)
register_paper = PAPERS.register
get_paper = PAPERS.lookup

register_paper(SEED_000)
