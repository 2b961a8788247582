"""Selection policies: which of a task's finished versions to submit.

Every policy is declared once in :data:`POLICIES` and says what it needs
(:class:`~codebudget.candidates.Evidence`); the evidence itself is gathered by
:mod:`codebudget.evidence`, and policies are measured on pools by
:func:`codebudget.evidence.evaluate`. See ``docs/selection.md``.

- :mod:`.policies` — ``first``, ``public-tests``, ``oracle``, ``public-count``,
  ``logprob``, ``behaviour-vote``, ``public-then-vote``;
- :mod:`.agreement` — ``codet``, ``public-then-codet``, ``s-star`` (model-generated tests).
"""

from codebudget.selection.agreement import CODET, PUBLIC_THEN_CODET, S_STAR, SStarPolicy
from codebudget.selection.policies import (
    BEHAVIOUR_VOTE,
    DEFAULT_POLICIES,
    FIRST,
    LOGPROB,
    ORACLE,
    POLICIES,
    PUBLIC_COUNT,
    PUBLIC_TESTS,
    PUBLIC_THEN_VOTE,
    RECORDED_POLICIES,
    ConsensusPolicy,
    PlainPolicy,
    get_policy,
    honest_names,
    live_names,
    needing,
    register,
)

__all__ = [
    "BEHAVIOUR_VOTE",
    "CODET",
    "DEFAULT_POLICIES",
    "FIRST",
    "LOGPROB",
    "ORACLE",
    "POLICIES",
    "PUBLIC_COUNT",
    "PUBLIC_TESTS",
    "PUBLIC_THEN_CODET",
    "PUBLIC_THEN_VOTE",
    "RECORDED_POLICIES",
    "S_STAR",
    "ConsensusPolicy",
    "PlainPolicy",
    "SStarPolicy",
    "get_policy",
    "honest_names",
    "live_names",
    "needing",
    "register",
]
