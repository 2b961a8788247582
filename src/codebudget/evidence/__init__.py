"""Evidence for selection policies: what candidates do beyond the pipeline's own tests, gathered and stored.

A selection policy declares the evidence it needs (:class:`~codebudget.candidates.Evidence`);
this package gathers it and attaches it to a pool's versions:

- outputs on shared inputs for the voting policies (:mod:`.inputs` says which
  inputs, :mod:`.execute` and :mod:`.probes` run them in the sandbox,
  :mod:`.behaviours` caches and attaches the outputs);
- model-written tests for the CodeT-style policies (:mod:`.generated` asks the
  model, :mod:`.asserts` keeps the usable asserts, :mod:`codebudget.evidence.supply`
  reads them from the store or generates the missing ones, :mod:`.checks` runs them);
- any other kind a plugin declares with its collector (:mod:`.kinds`);
- :mod:`.prepare` attaches what a set of policies needs; :mod:`.evaluate`
  measures policies on a pool with it (``codebudget select``).

>>> from codebudget.evidence import evaluate
>>> results = evaluate(store, pool_hash, None, ns=[1, 3, 5])  # doctest: +SKIP
"""

from codebudget.evidence.behaviours import Collected, attach, collect_behaviours, given
from codebudget.evidence.checks import collect_checks
from codebudget.evidence.evaluate import (
    SelectionError,
    SelectionResult,
    Settings,
    evaluate,
    load_checked_pool,
    policy_grids,
    prepare_pool,
)
from codebudget.evidence.execute import Observed, Request, observe
from codebudget.evidence.generated import GeneratedTests, GeneratorSettings, generate_tests
from codebudget.evidence.inputs import (
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
from codebudget.evidence.kinds import KINDS, Collector, gather, register_kind
from codebudget.evidence.prepare import needs_behaviour, needs_checks, needs_generated
from codebudget.evidence.supply import TestSupply, pool_supply

__all__ = [
    "GENERATED_ARGUMENTS",
    "KINDS",
    "Collector",
    "PUBLIC_ARGUMENTS",
    "SOURCES",
    "Collected",
    "CombinedInputs",
    "GeneratedArguments",
    "GeneratedTests",
    "GeneratorSettings",
    "InputSource",
    "Observed",
    "Probe",
    "PublicArguments",
    "Request",
    "SelectionError",
    "SelectionResult",
    "Settings",
    "TestSupply",
    "attach",
    "collect_behaviours",
    "collect_checks",
    "entry_call",
    "evaluate",
    "generate_tests",
    "get_source",
    "gather",
    "given",
    "load_checked_pool",
    "needs_behaviour",
    "needs_checks",
    "needs_generated",
    "observe",
    "policy_grids",
    "pool_supply",
    "prepare_pool",
    "register_kind",
    "register_source",
]
