"""The seed paper's Tables I-III (HumanEval, 164 tasks) as per-task 0/1 tables.

pass@1 values are reproduced exactly by counts of 164 (e.g. 0.756 = 124/164);
every task of a configuration gets the configuration's mean time.
"""

from __future__ import annotations

from analysis_factories import HONEST, counts, outcomes

from codebudget.analysis import Config, OutcomeTable

T = 164

# name: (N, K, temperature, successes of 164, seconds per task)
PAPER = {
    "N1K0@0.0": (1, 0, 0.0, 102, 16.4),  # 0.622
    "N1K0@0.8": (1, 0, 0.8, 103, 18.3),  # 0.628
    "N2K0": (2, 0, 0.8, 124, 20.4),  # 0.756
    "N3K0": (3, 0, 0.8, 123, 19.6),  # 0.750
    "N5K0": (5, 0, 0.8, 136, 29.9),  # 0.829
    "N1K1@0.0": (1, 1, 0.0, 108, 24.8),  # 0.659
    "N1K2@0.0": (1, 2, 0.0, 110, 35.7),  # 0.671
    "N2K1": (2, 1, 0.8, 121, 44.3),  # 0.738
    "N3K1": (3, 1, 0.8, 130, 56.4),  # 0.793
    "N5K1": (5, 1, 0.8, 143, 60.3),  # 0.872
}


def paper_table() -> OutcomeTable:
    return OutcomeTable(
        tuple(
            outcomes(Config(name, HONEST, n=n, k=k, temperature=temp), counts(c, T), seconds)
            for name, (n, k, temp, c, seconds) in PAPER.items()
        )
    )
