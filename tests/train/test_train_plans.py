"""CodePLAN's data: a real teacher (the tiny model in llama.cpp) writes backward and sampled plans into a resumable
file, the real sandbox filters the sampled ones; the file is training data with and without plans; a pair with a
plan is put to the model exactly as the plan stage's sampled mode asks at inference; the loss weighs the two
objectives."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codebudget.errors import CodebudgetError
from codebudget.pipeline.stages.plan import body_indent, plan_comments, sampled_lead, split_comment_plan
from codebudget.prompts import get_style
from codebudget.train.benchmark_pairs import benchmark_pairs
from codebudget.train.examples import as_problem, prompt_of, target_of, target_parts
from codebudget.train.pairs import Pair, data_sha256
from codebudget.train.recipe import Recipe

SHARED_MBPP = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mbpp"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ENV = {**os.environ, "CODEBUDGET_MBPP": str(SHARED_MBPP if SHARED_MBPP.is_dir() else FIXTURES)}  # for the dedup
PLAN = "1. Split the text on commas.\n2. Strip each piece.\n3. Return the pieces."
STUB = Pair("t:1", "python", 'def pieces(text):\n    """Split on commas."""\n', "    return [p.strip() for p in text.split(',')]\n",
            "t", "pieces")
PROSE = Pair("t:2", "python", "Write a function to split a line on commas.\nassert pieces('a, b') == ['a', 'b']",
             "def pieces(text):\n    return [p.strip() for p in text.split(',')]\n", "t", "pieces", prose=True)

steps = st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30)
                 .map(str.strip).filter(bool), min_size=1, max_size=6)


@given(steps, st.sampled_from(["", "    ", "        "]))
def test_a_plan_written_as_comments_reads_back_the_same(found, indent):
    plan = "\n".join(f"{i}. {step}" for i, step in enumerate(found, 1))
    code = f"def f(x):\n{plan_comments(plan, indent or '    ')}    return x\n"
    read, rest = split_comment_plan(code)
    assert read == plan
    assert rest == "def f(x):\n    return x\n"


def test_code_without_a_plan_block_is_left_alone():
    assert split_comment_plan("def f():\n    # 1. not a plan\n    return 1\n") == ("", "def f():\n    # 1. not a plan\n    return 1\n")


@pytest.mark.parametrize("pair", [STUB, PROSE], ids=["stub", "prose"])
def test_a_plan_pair_is_asked_as_the_sampled_plan_stage_asks(pair):
    planned = dataclasses.replace(pair, plan=PLAN)
    asked = prompt_of(planned, "body")
    at_inference = sampled_lead(get_style("body").solve(as_problem(pair)))
    assert asked == at_inference
    plan, code = target_parts(planned, "body")
    base = get_style("body").solve(as_problem(pair)).prefill
    whole = asked.prefill + plan + code
    assert whole == base + plan_comments(PLAN, body_indent(base)) + target_of(pair, "body")
    assert plan.startswith(" Split the text") and plan.endswith("# 3. Return the pieces.\n")
    assert target_of(planned, "body") == plan + code


def test_a_plan_pair_needs_a_style_that_starts_the_answer():
    with pytest.raises(CodebudgetError, match="prompt style that starts the answer"):
        prompt_of(dataclasses.replace(STUB, plan=PLAN), "whole-function")


def test_pairs_without_plans_keep_their_dataset_sha256_and_recipes_their_keys():
    assert "plan" not in STUB.to_json()
    assert data_sha256([STUB]) == data_sha256([Pair(**STUB.to_json())])
    assert "plan" in dataclasses.replace(STUB, plan=PLAN).to_json()
    assert "plan_weight" not in Recipe().hyperparameters()
    assert Recipe().key("a", "b") != Recipe(plan_weight=0.8).key("a", "b")
    with pytest.raises(ValueError, match="plan weight"):
        Recipe(plan_weight=1.5)


def test_the_loss_weighs_plan_and_code_tokens():
    """λ = 0.5 is the plain sum; λ = 1 counts the plan tokens twice and the code tokens not at all."""
    torch = pytest.importorskip("torch")
    from codebudget.train.examples import Example
    from codebudget.train.lora import _loss

    generator = torch.Generator().manual_seed(0)
    table = torch.randn(50, 50, generator=generator)

    class Tuned:
        def __call__(self, input_ids, attention_mask):
            return type("Out", (), {"logits": table[input_ids]})()

    example = Example("x", (1, 2, 3), (4, 5, 6, 7, 8), False, plan_tokens=2)
    plain = Example("x", (1, 2, 3), (4, 5, 6, 7, 8), False)
    autocast = torch.autocast("cpu", enabled=False)
    terms = torch.nn.functional.cross_entropy(table[[3, 4, 5, 6, 7]], torch.tensor([4, 5, 6, 7, 8]), reduction="none")
    half = _loss(torch, Tuned(), [example], "cpu", autocast, 0.5)
    assert half.item() == pytest.approx(_loss(torch, Tuned(), [plain], "cpu", autocast, 0.5).item())
    assert half.item() == pytest.approx(terms.sum().item(), rel=1e-5)
    assert _loss(torch, Tuned(), [example], "cpu", autocast, 1.0).item() == pytest.approx(2 * terms[:2].sum().item(), rel=1e-5)
    assert _loss(torch, Tuned(), [example], "cpu", autocast, 0.0).item() == pytest.approx(2 * terms[2:].sum().item(), rel=1e-5)


def test_the_plan_tokens_of_an_example_are_its_plan(smollm2_path):
    """Tokenised with the model's own tokenizer (from the GGUF file), the first ``plan_tokens`` of the target spell
    the plan's comments and the rest the code."""
    pytest.importorskip("transformers", reason="the [train] extra is not installed")
    from transformers import AutoTokenizer

    from codebudget.backends.chat_template import from_gguf
    from codebudget.train.examples import encode

    tokenizer = AutoTokenizer.from_pretrained(str(smollm2_path.parent), gguf_file=smollm2_path.name)
    planned = dataclasses.replace(STUB, plan=PLAN)
    example, = encode([planned], from_gguf(smollm2_path), tokenizer, "body", 512)
    plan, code = target_parts(planned, "body")
    assert 0 < example.plan_tokens < len(example.target_ids)
    assert tokenizer.decode(list(example.target_ids[:example.plan_tokens])).strip() == plan.strip()
    assert tokenizer.decode(list(example.target_ids[example.plan_tokens:])).strip() == code.strip()
    bare, = encode([STUB], from_gguf(smollm2_path), tokenizer, "body", 512)
    assert bare.plan_tokens == 0


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """Backward and sampled plans by the tiny model for two fresh:dev tasks, written through the command line."""
    out = tmp_path_factory.mktemp("plans") / "plans.jsonl"
    args = [sys.executable, "-m", "codebudget", "plans", "write", "--model", "smollm2-135m", "--data",
            "fresh:dev:limit=2", "--method", "backward,sampled", "--samples", "2", "--out", str(out)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=900, env=ENV)
    return args, out, done


