"""The memory stage: worked examples from an earlier run's solved tasks, with the k-fold guard against leakage."""

from __future__ import annotations

import json

import pytest

from codebudget.benchmarks import load
from codebudget.errors import CodebudgetError
from codebudget.pipeline import PipelineConfig, run_config
from codebudget.pipeline.stages.gates import get_stage
from codebudget.pipeline.stages.memory import Entry, Memory, fold_of, render
from codebudget.records import Problem
from codebudget.store import Store

pytest.importorskip("bm25s")

EASY = [
    ("add", "a, b", "Return the sum of a and b.", "add(2, 3) == 5", ["add(-1, 1) == 0", "add(10, 5) == 15"]),
    ("subtract", "a, b", "Return a minus b.", "subtract(5, 3) == 2", ["subtract(0, 4) == -4", "subtract(9, 9) == 0"]),
    ("multiply", "a, b", "Return the product of a and b.", "multiply(2, 3) == 6", ["multiply(0, 7) == 0",
                                                                                   "multiply(-2, 4) == -8"]),
    ("double", "x", "Return x times two.", "double(4) == 8", ["double(0) == 0", "double(-3) == -6"]),
    ("square", "x", "Return x squared.", "square(3) == 9", ["square(0) == 0", "square(-4) == 16"]),
    ("negate", "x", "Return the negative of x.", "negate(3) == -3", ["negate(0) == 0", "negate(-2) == 2"]),
    ("increment", "x", "Return x plus one.", "increment(1) == 2", ["increment(-1) == 0", "increment(9) == 10"]),
    ("halve", "x", "Return x divided by two.", "halve(8) == 4", ["halve(3) == 1.5", "halve(0) == 0"]),
]


def easy_tasks(path) -> list[Problem]:  # noqa: ANN001
    lines = []
    for name, args, doc, public, hidden in EASY:
        prompt = f'def {name}({args}):\n    """{doc}\n\n    >>> {public.replace(" == ", chr(10) + "    ")}\n    """\n'
        lines.append(json.dumps({"task_id": f"easy/{name}", "prompt": prompt, "entry_point": name,
                                 "public_tests": [f"assert {public}"], "hidden_tests": [f"assert {t}" for t in hidden]}))
    path.write_text("\n".join(lines) + "\n")
    return load(str(path))


def test_folds_and_the_guard_on_remembered_tasks():
    problems = [Problem(f"t/{i}", f"def f{i}(x):\n    'Return the sum of the list x.'\n", f"f{i}") for i in range(12)]
    memory = Memory([Entry("b", p.task_id, p.prompt, f"def f():\n    return {i}\n") for i, p in enumerate(problems)])
    assert {fold_of(p.task_id, 3) for p in problems} == {0, 1, 2}
    for problem in problems:
        found = memory.similar(problem, top=20, folds=3)
        assert problem.task_id not in {e.task_id for e in found}
        assert all(fold_of(e.task_id, 3) != fold_of(problem.task_id, 3) for e in found)
        assert len(found) == sum(fold_of(p.task_id, 3) != fold_of(problem.task_id, 3) for p in problems)
    same_id_elsewhere = Memory([Entry("humaneval", "t/0", problems[0].prompt, "code")])
    assert same_id_elsewhere.similar(problems[0], 5, 2) == []  # a variant of the task in another benchmark
    text = render([Entry("b", "t/1", "p", "def f():\n    return 1", "An earlier attempt failed `assert f() == 1`.")], 500)
    assert text.startswith("Solved tasks like this one") and "earlier attempt failed" in text


def test_options_are_checked():
    assert get_stage("memory:source=abc:folds=3").folds == 3
    with pytest.raises(ValueError, match="folds ≥ 2"):
        PipelineConfig(stages=("memory:source=abc:folds=1",))


@pytest.fixture(scope="module")
def qwen(qwen05_path):  # noqa: ANN001, ANN201 - SmolLM2 solves none of these; Qwen 0.5B solves them
    from codebudget.backends.llamacpp import LlamaCppBackend

    backend = LlamaCppBackend(str(qwen05_path))
    yield backend
    backend.close()


@pytest.mark.model
@pytest.mark.slow
def test_a_run_remembers_what_another_solved_and_never_its_own_fold(tmp_path, sandbox, qwen):
    problems = easy_tasks(tmp_path / "easy.jsonl")
    common = dict(model="qwen2.5-coder-0.5b", max_tokens=48)
    with Store.open(tmp_path / "runs.db") as store:
        source = run_config(PipelineConfig(**common), problems, store=store, backend=qwen, sandbox=sandbox)
        solved = [r.task_id for r in store.iter_task_results(source.run_hash) if r.selection("public-tests").public_passed]
        assert len(solved) >= 5, solved  # trivial tasks
        config = PipelineConfig(**common, stages=(f"memory:source={source.run_hash}:folds=2:top=3",))
        summary = run_config(config, problems, store=store, backend=qwen, sandbox=sandbox)
        seen = 0
        for found in store.iter_preparations(summary.run_hash):
            prepared = found.preparation
            own_fold = fold_of(found.task_id, 2)
            assert prepared.detail["remembered"] == len(solved) and prepared.detail["fold"] == own_fold
            for shown in prepared.sources:
                task_id = shown.split(":", 1)[1]
                assert task_id != found.task_id and fold_of(task_id, 2) != own_fold and task_id in solved
            (first,) = store.iter_generations(summary.run_hash, found.benchmark, found.task_id)
            name = found.task_id.split("/")[1]
            user = json.loads(first.prompt)[1]["content"]
            assert user.count(f"def {name}(") == 1  # its own code never reaches its prompt: only its own stub
            seen += bool(prepared.sources)
        assert seen >= 1
        unknown = PipelineConfig(**common, stages=("memory:source=deadbeefdeadbeef",))
        with pytest.raises(CodebudgetError, match="memory source 'deadbeefdeadbeef' is not a run"):
            run_config(unknown, problems[:1], store=store, backend=qwen, sandbox=sandbox)


def test_a_run_cannot_remember_itself_and_needs_a_source(tmp_path):
    from codebudget.pipeline.stages.prompting import StageEnv

    with Store.open(tmp_path / "s.db") as store:
        env = StageEnv(backend=None, store=store, config=PipelineConfig(), run_hash="abc", task_seed=0)  # type: ignore[arg-type]
        with pytest.raises(CodebudgetError, match="must be another run"):
            get_stage("memory:source=abc").memory(env)
        with pytest.raises(CodebudgetError, match="needs source=RUN"):
            get_stage("memory").memory(env)
