"""Candidate-pool replay: derive any (N, K, policy) configuration from one pool, no model calls.

The pipeline order that replay reproduces (and the live pipeline follows) is
written down in ``semantics.md`` next to this file; the pool, the work order and
the draws it averages over are the candidate layer's (:mod:`codebudget.candidates`),
the policies are :mod:`codebudget.selection`'s.
"""

from codebudget.replay.replay import ReplayOptions, prefix_run, replay, replay_grid, replay_task
from codebudget.replay.results import ConfigReplay, PolicyFigures, ReplayConfig, TaskReplay

__all__ = [
    "ConfigReplay",
    "PolicyFigures",
    "ReplayConfig",
    "ReplayOptions",
    "TaskReplay",
    "prefix_run",
    "replay",
    "replay_grid",
    "replay_task",
]
