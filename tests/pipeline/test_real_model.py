"""The pipeline end to end with a real model (SmolLM2-135M), the real sandbox and store.

Covers: a run records both selections; a run killed with SIGKILL resumes to the
same results as an uninterrupted run; a pool replayed at N <= M matches a live
run of that configuration.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from codebudget.benchmarks import load
from codebudget.candidates import SamplingTime, fit_call_cost, load_pool, observations
from codebudget.pipeline import PipelineConfig, run_config
from codebudget.replay import ReplayConfig, prefix_run
from codebudget.selection import get_policy
from codebudget.store import Store

pytestmark = [pytest.mark.model, pytest.mark.slow]

TASKS = 3
RUN_ARGS = ["--model", "smollm2-135m", "--limit", str(TASKS), "--n", "2", "--k", "1", "--temperature", "0.8",
            "--max-tokens", "96", "--seed", "3"]


@pytest.fixture(scope="module")
def problems():
    return load("humaneval")[:TASKS]


def _cli(db: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "codebudget", "run", *RUN_ARGS, "--db", str(db), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _rows(db: Path) -> dict[str, list[tuple]]:
    """Everything a run produced that must not depend on interruption (times left out)."""
    with sqlite3.connect(db) as conn:
        generations = conn.execute("SELECT task_id, sample_index, round, text FROM generations ORDER BY 1, 2, 3").fetchall()
        executions = conn.execute("SELECT task_id, sample_index, round, kind, status, tests_passed FROM executions ORDER BY 1, 2, 3, 4").fetchall()
        selections = conn.execute("SELECT * FROM selections ORDER BY 1, 2, 3, 4").fetchall()
    return {"generations": generations, "executions": executions, "selections": selections}


def _count(db: Path, table: str) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_kill_9_then_rerun_equals_uninterrupted_run(tmp_path: Path, smollm2_path: Path) -> None:
    whole = tmp_path / "whole.db"
    assert _cli(whole).wait(timeout=900) == 0
    broken = tmp_path / "broken.db"
    victim = _cli(broken)
    deadline = time.monotonic() + 600
    while _count(broken, "generations") < 3 and time.monotonic() < deadline:  # mid-way through the tasks
        time.sleep(0.2)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    assert _count(broken, "task_results") < TASKS, "the kill came too late to test resuming"
    resumed = _cli(broken)
    assert resumed.wait(timeout=900) == 0, resumed.stderr.read()
    assert _rows(broken) == _rows(whole)
    with Store.open(broken) as store:
        assert store.integrity_check() == "ok"


def test_live_run_matches_pool_replay(tmp_path: Path, problems, sandbox, smollm2) -> None:
    common = dict(model="smollm2-135m", temperature=0.8, max_tokens=96, seed=3, benchmark="humaneval")
    with Store.open(tmp_path / "runs.db") as store:
        pool_cfg = PipelineConfig(label="pool", n=4, k=1, **common)
        run_config(pool_cfg, problems, store=store, backend=smollm2, sandbox=sandbox)
        live_cfg = PipelineConfig(n=2, k=1, **common)
        live = run_config(live_cfg, problems, store=store, backend=smollm2, sandbox=sandbox)
        pool = load_pool(store, pool_cfg.hash(), k_max=1)
        cost = fit_call_cost(observations(pool))
        matched = 0
        for task in pool.tasks:
            live_texts = [g.sample.text for g in store.iter_generations(live.run_hash, task.benchmark, task.task_id) if g.key.round == 0]
            pool_texts = [g.sample.text for g in store.iter_generations(pool_cfg.hash(), task.benchmark, task.task_id) if g.key.round == 0]
            if live_texts != pool_texts[:2]:
                continue  # batched decoding of 4 vs 2 sequences may differ numerically
            matched += 1
            recorded = store.get_task_result(live.run_hash, task.benchmark, task.task_id)
            for name in ("public-tests", "oracle"):
                replayed = prefix_run(task, ReplayConfig(2, 1), get_policy(name), SamplingTime.for_task(task, cost))
                chosen = recorded.selection(name)
                assert (chosen.hidden_passed, chosen.public_passed) == (replayed.hidden_passed, replayed.public_passed)
        assert matched >= 1, "no task sampled the same texts live and in the pool"


def test_run_records_generations_executions_and_both_selections(tmp_path: Path, problems, sandbox, smollm2) -> None:
    config = PipelineConfig(model="smollm2-135m", n=2, k=1, temperature=0.8, max_tokens=96, seed=5)
    with Store.open(tmp_path / "runs.db") as store:
        summary = run_config(config, problems, store=store, backend=smollm2, sandbox=sandbox)
        results = list(store.iter_task_results(summary.run_hash))
        assert len(results) == TASKS and summary.tasks == TASKS
        for result in results:
            assert {s.policy for s in result.selections} >= {"public-tests", "oracle"}
            assert result.wall_s > 0 and result.model_calls >= 1
        assert 0.0 <= summary.honest_pass <= summary.oracle_pass <= 1.0
        assert store.get_run(summary.run_hash).isolation == sandbox.isolation



def test_identical_greedy_repairs_are_made_once_and_the_model_would_answer_the_same(tmp_path: Path, problems,
                                                                                    sandbox, smollm2) -> None:
    """Two greedy candidates fail alike, so their repair prompts are equal: one call, the other reused."""
    from codebudget.backends.base import GenerationRequest, Message, SamplingParams

    config = PipelineConfig(model="smollm2-135m", n=2, k=1, temperature=0.0, max_tokens=48, seed=1)
    with Store.open(tmp_path / "runs.db") as store:
        summary = run_config(config, problems[:1], store=store, backend=smollm2, sandbox=sandbox)
        first, second = sorted((g for g in store.iter_generations(summary.run_hash) if g.key.round == 1),
                               key=lambda g: g.key.sample_index)
    assert first.prompt == second.prompt and not first.call_id.startswith("reused:")
    assert second.call_id == "reused:" + first.call_id and second.sample.text == first.sample.text
    from codebudget.prompts import Prompt, get_style

    messages = tuple(Message(m["role"], m["content"]) for m in json.loads(first.prompt))
    asked = Prompt(messages, get_style(config.prompt_style).solve(problems[0]).stop)  # a repair stops alike
    again = smollm2.generate(GenerationRequest(messages=messages, params=SamplingParams(1, 0.0, 0.95, 48, asked.stop, 7)))
    assert asked.answer(again.samples[0]).text == first.sample.text  # greedy answers depend on the prompt only


def test_a_greedy_run_lends_its_answers_to_a_greedy_repair_run_of_the_same_decoder(tmp_path: Path, problems,
                                                                                   sandbox, smollm2) -> None:
    """A K=0 greedy run, then K=1: the first attempts are not decoded again; another token limit is."""
    greedy = PipelineConfig(model="smollm2-135m", n=1, k=0, temperature=0.0, max_tokens=48, seed=1)
    with Store.open(tmp_path / "runs.db") as store:
        first = run_config(greedy, problems[:2], store=store, backend=smollm2, sandbox=sandbox)
        repair = run_config(greedy.model_copy(update={"k": 1}), problems[:2], store=store, backend=smollm2,
                            sandbox=sandbox)
        shorter = run_config(greedy.model_copy(update={"max_tokens": 40}), problems[:2], store=store,
                             backend=smollm2, sandbox=sandbox)
        lent = {g.key.task_id: g for g in store.iter_generations(first.run_hash)}
        starts = [g for g in store.iter_generations(repair.run_hash) if g.key.round == 0]
        fresh = [g for g in store.iter_generations(shorter.run_hash)]
    assert len(starts) == 2 and all(g.call_id == "reused:" + lent[g.key.task_id].call_id for g in starts)
    assert all(g.sample.text == lent[g.key.task_id].sample.text for g in starts)
    assert fresh and not any(g.call_id.startswith("reused:") for g in fresh)


def test_hidden_feedback_repairs_from_the_failing_grading_assert(tmp_path: Path, problems, sandbox, smollm2) -> None:
    """The seed paper's setting with a real model: a repair prompt quotes the failing line of HumanEval's check."""
    greedy = PipelineConfig(model="smollm2-135m", n=1, k=0, temperature=0.0, max_tokens=48, seed=1)
    with Store.open(tmp_path / "runs.db") as store:
        first = run_config(greedy, problems, store=store, backend=smollm2, sandbox=sandbox)
        paper = run_config(greedy.model_copy(update={"k": 1, "feedback_tests": "hidden"}), problems, store=store,
                           backend=smollm2, sandbox=sandbox)
        repairs = [g for g in store.iter_generations(paper.run_hash) if g.key.round == 1]
        parents = [store.get_extraction(dataclasses.replace(g.key, round=0)) for g in repairs]
        public = [store.get_execution(g.key, "public") for g in store.iter_generations(paper.run_hash)]
        hidden = [store.get_execution(g.key, "hidden") for g in store.iter_generations(paper.run_hash)]
    assert paper.honest_pass == paper.oracle_pass and first.run_hash != paper.run_hash
    assert [p is None for p in public] == [h is None for h in hidden]
    assert all(p.execution.passed == h.execution.passed for p, h in zip(public, hidden) if p is not None)
    quoted = [g for g, parent in zip(repairs, parents) if parent.syntax_ok]
    assert quoted, "no repair of parsing code: pick tasks where SmolLM2 writes Python"
    feedback = [next(m["content"] for m in reversed(json.loads(g.prompt)) if m["role"] == "user") for g in quoted]
    assert all("Failing test:\nassert candidate(" in text for text in feedback)
