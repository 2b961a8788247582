"""An independent, step-by-step pipeline written like the live one, for checking replay.

It talks to a fake model that serves a pool's chains and a fake sandbox that
reports their results, keeps a clock, and follows ``semantics.md`` literally.
It shares no code with :mod:`codebudget.replay.simulate`.
"""

from __future__ import annotations

import dataclasses

from codebudget.candidates import Chain, Version


@dataclasses.dataclass
class Outcome:
    hidden_passed: bool
    public_passed: bool
    wall_s: float
    grade_s: float
    tokens: int
    model_calls: int


class FakeModel:
    """Returns the pool's versions as if it generated them; refuses what the pool lacks."""

    def __init__(self, chains: list[Chain]):
        self.chains = chains
        self.calls = 0
        self.tokens = 0
        self.seconds = 0.0
        self.answered: set[str] = set()  # greedy repair prompts: asked again, answered from memory

    def sample(self) -> list[Version]:
        self.calls += 1
        self.tokens += sum(c.versions[0].n_tokens for c in self.chains)
        return [c.versions[0] for c in self.chains]

    def repair(self, position: int, broken: Version) -> Version:
        fixed = self.chains[position].versions[broken.round + 1]  # IndexError: the pool lacks it
        if fixed.repair_prompt and fixed.repair_prompt in self.answered:
            return fixed
        self.answered.add(fixed.repair_prompt)
        self.calls += 1
        self.tokens += fixed.n_tokens
        self.seconds += fixed.gen_wall_s
        return fixed


def reference_run(chains: list[Chain], k: int, policy: str, sample_s: float) -> Outcome:
    model = FakeModel(chains)
    clock = sample_s
    histories = [[v] for v in model.sample()]
    tested = [False] * len(chains)
    early_stop = policy == "public-tests"

    def public_test(v: Version) -> bool:
        nonlocal clock
        if not v.syntax_ok:
            return False
        clock += v.public.wall_s
        return v.public.passed

    stopped = False
    for i, history in enumerate(histories):
        tested[i] = True
        if public_test(history[0]) and early_stop:
            stopped = True
            break
    if not stopped:
        for i, history in enumerate(histories):
            passed = history[-1].syntax_ok and history[-1].public.passed
            rounds = 0
            while not passed and rounds < k:
                rounds += 1
                repaired = model.repair(i, history[-1])
                history.append(repaired)
                passed = public_test(repaired)
            if passed and early_stop:
                break

    chosen = choose(policy, histories, tested)
    public_ok = chosen.syntax_ok and chosen.public.passed
    return Outcome(chosen.hidden.passed, public_ok, clock + model.seconds, chosen.hidden.wall_s, model.tokens,
                   model.calls)


def choose(policy: str, histories: list[list[Version]], tested: list[bool]) -> Version:
    finals = [h[-1] for h in histories]
    if policy == "first":
        return finals[0]
    if policy == "oracle":
        hits = [v for h in histories for v in h if v.hidden.passed]
        return hits[0] if hits else finals[0]
    for i, v in enumerate(finals):
        if tested[i] and v.public.passed:
            return v
    best = max(v.public.tests_passed if tested[i] else -1 for i, v in enumerate(finals))
    return next(v for i, v in enumerate(finals) if (v.public.tests_passed if tested[i] else -1) == best)
