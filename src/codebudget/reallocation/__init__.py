"""Budget reallocation: a small model sampled k times against a larger model sampled fewer times.

``arms`` replays each model's pool into ``model × n`` arms per selection
policy; ``study`` matches them at equal wall time or equal estimated compute;
``findings`` checks the seed paper's two claims; ``render`` writes the tables
and the plot.
"""

from codebudget.reallocation.arms import Arm, ModelPool, arms, selection_of
from codebudget.reallocation.compare import COST_KINDS, Matchup, Study, matchup, most_that_fit, study
from codebudget.reallocation.findings import WITHOUT_TESTS, WITH_TESTS, Finding, findings, verdict
from codebudget.reallocation.render import plot_arms, study_markdown

__all__ = [
    "COST_KINDS",
    "WITHOUT_TESTS",
    "WITH_TESTS",
    "Arm",
    "Finding",
    "Matchup",
    "ModelPool",
    "Study",
    "arms",
    "findings",
    "matchup",
    "most_that_fit",
    "plot_arms",
    "selection_of",
    "study",
    "study_markdown",
    "verdict",
]