def test_the_teacher_writes_backward_and_sampled_plans_with_provenance(written):
    from codebudget.train.plans import read_plans

    _, out, done = written
    assert done.returncode == 0, done.stderr
    rows = read_plans(out)
    assert sorted((r.method, r.sample) for r in rows) == [("backward", 0)] * 2 + [("sampled", 0)] * 2 + [("sampled", 1)] * 2
    items = {p.pair_id: p for p in benchmark_pairs("fresh:dev")}
    for row in rows:
        assert row.item_id in items and row.pair.prompt == items[row.item_id].prompt
        assert row.teacher["sha256"] == "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
        assert row.teacher["key"] and row.tokens > 0 and row.seconds > 0
        if row.method == "backward":
            assert row.passed is None and row.pair.completion == items[row.item_id].completion
        else:
            assert row.passed in (True, False)
            assert "# Plan:" not in row.pair.completion  # the plan is held apart from the code
        assert row.kept == (bool(row.pair.plan) and row.passed is not False)
    assert "backward" in done.stdout and "sampled" in done.stdout  # the yield table


def test_a_sampled_plan_is_kept_only_when_its_code_passes_in_the_sandbox(written, sandbox):
    from codebudget.benchmarks import load
    from codebudget.sandbox.base import Job
    from codebudget.train.plans import read_plans

    _, out, _ = written
    problems = {f"{p.benchmark}:{p.task_id}": p for p in load("fresh:dev")}
    for row in read_plans(out):
        if row.method != "sampled":
            continue
        problem = problems[row.item_id]
        code = row.pair.completion if row.pair.prose else row.pair.prompt + row.pair.completion
        verdict = sandbox.run(Job(code=code, tests=(*problem.public_tests, *problem.hidden_tests), setup=problem.setup))
        assert verdict.passed == row.passed


