"""Prompt stages (issue 20): prepared once per task before sampling, recorded, shaping prompts, priced in replay.

The logic (options, prompt shaping, the replay rule, the store's rows and exports) is
checked on hand-made records; the live part runs the plan stage with a real model and
checks what it recorded, that a rerun prepares nothing again and that replay prices the
preparation exactly as the live run did.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from codebudget.backends.base import Message
from codebudget.benchmarks import load
from codebudget.candidates import (
    BatchCall,
    CandidatePool,
    Chain,
    Pool,
    PreparedCost,
    SuiteResult,
    Version,
    costed_pool,
    load_pool,
    run,
)
from codebudget.analysis.schedule_eval import evaluate_schedule
from codebudget.analysis.schedules import fixed_schedule
from codebudget.pipeline import PipelineConfig, run_config
from codebudget.pipeline.stages.gates import get_stage
from codebudget.pipeline.stages.plan import PLAN, body_indent, plan_lines
from codebudget.pipeline.stages.prompting import options_of
from codebudget.prompts import get_style
from codebudget.prompts.styles import Prompt
from codebudget.records import Preparation
from codebudget.replay import ReplayConfig, replay
from codebudget.reports.gather.analysis import build_report
from codebudget.reports.gather.outcomes import collect
from codebudget.reports.sections import sections
from codebudget.selection import get_policy
from codebudget.store import PreparationRow, Store

PROBLEM = load("humaneval")[0]


# -- options and identity --------------------------------------------------------------------------------------


def test_options_are_typed_and_checked():
    assert options_of("top=5:corpus=/x", {"top": int, "corpus": str}) == {"top": 5, "corpus": "/x"}
    with pytest.raises(ValueError, match="unknown stage option 'k=2'"):
        options_of("k=2", {"top": int})
    with pytest.raises(ValueError, match="top='x': not a int"):
        options_of("top=x", {"top": int})


def test_stages_with_options_are_part_of_the_run_identity_and_checked_at_once():
    plain, sampled = PipelineConfig(stages=("plan",)), PipelineConfig(stages=("plan:mode=sampled",))
    assert len({plain.hash(), sampled.hash(), PipelineConfig().hash()}) == 3
    assert get_stage("plan:mode=sampled:repair=backward") == dataclasses.replace(PLAN, mode="sampled", repair="backward")
    with pytest.raises(ValueError, match="plan mode 'often'"):
        PipelineConfig(stages=("plan:mode=often",))
    with pytest.raises(ValueError, match="a stage is named twice"):
        PipelineConfig(stages=("plan", "plan:mode=sampled"))
    with pytest.raises(ValueError, match="the syntax filter always runs first"):
        PipelineConfig(stages=("syntax:x=1",))
    with pytest.raises(ValueError, match="stage 'plan' takes no options|unknown stage option"):
        PipelineConfig(stages=("plan:colour=red",))


# -- shaping prompts -------------------------------------------------------------------------------------------


def test_context_goes_before_the_task_and_leads_continue_the_prefill():
    body = get_style("body").solve(PROBLEM)
    shaped = body.with_context("CONTEXT")
    assert shaped.messages[1].content.startswith("CONTEXT\n\n") and shaped.messages[1].content.endswith(
        body.messages[1].content)
    assert shaped.prefill == body.prefill and shaped.with_context("") == shaped
    assert body.continued("# x").prefill == body.prefill + "# x"
    whole = get_style("whole-function").solve(PROBLEM)
    assert whole.continued("go").messages[-1] == Message("assistant", "go")


def test_plan_modes_shape_first_attempts_and_repairs():
    style = get_style("body")
    solve, repair = style.solve(PROBLEM), style.repair(PROBLEM, "answer", "code", "it fails")
    shared = Preparation("plan", "A plan for the function below (follow it):\n1. Loop.")
    assert PLAN.shape(solve, "solve", shared).messages[1].content.startswith("A plan for the function below")
    sampled = dataclasses.replace(PLAN, mode="sampled")
    assert sampled.shape(solve, "solve", Preparation("plan")).prefill.endswith('    """\n    # Plan:\n    # 1.')
    assert sampled.shape(repair, "repair", Preparation("plan")) == repair  # sampled plans are for first attempts
    backward = dataclasses.replace(PLAN, mode="none", repair="backward")
    assert backward.shape(repair, "repair", Preparation("plan")).prefill.endswith("# What went wrong, and the fix:\n    # 1.")
    whole = get_style("whole-function").solve(PROBLEM)
    worded = sampled.shape(whole, "solve", Preparation("plan"))
    assert "numbered lines" in worded.messages[1].content and worded.prefill == ""


def test_plan_lines_and_body_indent():
    answer = "Here is the plan:\n1. Sort the list.\n2) Compare neighbours.\n- Return.\n```python\ndef f(): pass\n```"
    assert plan_lines(answer) == "1. Sort the list.\n2. Compare neighbours.\n3. Return."
    assert plan_lines("no steps at all") == ""
    assert body_indent('```python\ndef f():\n        """Doc."""\n') == "        "
    assert body_indent("```python\n") == ""  # a prose task: the plan's comments start at the top level


# -- the replay rule -------------------------------------------------------------------------------------------


def _version(passed: bool, round_: int = 0, tokens: int = 10) -> Version:
    return Version(round_, True, SuiteResult(passed, wall_s=0.5), SuiteResult(passed, wall_s=0.5), n_tokens=tokens,
                   gen_wall_s=2.0)


