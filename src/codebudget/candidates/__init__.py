"""The candidate layer every other part shares: a task's versions, the picks, the draws and the work order.

- :mod:`.records` — the pool: each task's M candidates (:class:`Chain` of
  :class:`Version` by repair round) as a :class:`CandidatePool`, and a
  :class:`Pool` of tasks;
- :mod:`.choice` — what a selection policy sees (:class:`Candidate`) and
  returns (:class:`Pick`), the evidence it may need, and the two picks written
  once: :func:`honest_position` and :func:`oracle_pick`;
- :mod:`.draws` — which N-subsets of M candidates to average over, and pass@k;
- :mod:`.work` — the pipeline's work order on chosen candidates and what it
  costs (``replay/semantics.md``), and one run's outcome under a policy;
- :mod:`.timing` — the time of a batched sampling call for N of M samples;
- :mod:`.costed` — the pool with each version's cost, as the spending schedules read it;
- :mod:`.load` — the pool of a run, read from the store.

The pipeline, replay, selection, evidence gathering and the spending
schedules all use these; nothing here imports them.
"""

from codebudget.candidates.choice import (
    Candidate,
    Evidence,
    Pick,
    SelectionPolicy,
    honest_pick,
    honest_position,
    oracle_pick,
    public_tests_passed,
)
from codebudget.candidates.costed import CostedCandidate, CostedPool, costed_pool, costed_task, task_key
from codebudget.candidates.draws import count, draws, pass_at_k
from codebudget.candidates.load import load_pool, load_task_pool, repair_prompt
from codebudget.candidates.records import (
    FAILED,
    RETURNED,
    BatchCall,
    Behaviour,
    CandidatePool,
    Chain,
    Checks,
    GateResult,
    Gathered,
    NOTHING_PREPARED,
    Pool,
    PreparedCost,
    SuiteResult,
    Version,
)
from codebudget.candidates.timing import (
    TOKEN_SHARE,
    CallCost,
    CallObservation,
    SamplingTime,
    fit_call_cost,
    observations,
)
from codebudget.candidates.work import RepairCalls, RunResult, Trace, Views, outcome, public_cost, run, trace, work

__all__ = [
    "FAILED",
    "RETURNED",
    "TOKEN_SHARE",
    "BatchCall",
    "Behaviour",
    "CallCost",
    "CallObservation",
    "Candidate",
    "CandidatePool",
    "Chain",
    "Checks",
    "CostedCandidate",
    "CostedPool",
    "Evidence",
    "GateResult",
    "Gathered",
    "Pick",
    "NOTHING_PREPARED",
    "Pool",
    "PreparedCost",
    "RepairCalls",
    "RunResult",
    "SamplingTime",
    "SelectionPolicy",
    "SuiteResult",
    "Trace",
    "Version",
    "Views",
    "costed_pool",
    "costed_task",
    "count",
    "draws",
    "fit_call_cost",
    "honest_pick",
    "honest_position",
    "load_pool",
    "load_task_pool",
    "observations",
    "oracle_pick",
    "outcome",
    "pass_at_k",
    "public_cost",
    "public_tests_passed",
    "repair_prompt",
    "run",
    "task_key",
    "trace",
    "work",
]
