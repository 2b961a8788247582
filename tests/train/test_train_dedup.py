"""The guard between training and evaluation: pairs made of real HumanEval, MBPP and fresh tasks are dropped."""

from __future__ import annotations

import ast
import time
from pathlib import Path

import pytest

from codebudget.benchmarks.overlap import similarity, words
from codebudget.errors import CodebudgetError
from codebudget.train.dedup import EvalIndex, deduplicate, eval_index, eval_problems, function_key
from codebudget.train.mine_python import mine, stdlib_root
from codebudget.train.pairs import Pair

SHARED_MBPP = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mbpp"
pytestmark = pytest.mark.skipif(not SHARED_MBPP.is_dir(), reason="the shared MBPP copy is not beside this checkout")


@pytest.fixture(scope="module")
def problems():
    return eval_problems(SHARED_MBPP)


@pytest.fixture(scope="module")
def index():
    return eval_index(SHARED_MBPP)


def documented(reference: str, name: str, doc: str) -> tuple[str, str]:
    """A task's reference function as a miner would cut it: its signature with ``doc`` as docstring, its body."""
    function = next(n for n in ast.parse(reference).body if isinstance(n, ast.FunctionDef) and n.name == name)
    lines = reference.replace("\r\n", "\n").split("\n")
    signature = "\n".join(lines[function.lineno - 1 : function.body[0].lineno - 1]) + "\n"
    body = ast.get_docstring(function) is not None and function.body[1:] or function.body
    completion = "\n".join(lines[body[0].lineno - 1 : function.end_lineno]) + "\n"
    indent = completion[: len(completion) - len(completion.lstrip(" \t"))]
    return f'{signature}{indent}"""{doc}"""\n', completion


def leaks(problems) -> list[Pair]:
    """Training pairs that copy evaluation tasks, in the shapes a miner or a dataset would give them."""
    found = []
    for problem in problems["humaneval"][::20]:  # HumanEval as it is: its prompt, then its canonical body
        found.append(Pair(f"leak:{problem.task_id}", "python", problem.prompt,
                          problem.reference[len(problem.prompt):], "leak", problem.entry_point))
    for problem in problems["mbpp"][::60]:
        text = problem.prompt.split("here is your task: ", 1)[1].split(" Your code should pass", 1)[0]
        found.append(Pair(f"leak:mbpp/{problem.task_id}", "python", text, problem.reference, "leak", prose=True))
        prompt, completion = documented(problem.reference, problem.entry_point, text)
        found.append(Pair(f"leak:mbpp-doc/{problem.task_id}", "python", prompt, completion, "leak"))
    for problem in problems["fresh"][::40]:
        found.append(Pair(f"leak:{problem.task_id}", "python", problem.prompt,
                          problem.reference[len(problem.prompt):], "leak", problem.entry_point))
    return found


def test_pairs_copied_from_the_evaluation_tasks_are_all_dropped_and_mined_pairs_kept(problems, index) -> None:
    assert {"humaneval", "mbpp", "fresh"} <= set(problems) and len(problems["mbpp"]) == 500
    copied = leaks(problems)
    assert len(copied) >= 30
    mined = list(mine(stdlib_root() / "json")) + list(mine(stdlib_root() / "email"))[:150]
    mixed = [pair for group in zip(copied, mined) for pair in group] + mined[len(copied):]
    kept, dropped = deduplicate(mixed, index)
    assert {d.pair.pair_id for d in dropped} == {pair.pair_id for pair in copied}
    assert list(kept) == mined
    by_id = {d.pair.pair_id: d for d in dropped}
    assert by_id["leak:HumanEval/0"].task_id == "humaneval/HumanEval/0"
    assert by_id["leak:mbpp/11"].task_id in ("mbpp/11", "mbpp-sanitized/11")
    fresh = problems["fresh"][0]
    assert by_id[f"leak:{fresh.task_id}"].task_id == fresh.task_id
    # each of the two checks alone catches every copy: the words of the text, and the function's name and body
    for pair in copied:
        near = index.nearest(words(pair.prompt + "\n" + pair.completion))
        assert near is not None and near[0].rsplit("/", 1)[1] == pair.pair_id.rsplit("/", 1)[1], pair.pair_id
        assert deduplicate([Pair("x", "javascript", pair.prompt, pair.completion, "x")], index)[0] == ()
        code = pair.completion if pair.prose else pair.prompt + pair.completion
        only_code = Pair("y", "python", "", code.replace("\r\n", "\n"), "y")
        assert "same function" in deduplicate([only_code], EvalIndex(index.tasks, threshold=1.1))[1][0].reason


def test_the_same_function_under_a_new_docstring_is_dropped_by_its_body(problems, index) -> None:
    problem = problems["humaneval"][2]  # truncate_number
    prompt, completion = documented(problem.reference, problem.entry_point, " ".join(
        "Rewritten documentation about ledgers, invoices, shipments, warehouses, pallets and couriers".split() * 3))
    completion = completion.replace("    return", "    # a comment\n    return")
    pair = Pair("leak:reworded", "python", prompt, completion, "leak")
    assert similarity(words(prompt + completion), next(t.words for t in index.tasks
                                                       if t.task_id == "humaneval/HumanEval/2")) < 0.5
    kept, dropped = deduplicate([pair], index)
    assert kept == () and dropped[0].task_id == "humaneval/HumanEval/2"
    assert dropped[0].reason == "same function as the task (truncate_number)"
    same = function_key("def truncate_number(x: float) -> float:\n    return x % 1.0\n")
    assert function_key("def Truncate_Number(x):\n    'Doc.'\n    return (x % 1.0)  # note\n") == same
    assert function_key("def truncate_number(x):\n    return x % 2.0\n") != same


def test_the_real_standard_library_is_not_dropped_in_bulk(index) -> None:
    pairs = mine()
    started = time.perf_counter()
    kept, dropped = deduplicate(pairs, index)
    elapsed = time.perf_counter() - started
    assert len(pairs) >= 3000 and len(dropped) < 0.05 * len(pairs)
    assert elapsed < 60, f"deduplicating {len(pairs)} pairs took {elapsed:.1f} s"


def test_the_index_finds_what_comparing_with_every_task_finds(problems, index) -> None:
    # at a low threshold the candidates that prefix filtering must not miss are many: compare with brute force
    loose = EvalIndex(index.tasks, threshold=0.15)
    sample = mine(stdlib_root() / "collections") + mine(stdlib_root() / "json") + tuple(leaks(problems))
    found_any = 0
    for pair in sample:
        mine_words = words(pair.prompt + "\n" + pair.completion)
        scores = [(similarity(mine_words, task.words), task.task_id) for task in index.tasks]
        best = max(score for score, _ in scores)
        nearest = loose.nearest(mine_words)
        if best >= 0.15:
            found_any += 1
            assert nearest is not None and nearest[1] == pytest.approx(best)
        else:
            assert nearest is None
    assert found_any >= 20


def test_without_mbpp_the_check_refuses_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(CodebudgetError, match=r"cannot check training data .*no mbpp\.jsonl here .*CODEBUDGET_MBPP"):
        eval_problems(tmp_path)
