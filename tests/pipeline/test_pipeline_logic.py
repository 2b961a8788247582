"""Pipeline logic with scripted answers, the real sandbox and the real store."""

from __future__ import annotations

from codebudget.pipeline import PipelineConfig, run_config

from pipeline_scripted import ScriptedBackend
from toys import ABS, ADD

GOOD_ADD = "def add(a, b):\n    return a + b"
BAD_ADD = "def add(a, b):\n    return a - b"
SYNTAX = "def add(a, b)\n    return a + b"
ONLY_PUBLIC = "def absolute(x):\n    return 3"
GOOD_ABS = "def absolute(x):\n    return abs(x)"


def _config(**fields) -> PipelineConfig:
    return PipelineConfig(**{"backend": "scripted", "model": "scripted", "benchmark": "toy",
                             "prompt_style": "whole-function", **fields})


def test_first_public_pass_is_the_honest_answer(store, sandbox) -> None:
    backend = ScriptedBackend({"add": [BAD_ADD, GOOD_ADD, BAD_ADD]})
    summary = run_config(_config(n=3), [ADD], store=store, backend=backend, sandbox=sandbox)
    result = store.get_task_result(summary.run_hash, "toy", "toy/add")
    honest = result.selection("public-tests")
    assert (honest.sample_index, honest.round, honest.hidden_passed) == (1, 0, True)
    assert summary.honest_pass == 1.0 and summary.oracle_pass == 1.0
    assert result.model_calls == 1 and len(backend.calls) == 1


def test_repair_fixes_a_failing_candidate_from_feedback(store, sandbox) -> None:
    backend = ScriptedBackend({"add": [BAD_ADD]}, {"add": [SYNTAX, GOOD_ADD]})
    summary = run_config(_config(n=1, k=2), [ADD], store=store, backend=backend, sandbox=sandbox)
    result = store.get_task_result(summary.run_hash, "toy", "toy/add")
    assert (result.selection("public-tests").round, result.selection("public-tests").hidden_passed) == (2, True)
    first_repair, second_repair = backend.calls[1].messages[-1].content, backend.calls[2].messages[-1].content
    assert "return a - b" in first_repair and "assert add(1, 2) == 3" in first_repair
    assert "does not parse" in second_repair


def test_syntax_errors_are_filtered_without_running(store, sandbox) -> None:
    backend = ScriptedBackend({"add": [SYNTAX, GOOD_ADD]})
    summary = run_config(_config(n=2), [ADD], store=store, backend=backend, sandbox=sandbox)
    key = next(k for k in store.generation_keys(summary.run_hash) if k.sample_index == 0)
    assert store.get_extraction(key).syntax_ok is False
    assert store.get_execution(key, "public") is None and store.get_execution(key, "hidden") is None


def test_honest_and_oracle_differ_when_public_tests_mislead(store, sandbox) -> None:
    backend = ScriptedBackend({"absolute": [ONLY_PUBLIC, GOOD_ABS]})
    summary = run_config(_config(n=2), [ABS], store=store, backend=backend, sandbox=sandbox)
    assert summary.honest_pass == 0.0  # the first public pass is hard-coded to the example
    assert summary.oracle_pass == 1.0  # candidate 1 passes the hidden tests


def test_the_summary_counts_and_names_the_runs_own_policy(store, sandbox, capsys) -> None:
    from codebudget.cli.session import print_summary

    backend = ScriptedBackend({"absolute": [ONLY_PUBLIC, GOOD_ABS]})
    summary = run_config(_config(n=2, selection="first"), [ABS], store=store, backend=backend, sandbox=sandbox)
    assert summary.selection == "first" and summary.honest_pass == 0.0 and summary.oracle_pass == 1.0
    print_summary(summary)
    printed = capsys.readouterr().out
    assert "chosen by the run's policy, first" in printed and "chosen by public tests" not in printed


