"""A new pipeline stage, added in this file alone (issue 17): live with a real model, then in replay.

The toy stage is a version gate that never accepts a first draft: every
parsing round-0 version is rejected with a reason, so with K=1 each one is
repaired and told why. The run records the verdicts, tests only what the gate
let through, keys the run by the stage, resumes without new work, and replays
to the figures it recorded, the gate's seconds included in its test time.
"""

from __future__ import annotations

import dataclasses

import pytest

from codebudget.benchmarks import load
from codebudget.candidates import load_pool, public_cost, run
from codebudget.pipeline import PipelineConfig, run_config
from codebudget.pipeline.stages import STAGES, VERSION, GateVerdict, register_stage
from codebudget.records import Problem
from codebudget.selection import get_policy
from codebudget.store import ExtractionRow, Store

REASON = "Toy gate: a first draft is never accepted; write the function again."


@dataclasses.dataclass(frozen=True)
class NoFirstDrafts:
    """Rejects every round-0 version."""

    name: str = "toy-no-first-drafts"
    point: str = VERSION

    def check(self, problem: Problem, version: ExtractionRow) -> GateVerdict:
        return GateVerdict(False, REASON) if version.key.round == 0 else GateVerdict(True)


@pytest.fixture()
def gate():
    found = register_stage(NoFirstDrafts())
    yield found
    STAGES.pop(found.name)


@pytest.mark.model
@pytest.mark.slow
def test_a_new_stage_runs_live_is_recorded_and_replays(tmp_path, sandbox, smollm2, gate):
    problems = load("humaneval")[:2]
    common = dict(model="smollm2-135m", n=2, k=1, temperature=0.8, max_tokens=96, seed=3)
    config = PipelineConfig(stages=(gate.name,), **common)
    assert config.hash() != PipelineConfig(**common).hash()  # the stage is part of the run's identity
    with Store.open(tmp_path / "runs.db") as store:
        summary = run_config(config, problems, store=store, backend=smollm2, sandbox=sandbox)
        rejected = 0
        for first in (e for e in store.iter_extractions(summary.run_hash) if e.key.round == 0):
            verdict = store.get_execution(first.key, "gate:" + gate.name)
            assert not store.has_execution(first.key, "public") and not store.has_execution(first.key, "hidden")
            repair = store.get_generation(dataclasses.replace(first.key, round=1))
            assert repair is not None  # a rejected draft fails, so K=1 repairs it
            if first.ok and first.syntax_ok:
                rejected += 1
                assert verdict is not None and not verdict.execution.passed and verdict.execution.error == REASON
                assert REASON in repair.prompt
            else:
                assert verdict is None  # the syntax filter stopped it first
        assert rejected >= 1, "no first draft parsed: the gate was never asked"

        pool = load_pool(store, summary.run_hash, k_max=1)
        for task in pool.tasks:
            recorded = store.get_task_result(summary.run_hash, task.benchmark, task.task_id)
            for name in ("public-tests", "oracle"):
                replayed = run(task.chains, 1, get_policy(name), task.calls[0].wall_s)
                chosen = recorded.selection(name)
                assert (chosen.hidden_passed, chosen.public_passed) == (replayed.hidden_passed, replayed.public_passed)
            honest = run(task.chains, 1, get_policy("public-tests"), task.calls[0].wall_s)
            assert recorded.wall_s == pytest.approx(honest.wall_s)
            everything = run(task.chains, 1, get_policy("oracle"), task.calls[0].wall_s)
            versions = [v for chain in task.chains for v in chain.versions]
            gate_s = sum(g.seconds for v in versions for g in v.gates)
            assert gate_s > 0 and everything.test_s == pytest.approx(sum(public_cost(v) for v in versions))
            assert all(not v.runnable and not v.public_passed for v in versions if v.round == 0)

        generations = len(list(store.iter_generations(summary.run_hash)))
        again = run_config(config, problems, store=store, backend=smollm2, sandbox=sandbox)
        assert again == summary and len(list(store.iter_generations(summary.run_hash))) == generations


def test_an_unknown_or_repeated_stage_is_refused():
    with pytest.raises(ValueError, match="unknown pipeline stage 'nope'"):
        PipelineConfig(stages=("nope",))
    with pytest.raises(ValueError, match="the syntax filter always runs first"):
        PipelineConfig(stages=("syntax",))
