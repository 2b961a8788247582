"""Candidate-pool replay: derive any (N, K, policy) configuration from one pool, no model calls.

The pipeline order that replay reproduces (and the live pipeline follows) is
written down in ``semantics.md`` next to this file.
"""

from codebudget.replay.agreement import GENERATED_POLICIES, SStarPolicy
from codebudget.replay.estimators import draws, pass_at_k
from codebudget.replay.load import load_pool
from codebudget.replay.policies import (
    DEFAULT_POLICIES,
    ORACLE,
    POLICIES,
    PUBLIC_TESTS,
    Candidate,
    ConsensusPolicy,
    CostedPolicy,
    FirstPolicy,
    LogprobPolicy,
    OraclePolicy,
    Pick,
    PublicCountPolicy,
    PublicTestsPolicy,
    SelectionPolicy,
    extra_s,
    get_policy,
    register,
)
from codebudget.replay.pool import BatchCall, Behaviour, Checks, Chain, Pool, SuiteResult, TaskPool, Version
from codebudget.replay.replay import ReplayOptions, prefix_run, replay, replay_grid, replay_task
from codebudget.replay.results import ConfigReplay, PolicyFigures, ReplayConfig, TaskReplay
from codebudget.replay.simulate import RunResult, Trace, run, trace, work
from codebudget.replay.timing import TOKEN_SHARE, CallCost, CallObservation, SamplingTime, fit_call_cost, observations

__all__ = [
    "DEFAULT_POLICIES",
    "GENERATED_POLICIES",
    "ORACLE",
    "POLICIES",
    "PUBLIC_TESTS",
    "TOKEN_SHARE",
    "BatchCall",
    "Behaviour",
    "CallCost",
    "CallObservation",
    "Candidate",
    "Chain",
    "Checks",
    "ConsensusPolicy",
    "ConfigReplay",
    "CostedPolicy",
    "FirstPolicy",
    "LogprobPolicy",
    "OraclePolicy",
    "Pick",
    "PolicyFigures",
    "Pool",
    "PublicCountPolicy",
    "PublicTestsPolicy",
    "ReplayConfig",
    "ReplayOptions",
    "RunResult",
    "SStarPolicy",
    "SamplingTime",
    "SelectionPolicy",
    "SuiteResult",
    "TaskPool",
    "TaskReplay",
    "Trace",
    "Version",
    "draws",
    "extra_s",
    "fit_call_cost",
    "get_policy",
    "load_pool",
    "observations",
    "pass_at_k",
    "prefix_run",
    "register",
    "replay",
    "replay_grid",
    "replay_task",
    "run",
    "trace",
    "work",
]
