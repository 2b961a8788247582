"""Hand-sized pools: a version is written as two letters, public then hidden.

``P``/``p``: passes/fails the public tests; ``H``/``h``: passes/fails the
hidden tests; ``x``: the code does not parse (fails both, no test time). So
``chain("ph", "PH")`` is a candidate whose first repair passes everything.
"""

from __future__ import annotations

import dataclasses

from codebudget.candidates import BatchCall, CandidatePool, Chain, Pool, SuiteResult, Version

TOTAL = 4  # public tests per task
TEST_S = 1.0  # each public-test run
HIDDEN_S = 0.5  # each hidden-test run
REPAIR_S = 10.0  # each repair call
TOKENS = 100  # tokens per generated version


def version(spec: str, round: int = 0, passed: int | None = None, tokens: int = TOKENS) -> Version:
    """A version from its two-letter spec; ``passed`` public tests (default all or none)."""
    syntax_ok = spec != "x"
    public_ok = spec[0] == "P"
    hidden_ok = syntax_ok and spec[1] == "H"
    count = passed if passed is not None else (TOTAL if public_ok else 0)
    return Version(
        round=round,
        syntax_ok=syntax_ok,
        public=SuiteResult(public_ok, count, TOTAL, TEST_S if syntax_ok else 0.0),
        hidden=SuiteResult(hidden_ok, int(hidden_ok), 1, HIDDEN_S),
        mean_logprob=-0.1 * (round + 1),
        n_tokens=tokens,
        gen_wall_s=REPAIR_S if round else 0.0,
        prompt_tokens=50,
    )


def chain(index: int, *specs: str | Version) -> Chain:
    """Candidate ``index`` whose rounds are ``specs`` (strings or ready versions)."""
    return Chain(index, tuple(_at_round(s, r) for r, s in enumerate(specs)))


def _at_round(spec: str | Version, round: int) -> Version:
    if isinstance(spec, str):
        return version(spec, round)
    return dataclasses.replace(spec, round=round, gen_wall_s=REPAIR_S if round else 0.0)


def task(*chains: tuple[str | Version, ...] | Chain, call_s: float | None = None, task_id: str = "T/0") -> CandidatePool:
    """A task whose candidates are ``chains``; one batched call of ``call_s`` (default 1 s per sample)."""
    built = tuple(c if isinstance(c, Chain) else chain(i, *c) for i, c in enumerate(chains))
    wall = float(len(built)) if call_s is None else call_s
    return CandidatePool("bench", task_id, built, (BatchCall(wall, 50, tuple(range(len(built)))),))


def pool(*tasks: CandidatePool, k_max: int = 3) -> Pool:
    return Pool("pool-hash", k_max, 0.8, tasks)