def test_rerun_resumes_without_calling_the_model(store, sandbox) -> None:
    backend = ScriptedBackend({"add": [BAD_ADD, GOOD_ADD]})
    first = run_config(_config(n=2), [ADD], store=store, backend=backend, sandbox=sandbox)
    again = ScriptedBackend({"add": []})
    second = run_config(_config(n=2), [ADD], store=store, backend=again, sandbox=sandbox)
    assert again.calls == [] and first == second


def test_config_hash_ignores_connection_details_but_not_n() -> None:
    base = _config(n=2)
    assert base.hash() == _config(n=2, base_url="http://127.0.0.1:9/v1", workers=1).hash()
    assert base.hash() != _config(n=3).hash()


def test_the_hash_of_a_stored_pool_does_not_move_when_options_are_added() -> None:
    """Committed pools (results/) resume and import under these hashes: new options hash only when set."""
    pool = dict(label="pool", model="qwen2.5-coder-1.5b", n=5, k=2, temperature=0.8,
                prompt_style="whole-function", lookup="off")  # what every stored run had
    assert PipelineConfig(**pool).hash() == "7fc77c2a67ea8bcb"
    assert PipelineConfig(**pool, feedback_tests="public").hash() == "7fc77c2a67ea8bcb"
    assert PipelineConfig(**pool, feedback_tests="hidden").hash() != "7fc77c2a67ea8bcb"
    today = {**pool, "prompt_style": "body", "lookup": "repairs"}  # the defaults now: a new run, a new hash
    assert PipelineConfig(**{k: v for k, v in today.items() if k not in ("prompt_style", "lookup")}).hash() == \
        PipelineConfig(**today).hash() != "7fc77c2a67ea8bcb"
    assert PipelineConfig(**{**pool, "lookup": "repairs"}).hash() != "7fc77c2a67ea8bcb"


def test_a_revised_prompt_text_is_a_new_run_and_revision_one_keeps_every_hash() -> None:
    """A stage's or style's ``revision`` above 1 (its texts changed) gives a new run; 1 hashes as before."""
    import dataclasses

    from codebudget.pipeline.config import text_revisions
    from codebudget.pipeline.stages import STAGES
    from codebudget.pipeline.stages.plan import PLAN
    from codebudget.prompts.styles import BODY, PROMPT_STYLES

    planned = PipelineConfig(stages=("plan:mode=sampled",))
    assert text_revisions("body", ("plan:mode=sampled",)) == {}
    before = planned.hash()
    assert PipelineConfig(stages=("plan:mode=sampled",)).hash() == before
    STAGES.register(dataclasses.replace(PLAN, revision=2))
    try:
        assert text_revisions("body", ("plan:mode=sampled",)) == {"plan": 2}  # options keep the revision
        assert planned.hash() != before and PipelineConfig().hash() == PipelineConfig().hash()
    finally:
        STAGES.register(PLAN)
    assert planned.hash() == before
    plain = PipelineConfig().hash()
    PROMPT_STYLES.register(dataclasses.replace(BODY, revision=3))
    try:
        assert text_revisions("body", ()) == {"prompt_style:body": 3} and PipelineConfig().hash() != plain
    finally:
        PROMPT_STYLES.register(BODY)
    assert PipelineConfig().hash() == plain


def test_hidden_feedback_repairs_from_the_grading_tests(store, sandbox) -> None:
    """The seed paper's setting: the tests the pipeline sees are the grading tests."""
    answers = ({"absolute": [ONLY_PUBLIC]}, {"absolute": [GOOD_ABS]})
    shown = run_config(_config(n=1, k=1), [ABS], store=store, backend=ScriptedBackend(*answers), sandbox=sandbox)
    assert shown.honest_pass == 0.0  # the example passes, so nothing is repaired
    backend = ScriptedBackend(*answers)
    paper = run_config(_config(n=1, k=1, feedback_tests="hidden"), [ABS], store=store, backend=backend,
                       sandbox=sandbox)
    assert paper.run_hash != shown.run_hash and paper.honest_pass == paper.oracle_pass == 1.0
    assert "assert absolute(4) == 4" in backend.calls[1].messages[-1].content  # a grading test's failure
    first = next(k for k in store.generation_keys(paper.run_hash) if k.round == 0)
    assert store.get_execution(first, "public").execution.tests_passed == 0


