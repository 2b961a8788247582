"""Statistics, trade-offs and budget optimisation over per-task outcomes.

Every figure these functions return carries the selection mode (honest or
oracle) it was measured under; functions refuse tables that mix the two.
"""

from codebudget.analysis.allocation import BudgetPlan, hindsight_bound, plan_budget
from codebudget.analysis.arms import ArmCell, arm_cells
from codebudget.analysis.bootstrap import Estimate, PairedBootstrap
from codebudget.analysis.budget import BudgetChoice, BudgetOption, best_under_budget
from codebudget.analysis.contrasts import Comparison, compare, contrast, paired_difference, pass_at_1
from codebudget.analysis.effects import (
    FactorGrid,
    averaged_effect_of_k,
    averaged_effect_of_n,
    effect_of_k,
    effect_of_n,
    interaction_effect,
    interaction_effects,
    main_effects,
)
from codebudget.analysis.efficiency import Step, baseline_steps, front_steps, path_steps, step
from codebudget.analysis.episode import Episode, EpisodeResult, EpisodeSource, PoolTooShallow, PoolTooSmall
from codebudget.analysis.knapsack import KnapsackTooLarge, MCKPSolution, solve_mckp
from codebudget.analysis.outcomes import Config, ConfigOutcomes, CostKind, OutcomeRow, OutcomeTable, SelectionMode
from codebudget.analysis.pareto import Point, dominates, pareto_front, points
from codebudget.analysis.pools import CandidateView, TaskPoolView
from codebudget.analysis.schedule_eval import ScheduleEvaluation, evaluate_schedule
from codebudget.analysis.schedules import (
    SCHEDULES,
    NamedSchedule,
    RepairStep,
    SampleStep,
    Schedule,
    escalating_schedule,
    fixed_schedule,
)
from codebudget.analysis.seeds import SeedSpread, SeedVariance, merge_seeds, seed_variance
from codebudget.analysis.significance import (
    TestResult,
    mcnemar_exact,
    paired_test,
    permutation_test,
    sign_test,
    wilcoxon_signed_rank,
)

__all__ = [
    "ArmCell",
    "BudgetChoice",
    "BudgetOption",
    "BudgetPlan",
    "CandidateView",
    "Comparison",
    "Config",
    "ConfigOutcomes",
    "CostKind",
    "Episode",
    "EpisodeResult",
    "Estimate",
    "FactorGrid",
    "KnapsackTooLarge",
    "MCKPSolution",
    "OutcomeRow",
    "OutcomeTable",
    "PairedBootstrap",
    "Point",
    "PoolTooShallow",
    "PoolTooSmall",
    "NamedSchedule",
    "RepairStep",
    "SCHEDULES",
    "SampleStep",
    "SeedSpread",
    "SeedVariance",
    "SelectionMode",
    "EpisodeSource",
    "Schedule",
    "ScheduleEvaluation",
    "Step",
    "TaskPoolView",
    "TestResult",
    "arm_cells",
    "averaged_effect_of_k",
    "averaged_effect_of_n",
    "baseline_steps",
    "best_under_budget",
    "compare",
    "contrast",
    "dominates",
    "effect_of_k",
    "effect_of_n",
    "escalating_schedule",
    "evaluate_schedule",
    "fixed_schedule",
    "front_steps",
    "hindsight_bound",
    "interaction_effect",
    "interaction_effects",
    "main_effects",
    "mcnemar_exact",
    "merge_seeds",
    "paired_difference",
    "paired_test",
    "pareto_front",
    "pass_at_1",
    "path_steps",
    "permutation_test",
    "plan_budget",
    "points",
    "seed_variance",
    "sign_test",
    "solve_mckp",
    "step",
    "wilcoxon_signed_rank",
]
