"""Benchmarks: load tasks of HumanEval, MBPP, EvalPlus or your own JSONL as Problems.

>>> from codebudget.benchmarks import load
>>> problems = load("humaneval")  # doctest: +SKIP

Loaders are found by name in a registry (built-ins plus the ``codebudget.benchmarks``
entry-point group); see :func:`load` and ``docs/tasks.md``.
"""

from codebudget.benchmarks.errors import BenchmarkError
from codebudget.benchmarks.examples import Examples, docstring_examples
from codebudget.benchmarks.registry import BENCHMARKS, available, detect, load, loader

__all__ = ["BENCHMARKS", "BenchmarkError", "Examples", "available", "detect", "docstring_examples", "load", "loader"]
