"""Selection without hidden tests: pluggable policies, behaviour voting, and their measurement on pools.

The policies themselves live in the replay registry (:mod:`codebudget.replay.policies`:
``first``, ``public-tests``, ``public-count``, ``logprob``, ``behaviour-vote``,
``public-then-vote`` and the ``oracle``; :mod:`codebudget.replay.agreement`:
``codet``, ``public-then-codet`` and ``s-star``); this package runs candidates on
shared inputs for the voting ones (:mod:`~codebudget.selection.inputs`,
:mod:`~codebudget.selection.execute`, :mod:`~codebudget.selection.behaviours`),
has the model write tests and runs candidates on them for the CodeT-style ones
(:mod:`~codebudget.selection.generated`, :mod:`~codebudget.selection.supply`,
:mod:`~codebudget.selection.checks`) and measures every policy on a pool
(:func:`evaluate`). See ``docs/selection.md``.

>>> from codebudget.selection import evaluate
>>> results = evaluate(store, pool_hash, None, ns=[1, 3, 5])  # doctest: +SKIP
"""

from codebudget.selection.behaviours import Collected, attach, collect, given
from codebudget.selection.checks import collect_checks
from codebudget.selection.evaluate import (
    HONEST_POLICIES,
    PolicyGrid,
    SelectionError,
    SelectionResult,
    Settings,
    evaluate,
    load_checked_pool,
    policy_grids,
    prepare_pool,
    task_extra_s,
)
from codebudget.selection.execute import Observed, Request, observe
from codebudget.selection.generated import GeneratedTests, GeneratorSettings, generate_tests
from codebudget.selection.inputs import (
    GENERATED_ARGUMENTS,
    PUBLIC_ARGUMENTS,
    SOURCES,
    CombinedInputs,
    GeneratedArguments,
    InputSource,
    Probe,
    PublicArguments,
    entry_call,
    get_source,
    register_source,
)
from codebudget.selection.supply import TestSupply, pool_supply

__all__ = [
    "GENERATED_ARGUMENTS",
    "HONEST_POLICIES",
    "PUBLIC_ARGUMENTS",
    "SOURCES",
    "Collected",
    "CombinedInputs",
    "GeneratedArguments",
    "GeneratedTests",
    "GeneratorSettings",
    "InputSource",
    "Observed",
    "PolicyGrid",
    "Probe",
    "PublicArguments",
    "Request",
    "SelectionError",
    "SelectionResult",
    "Settings",
    "TestSupply",
    "attach",
    "collect",
    "collect_checks",
    "entry_call",
    "evaluate",
    "generate_tests",
    "get_source",
    "given",
    "load_checked_pool",
    "observe",
    "policy_grids",
    "pool_supply",
    "prepare_pool",
    "register_source",
    "task_extra_s",
]