def test_a_greedy_repair_asked_twice_is_answered_once(store, sandbox) -> None:
    backend = ScriptedBackend({"add": [BAD_ADD, BAD_ADD]}, {"add": [GOOD_ADD]})  # a second repair call would fail
    summary = run_config(_config(n=2, k=1), [ADD], store=store, backend=backend, sandbox=sandbox)
    assert len(backend.calls) == 2  # the batched sampling and one repair
    first, second = (store.get_generation(k) for k in sorted(store.generation_keys(summary.run_hash),
                                                              key=lambda key: key.sample_index)
                     if k.round == 1)
    assert second.call_id == "reused:" + first.call_id and second.sample.text == first.sample.text
    assert (second.call_wall_s, second.key.sample_index, second.parent_index) == (first.call_wall_s, 1, 1)
    assert store.get_execution(second.key, "public").execution.passed  # extracted and tested like any version
    result = store.get_task_result(summary.run_hash, "toy", "toy/add")
    assert result.stage_wall_s["all_work"] >= result.stage_wall_s["repair"] + 2 * first.call_wall_s - 1e-9


def test_repairs_sampled_above_temperature_zero_are_never_reused(store, sandbox) -> None:
    backend = ScriptedBackend({"add": [BAD_ADD, BAD_ADD]}, {"add": [GOOD_ADD, GOOD_ADD]})
    summary = run_config(_config(n=2, k=1, repair_temperature=0.7), [ADD], store=store, backend=backend,
                         sandbox=sandbox)
    assert len(backend.calls) == 3
    rows = [store.get_generation(k) for k in store.generation_keys(summary.run_hash) if k.round == 1]
    assert len(rows) == 2 and not any(r.call_id.startswith("reused:") for r in rows)


def test_a_server_model_is_not_reused_across_runs(store, sandbox) -> None:
    """Weights behind a server have no sha256: another run's greedy answer may come from other weights."""
    backend = ScriptedBackend({"add": [BAD_ADD, BAD_ADD]}, {"add": [GOOD_ADD]})
    run_config(_config(n=1, temperature=0.0), [ADD], store=store, backend=backend, sandbox=sandbox)
    summary = run_config(_config(n=1, k=1, temperature=0.0), [ADD], store=store, backend=backend, sandbox=sandbox)
    assert len(backend.calls) == 3  # two samplings and the repair
    rows = list(store.iter_generations(summary.run_hash))
    assert not any(r.call_id.startswith("reused:") for r in rows)


def test_the_body_style_stores_whole_answers_and_repairs_in_the_candidates_conversation(store, sandbox) -> None:
    """Under the body style the model writes bodies: what is stored, tested and shown again is the whole answer."""
    backend = ScriptedBackend({"add": ["    return a - b\n"]}, {"add": ["    return a + b\n"]})
    summary = run_config(_config(n=1, k=1, prompt_style="body"), [ADD], store=store, backend=backend, sandbox=sandbox)
    assert summary.honest_pass == 1.0
    first, repair = backend.calls
    assert first.messages[-1].role == "assistant" and first.messages[-1].content.startswith("```python\ndef add(a, b):")
    assert "\n```" in first.params.stop and first.params.draft == 0 and repair.params.draft > 0
    stored = store.get_generation(next(k for k in store.generation_keys(summary.run_hash) if k.round == 0))
    assert stored.sample.text == first.messages[-1].content + "    return a - b\n```"
    assert repair.messages[2].content == stored.sample.text  # the candidate's own turn, as it was answered
    assert "It fails the tests" in repair.messages[3].content and "assert add(1, 2) == 3" in repair.messages[3].content
    assert '"role": "assistant"' in stored.prompt  # the prefill is part of the prompt (greedy reuse keys on it)
