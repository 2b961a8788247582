"""The fresh family (codebudget.benchmarks.fresh): its file, its splits, and the checks it was built with."""

from __future__ import annotations

import hashlib
import json
import runpy
from collections import Counter
from pathlib import Path

import pytest

from codebudget.benchmarks import BenchmarkError, load
from codebudget.benchmarks.fresh import DATA, category, manifest
from codebudget.benchmarks.overlap import NEAR_DUPLICATE, nearest, public_texts
from codebudget.benchmarks.strength import strength
from codebudget.sandbox.base import Job

ROOT = Path(__file__).resolve().parents[2]
MBPP = ROOT.parent / "shared" / "data" / "mbpp" / "mbpp.jsonl"
BUILD = runpy.run_path(str(ROOT / "tasks" / "fresh" / "build.py"))


@pytest.fixture(scope="module")
def family():
    return load("fresh")


def test_the_family_has_150_tasks_or_more_in_every_category_and_two_halves(family) -> None:
    assert len(family) >= 150
    info = manifest()
    assert set(info["tasks"]) == {p.task_id for p in family}
    assert info["version"] == "v1" and info["date"] and family[0].benchmark_version == f"fresh v1 ({info['date']})"
    dev, heldout = load("fresh", split="dev"), load("fresh", split="heldout")
    assert {p.task_id for p in dev} | {p.task_id for p in heldout} == {p.task_id for p in family}
    assert not {p.task_id for p in dev} & {p.task_id for p in heldout}
    per_split = Counter((category(p.task_id), split) for split, half in (("dev", dev), ("heldout", heldout))
                        for p in half)
    for name in BUILD["CATEGORIES"]:
        assert per_split[(name, "dev")] >= 5 and abs(per_split[(name, "dev")] - per_split[(name, "heldout")]) <= 1
    with pytest.raises(BenchmarkError, match="no split 'test'"):
        load("fresh", split="test")


def test_the_file_is_the_build_of_its_sources_and_the_manifest_names_its_digest() -> None:
    info = manifest()
    text = (DATA / info["file"]).read_text()
    assert hashlib.sha256(text.encode()).hexdigest() == info["sha256"]
    sources = [s for path in sorted(BUILD["PARTS"].glob("part_*.py")) for s in BUILD["read_part"](path)[0]]
    built = {json.loads(line)["task_id"]: json.loads(line) for line in text.splitlines()}
    kept = [s for s in sources if s.task_id in built]
    assert len(kept) == len(built)  # every shipped task comes from a source
    for source in kept:
        assert built[source.task_id]["reference"] == source.reference
        assert tuple(built[source.task_id]["hidden_tests"]) == source.hidden_tests


def test_every_task_has_one_or_two_examples_and_five_hidden_tests_or_more(family) -> None:
    for problem in family:
        assert 1 <= len(problem.public_tests) <= 2, problem.task_id
        assert len(problem.hidden_tests) >= 5, problem.task_id
        assert problem.reference and problem.reference.startswith(problem.prompt)


@pytest.mark.slow
def test_every_reference_passes_its_examples_and_hidden_tests_in_the_sandbox(family, sandbox) -> None:
    jobs = [Job(problem.reference, tests=(*problem.public_tests, *problem.hidden_tests), setup=problem.setup)
            for problem in family]
    failed = [p.task_id for p, result in zip(family, sandbox.run_many(jobs)) if not result.passed]
    assert failed == []


@pytest.mark.slow
def test_each_hidden_suite_kills_the_mutants_the_manifest_says(family) -> None:
    tasks = manifest()["tasks"]
    scores = []
    for problem in family:
        result = strength(problem.reference, problem.hidden_tests, problem.setup)
        recorded = tasks[problem.task_id]
        assert (result.mutants, result.killed) == (recorded["mutants"], recorded["killed"]), problem.task_id
        assert result.score >= BUILD["MIN_SCORE"], problem.task_id
        scores.append(result.score)
    assert sum(scores) / len(scores) >= 0.9


def test_no_task_is_a_near_duplicate_of_a_humaneval_or_mbpp_task(family) -> None:
    public = public_texts(MBPP)
    found = nearest({p.task_id: p.prompt for p in family}, public)
    assert max(similarity for _, similarity in found.values()) < NEAR_DUPLICATE
    assert {task_id: match for task_id, match in found.items()} == {
        task_id: (info["nearest_public"], info["similarity"]) for task_id, info in manifest()["tasks"].items()
    } or not MBPP.exists()
    # the check finds a copied task: HumanEval/0's own prompt, and its prompt with the names changed
    copied = public["HumanEval/0"]
    renamed = copied.replace("has_close_elements", "any_two_near").replace("numbers", "values")
    assert nearest({"copy": copied, "renamed": renamed}, public)["copy"] == ("HumanEval/0", 1.0)
    assert nearest({"renamed": renamed}, public)["renamed"][1] >= NEAR_DUPLICATE
