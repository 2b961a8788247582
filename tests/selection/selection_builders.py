"""Hand-sized candidates for the selection tests.

A version is written ``spec`` as in the replay tests (``P``/``p`` public
pass/fail, ``H``/``h`` hidden pass/fail, ``x`` does not parse) plus how many
of :data:`TOTAL` public tests it passed, its mean log-probability and its
outputs on the shared inputs (None: not run).
"""

from __future__ import annotations

import dataclasses

from codebudget.candidates import BatchCall, Behaviour, Candidate, CandidatePool, Chain, Pool, SuiteResult, Version

TOTAL = 3  # public tests per task
RUN_S = 0.25  # behaviour seconds per version


def version(spec: str, passed: int | None = None, logprob: float | None = -1.0,
            outputs: tuple[str, ...] | None = None) -> Version:
    """A version from its spec (see the module docstring)."""
    syntax_ok = spec != "x"
    public_ok = syntax_ok and spec[0] == "P"
    count = passed if passed is not None else (TOTAL if public_ok else 0)
    return Version(
        round=0,
        syntax_ok=syntax_ok,
        public=SuiteResult(public_ok, count, TOTAL, 1.0 if syntax_ok else 0.0),
        hidden=SuiteResult(syntax_ok and spec[1] == "H", 0, 1, 0.5),
        mean_logprob=logprob,
        n_tokens=10,
        behaviour=None if outputs is None else Behaviour(outputs, RUN_S),
    )


def candidates(*versions: Version) -> list[Candidate]:
    """One single-version candidate per version, as an honest policy sees it (no hidden results)."""
    return [Candidate(i, (dataclasses.replace(v, hidden=None),)) for i, v in enumerate(versions)]


def pool(*chains: tuple[Version, ...], k_max: int = 2) -> Pool:
    """A one-task pool whose chain ``i`` has the versions ``chains[i]`` (rounds renumbered)."""
    built = tuple(Chain(i, tuple(dataclasses.replace(v, round=r) for r, v in enumerate(c))) for i, c in enumerate(chains))
    task = CandidatePool("bench", "T/0", built, (BatchCall(float(len(built)), 10, tuple(range(len(built)))),))
    return Pool("pool", k_max, 0.8, (task,))