def _pool(prepared: PreparedCost) -> Pool:
    chains = (Chain(0, (_version(False), _version(True, 1))), Chain(1, (_version(True),)))
    task = CandidatePool("humaneval", "HumanEval/0", chains, (BatchCall(4.0, 100, (0, 1)),), prepared)
    return Pool("p", 1, 0.8, (task,))


def test_every_configuration_pays_the_preparation_once_per_task():
    prepared = PreparedCost(wall_s=3.0, tokens=40, calls=1, stages=("plan",))
    with_plan, without = _pool(prepared), _pool(PreparedCost())
    for n in (1, 2):
        for k in (0, 1):
            a, b = (replay(p, ReplayConfig(n, k), ["public-tests", "oracle"]) for p in (with_plan, without))
            for name in ("public-tests", "oracle"):
                fa, fb = a.figure(name), b.figure(name)
                assert fa.wall_s == pytest.approx(fb.wall_s + 3.0) and fa.prepare_s == pytest.approx(3.0)
                assert (fa.tokens, fa.model_calls) == pytest.approx((fb.tokens + 40, fb.model_calls + 1))
                assert fa.pass_rate == fb.pass_rate
    task = with_plan.tasks[0]
    assert run(task.chains, 1, get_policy("oracle"), 4.0, task.prepared).wall_s == pytest.approx(
        run(task.chains, 1, get_policy("oracle"), 4.0).wall_s + 3.0)
    schedule = fixed_schedule(1, 0)
    a, b = (evaluate_schedule(schedule, costed_pool(p)).honest for p in (with_plan, without))
    assert a.wall_s[0] == pytest.approx(b.wall_s[0] + 3.0) and a.calls[0] == pytest.approx(b.calls[0] + 1)


# -- the store -------------------------------------------------------------------------------------------------


def test_preparations_are_stored_exported_and_imported(tmp_path):
    from codebudget.store import RunRow

    row = PreparationRow("run1", PROBLEM.benchmark, PROBLEM.task_id,
                         Preparation("retrieval", "text", ("json.loads (json/__init__.py:299)",), {"hits": [1]}, 0.25))
    with Store.open(tmp_path / "a.db") as store:
        store.add_run(RunRow("run1", {"n": 1}, "m"))
        store.add_task(PROBLEM)
        assert store.add_preparation(row) and not store.add_preparation(row)  # safe repeated writes
        assert store.get_preparation("run1", PROBLEM.benchmark, PROBLEM.task_id, "retrieval") == row
        store.export_jsonl(tmp_path / "a.jsonl.gz")
        with Store.open(tmp_path / "b.db") as other:
            other.import_jsonl(tmp_path / "a.jsonl.gz")
            assert list(other.iter_preparations("run1")) == [row]


# -- live, with a real model -----------------------------------------------------------------------------------


@pytest.mark.model
@pytest.mark.slow
def test_a_shared_plan_is_prepared_once_recorded_and_replayed(tmp_path, sandbox, smollm2):
    problems = load("humaneval")[:2]
    config = PipelineConfig(model="smollm2-135m", n=2, k=1, temperature=0.8, max_tokens=64, seed=3, stages=("plan",))
    calls = []
    real = smollm2.generate

    def counted(request):
        calls.append(request)
        return real(request)

    smollm2.generate = counted
    try:
        with Store.open(tmp_path / "runs.db") as store:
            summary = run_config(config, problems, store=store, backend=smollm2, sandbox=sandbox)
            plans = list(store.iter_preparations(summary.run_hash))
            assert [p.task_id for p in plans] == [p.task_id for p in problems]
            for found in plans:
                prepared = found.preparation
                assert prepared.stage == "plan" and prepared.calls == 1 and prepared.wall_s > 0
                assert prepared.tokens > 0 and "answer" in prepared.detail
                first = next(iter(store.iter_generations(summary.run_hash, found.benchmark, found.task_id)))
                user = json.loads(first.prompt)[1]["content"]
                assert user.startswith(prepared.text) if prepared.text else "plan" not in user
            pool = load_pool(store, summary.run_hash, k_max=1)
            for task in pool.tasks:
                recorded = store.get_task_result(summary.run_hash, task.benchmark, task.task_id)
                honest = run(task.chains, 1, get_policy("public-tests"), task.calls[0].wall_s, task.prepared)
                assert task.prepared.calls == 1
                assert recorded.wall_s == pytest.approx(honest.wall_s) and recorded.stage_wall_s["prepare"] > 0
            report = build_report(collect(store, [summary.run_hash]), (), (20.0,), n_resamples=50)
            (section,) = [part for part in sections(report) if part.title == "Prepared before sampling"]
            shown = {row[0]: row for row in section.tables[0].rows}
            assert set(shown) == {p.task_id for p in problems} and all(row[1] == "plan" for row in shown.values())
            before = len(calls)
            again = run_config(config, problems, store=store, backend=smollm2, sandbox=sandbox)
            assert again == summary and len(calls) == before  # resumed: nothing prepared or sampled again
            store.forget_tasks(summary.run_hash, [problems[0].task_id])
            assert [p.task_id for p in store.iter_preparations(summary.run_hash)] == [problems[1].task_id]
    finally:
        del smollm2.generate