def test_writing_again_asks_nothing_and_a_cut_line_is_written_again(written):
    args, out, _ = written
    again = subprocess.run(args, capture_output=True, text=True, timeout=900, env=ENV)
    assert again.returncode == 0 and "0 new plans" in again.stderr
    lines = out.read_text().splitlines()
    out.write_text("\n".join(lines[:-1]) + "\n" + lines[-1][:40])  # a kill in the middle of the last row
    third = subprocess.run(args, capture_output=True, text=True, timeout=900, env=ENV)
    assert third.returncode == 0 and "1 new plans" in third.stderr
    assert len([line for line in out.read_text().splitlines() if line.strip().endswith("}")]) == len(lines)


def test_the_plans_file_is_training_data_with_and_without_plans(written, monkeypatch):
    from codebudget.train.datasets import load_pairs
    from codebudget.train.plans import read_plans

    _, out, _ = written
    monkeypatch.setenv("CODEBUDGET_MBPP", ENV["CODEBUDGET_MBPP"])
    kept = [row for row in read_plans(out) if row.kept]
    with_plans = load_pairs(f"codeplan:{out}")
    without = load_pairs(f"codeplan-code:{out}")
    assert [p.pair_id for p in with_plans] == [p.pair_id for p in without] == [r.item_id for r in kept]
    assert all(p.plan for p in with_plans) and not any(p.plan for p in without)
    assert [p.completion for p in with_plans] == [p.completion for p in without]
    from codebudget.train.plans import items_of

    assert [(i.pair.pair_id, i.problem) for i in items_of(f"codeplan:{out}")] == [(p.pair_id, None) for p in with_plans]


def test_show_and_bad_files_are_one_line_errors(written, tmp_path):
    _, out, _ = written
    shown = subprocess.run([sys.executable, "-m", "codebudget", "plans", "show", str(out)], capture_output=True, text=True,
                           env=ENV)
    assert shown.returncode == 0 and "yield" in shown.stdout and "smollm2" in shown.stdout.lower()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"item_id": 1}\n' + out.read_text())
    for args in (["plans", "show", str(bad)], ["plans", "show", str(tmp_path / "none.jsonl")],
                 ["train", "--data", f"codeplan:{bad}", "--model", "smollm2-135m"],
                 ["plans", "write", "--data", "stdlib:limit=1", "--method", "sampled", "--model", "smollm2-135m",
                  "--out", str(tmp_path / "p.jsonl")],
                 ["plans", "write", "--data", "stdlib:limit=1", "--shard", "3/2", "--model", "smollm2-135m",
                  "--out", str(tmp_path / "p.jsonl")]):
        done = subprocess.run([sys.executable, "-m", "codebudget", *args], capture_output=True, text=True, timeout=600,
                              env=ENV)
        assert done.returncode == 2, (args, done.stderr)
        assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.mark.skipif(not (SHARED_MBPP / "mbpp.jsonl").exists(), reason="the shared MBPP copy is not here")
def test_mbpp_train_items_carry_their_tasks_tests():
    from codebudget.train.plans import items_of

    items = items_of("mbpp:train:limit=3", mbpp=SHARED_MBPP)
    assert len(items) == 3
    for item in items:
        assert item.problem is not None and item.pair.pair_id == f"{item.problem.benchmark}:{item.problem.task_id}"
        assert item.problem.public_tests and item.problem.hidden_tests and item.pair.prose
    assert json.dumps(items[0].pair.to_json())


