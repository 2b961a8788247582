"""Sandbox jobs that run a candidate program against a problem's tests."""

from __future__ import annotations

from codebudget.records import Problem
from codebudget.sandbox.base import Job, Limits


def hidden_job(problem: Problem, code: str, *, limits: Limits = Limits(), stop_on_failure: bool = True) -> Job:
    """Run ``code`` against the benchmark's grading tests (the verdict of a sample)."""
    return Job(code=code, tests=problem.hidden_tests, setup=problem.setup, limits=limits, stop_on_failure=stop_on_failure)


def public_job(problem: Problem, code: str, *, limits: Limits = Limits(), stop_on_failure: bool = False) -> Job:
    """Run ``code`` against the tests a user would have; every test runs, so ``tests_passed`` counts them."""
    return Job(code=code, tests=problem.public_tests, setup=problem.setup, limits=limits, stop_on_failure=stop_on_failure)
