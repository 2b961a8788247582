"""Scoring: sandbox jobs for a problem's tests, verdicts per sample, pass@k per task and benchmark.

>>> from codebudget.scoring import pass_at_k
>>> round(pass_at_k(n=10, c=3, k=1), 3)
0.3
"""

from codebudget.candidates import pass_at_k
from codebudget.scoring.jobs import hidden_job, public_job
from codebudget.scoring.reference import DroppedTest, ReferenceCheck, check_references
from codebudget.scoring.results import BenchmarkScore, SampleResult, Scores, TaskScore, Verdict
from codebudget.scoring.score import DEFAULT_KS, grade, score_samples, summarize, task_score

__all__ = [
    "DEFAULT_KS",
    "BenchmarkScore",
    "DroppedTest",
    "ReferenceCheck",
    "SampleResult",
    "Scores",
    "TaskScore",
    "Verdict",
    "check_references",
    "grade",
    "hidden_job",
    "pass_at_k",
    "public_job",
    "score_samples",
    "summarize",
    "task_score",
]
