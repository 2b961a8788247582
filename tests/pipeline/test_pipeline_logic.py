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
    return PipelineConfig(backend="scripted", model="scripted", benchmark="toy", **fields)


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