def test_a_teacher_behind_an_openai_compatible_server_writes_plans(smollm2_path, tmp_path):
    """The teacher may be any backend: here a real llama.cpp server on loopback, asked through the openai backend;
    its rows name that backend and server."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backends"))
    from server_support import ALIAS, llama_server

    from codebudget.train.plans import read_plans

    out = tmp_path / "served.jsonl"
    server = llama_server(smollm2_path)
    url = next(server)
    try:
        done = subprocess.run([sys.executable, "-m", "codebudget", "plans", "write", "--backend", "openai", "--base-url",
                               url, "--model", ALIAS, "--data", "fresh:dev:limit=2", "--method", "backward,sampled",
                               "--samples", "2", "--out", str(out)], capture_output=True, text=True, timeout=900, env=ENV)
    finally:
        server.close()
    assert done.returncode == 0, done.stderr
    rows = read_plans(out)
    assert len(rows) == 6
    assert {row.teacher["backend"] for row in rows} == {"openai"} and rows[0].teacher["base_url"] == url
    assert all(row.tokens > 0 for row in rows)


def test_a_spec_with_colons_is_printed_as_given_not_as_emoji(tmp_path):
    """rich turns ``:train:`` into an emoji unless told not to: a data spec must read back as typed."""
    done = subprocess.run([sys.executable, "-m", "codebudget", "plans", "write", "--data", "mbpp:train:limit=0",
                           "--out", str(tmp_path / "p.jsonl")], capture_output=True, text=True, env=ENV)
    assert done.returncode == 2 and "'mbpp:train:limit=0'" in done.stderr and "\U0001f68b" not in done.stderr


def test_backward_plans_are_greedy_whatever_the_sampled_temperature(tmp_path):
    """A backward plan is written once: a later run that adds sampled plans at T=0.8 finds it, not a new one."""
    from codebudget.backends.base import Capabilities
    from codebudget.records import FinishReason, Generation, Sample
    from codebudget.train.plans import Item, PlansFile, Teacher, read_plans, write_plans

    class Scripted:
        name = model = "scripted"
        capabilities = Capabilities()

        def __init__(self) -> None:
            self.temperatures: list[float] = []

        def generate(self, request):  # noqa: ANN001, ANN201
            self.temperatures.append(request.params.temperature)
            return Generation((Sample(PLAN, 20, -0.5, FinishReason.STOP, 0),), 30, 0.01, self.model, self.name)

    backend, path = Scripted(), tmp_path / "plans.jsonl"
    greedy, warm = (Teacher("llamacpp", "m", "ab" * 32, None, t) for t in (0.0, 0.8))
    for teacher in (greedy, warm):
        plans = PlansFile(path)
        written = write_plans(backend, teacher, [Item(STUB)], ["backward"], 0, plans)
        plans.close()
        assert written == (1 if teacher is greedy else 0)
        assert PlansFile(path).missing(teacher, Item(STUB), ["backward", "sampled"], 2) == ("sampled",)
    (row,) = read_plans(path)
    assert backend.temperatures == [0.0] and row.teacher["temperature"] == 0.0 and row.pair.plan == PLAN


def test_shards_split_the_items_into_disjoint_parts_that_cover_them():
    from codebudget.errors import CodebudgetError
    from codebudget.train.plans import shard_of

    items = list(range(7))
    parts = [shard_of(items, f"{k}/3") for k in (1, 2, 3)]
    assert parts == [[0, 3, 6], [1, 4], [2, 5]]
    assert shard_of(items, "1/1") == items
    for bad in ("0/3", "4/3", "1", "a/b", "1/0", "-1/2"):
        with pytest.raises(CodebudgetError, match="--shard"):
            shard_of(items, bad)


def test_two_shards_written_side_by_side_plan_every_item_once(tmp_path):
    """What a machine with more cores (or several machines) does: one process a shard, one file each, cat after."""
    from codebudget.train.plans import read_plans

    files = [tmp_path / f"shard{k}.jsonl" for k in (1, 2)]
    runs = [subprocess.Popen([sys.executable, "-m", "codebudget", "plans", "write", "--model", "smollm2-135m", "--data",
                              "fresh:dev:limit=2", "--method", "backward", "--shard", f"{k}/2", "--out", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
            for k, out in zip((1, 2), files)]
    for run in runs:
        _, stderr = run.communicate(timeout=600)
        assert run.returncode == 0, stderr
    per_file = [[row.item_id for row in read_plans(out)] for out in files]
    assert [len(ids) for ids in per_file] == [1, 1] and per_file[0] != per_file[1]
    merged = tmp_path / "plans.jsonl"
    merged.write_text("".join(out.read_text() for out in files))
    again = subprocess.run([sys.executable, "-m", "codebudget", "plans", "write", "--model", "smollm2-135m", "--data",
                            "fresh:dev:limit=2", "--method", "backward", "--out", str(merged)],
                           capture_output=True, text=True, timeout=600, env=ENV)
    assert again.returncode == 0 and "0 new plans" in again.stderr, again.stderr
