"""Selection without hidden tests: pluggable policies, behaviour voting, and their measurement on pools.

The policies themselves live in the replay registry (:mod:`codebudget.replay.policies`:
``first``, ``public-tests``, ``public-count``, ``logprob``, ``behaviour-vote``,
``public-then-vote`` and the ``oracle``); this package runs candidates on shared
inputs for the voting ones (:mod:`~codebudget.selection.inputs`,
:mod:`~codebudget.selection.execute`, :mod:`~codebudget.selection.behaviours`)
and measures every policy on a pool (:func:`evaluate`). See ``docs/selection.md``.

>>> from codebudget.selection import evaluate
>>> results = evaluate(store, pool_hash, None, ns=[1, 3, 5])  # doctest: +SKIP
"""

from codebudget.selection.behaviours import Collected, attach, collect, given
from codebudget.selection.evaluate import (
    HONEST_POLICIES,
    SelectionError,
    SelectionResult,
    Settings,
    evaluate,
    task_extra_s,
)
from codebudget.selection.execute import Observed, Request, observe
from codebudget.selection.inputs import (
    PUBLIC_ARGUMENTS,
    SOURCES,
    InputSource,
    Probe,
    PublicArguments,
    entry_call,
    get_source,
    register_source,
)

__all__ = [
    "HONEST_POLICIES",
    "PUBLIC_ARGUMENTS",
    "SOURCES",
    "Collected",
    "InputSource",
    "Observed",
    "Probe",
    "PublicArguments",
    "Request",
    "SelectionError",
    "SelectionResult",
    "Settings",
    "attach",
    "collect",
    "entry_call",
    "evaluate",
    "get_source",
    "given",
    "observe",
    "register_source",
    "task_extra_s",
]
