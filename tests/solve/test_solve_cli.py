"""``codebudget solve`` end to end: the real CLI, a real llama.cpp model, the real sandbox."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from codebudget.backends.base import Deadline, GenerationRequest, Message, SamplingParams
from codebudget.records import FinishReason

pytestmark = pytest.mark.model

STUB = '''def add_all(values: list[int]) -> int:
    """The sum of the values.

    >>> add_all([1, 2, 3])
    6
    """
'''
TESTS = '''from calc import add_all


def test_empty():
    assert add_all([]) == 0


assert add_all([-1, 1]) == 0
'''
MYSTERY = '''def mystery(n: int) -> int:
    """The mystery number of n.

    >>> mystery(3)
    1729
    >>> mystery(4)
    87539319
    """
'''


def cli(*args: str, cache: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CODEBUDGET_SPEED_CACHE": str(cache)}
    return subprocess.run([sys.executable, "-m", "codebudget", "solve", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env=env)


def test_solve_prints_code_that_passes_the_examples_and_the_tests_file(tmp_path: Path, qwen05_path: Path):
    stub, tests = tmp_path / "calc.py", tmp_path / "test_calc.py"
    stub.write_text(STUB)
    tests.write_text(TESTS)
    done = cli(stub, "--tests", tests, "--n", "2", "--k", "1", cache=tmp_path / "speed")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.startswith("def add_all(values: list[int]) -> int:") and stub.read_text() == STUB
    assert "add_all: 3 public tests" in done.stderr and "running N=2 K=1 T=0.8" in done.stderr
    assert re.search(r"2 candidates, \d+ repairs, \d+ versions passing every test; the answer passes 3/3 tests",
                     done.stderr), done.stderr
    namespace: dict = {}
    exec(done.stdout, namespace)  # noqa: S102 - the model's answer to a sum, run here as the user would
    assert namespace["add_all"]([4, 5]) == 9

    written = cli(stub, "--tests", tests, "--n", "1", "--k", "0", "--write", cache=tmp_path / "speed")
    assert written.returncode == 0 and written.stdout == "", written.stderr
    assert f"wrote add_all into {stub}" in written.stderr
    text = stub.read_text()
    assert text.startswith(STUB) and len(text) > len(STUB)
    check = subprocess.run([sys.executable, "-c", "import calc; assert calc.add_all([2, 2]) == 4"], cwd=tmp_path)
    assert check.returncode == 0


def test_a_budget_is_a_hard_deadline(tmp_path: Path, qwen05_path: Path):
    stub = tmp_path / "mystery.py"
    stub.write_text(MYSTERY)  # examples no candidate meets: repairs go on while there is time
    done = cli(stub, "--budget", "3s", "--n", "3", "--k", "10", cache=tmp_path / "speed")
    assert "Traceback" not in done.stderr and "running N=3 K=10 T=0.8 within 3 s" in done.stderr, done.stderr
    spent = re.search(r"; ([\d.]+) s of 3 s", done.stderr)
    assert spent is not None and float(spent.group(1)) <= 3.0, done.stderr
    if done.returncode == 1:  # the best so far
        assert "def mystery(n: int) -> int:" in done.stdout
    else:  # every candidate was cut before it was whole
        assert done.returncode == 2 and "no candidate parsed" in done.stderr, done.stderr


def test_without_n_and_k_the_budget_chooses_from_the_shipped_table_scaled_to_this_machine(tmp_path, qwen05_path):
    stub = tmp_path / "calc.py"
    stub.write_text(STUB)
    cache = tmp_path / "speed"
    done = cli(stub, "--budget", "20s", cache=cache)
    assert done.returncode == 0, done.stderr
    assert "from the shipped table of qwen2.5-coder-0.5b, HumanEval pools" in done.stderr
    assert re.search(r"chose N=\d+ K=\d T=[\d.]+ for 20 s: expected pass@1 0\.\d\d", done.stderr), done.stderr
    assert re.search(r"this machine's speed \(\d+ tokens/s, there \d+\)", done.stderr), done.stderr
    assert len(list(cache.glob("*.json"))) == 1  # measured once, then read
    started = time.monotonic()
    again = cli(stub, "--budget", "2s", cache=cache)
    assert again.returncode in (0, 1) and re.search(r"chose N=\d+ K=\d T=[\d.]+ for 2 s", again.stderr), again.stderr
    assert time.monotonic() - started < 60


def test_a_users_own_pool_is_the_calibration(tmp_path: Path, smollm2_pools, smollm2_path: Path):
    db, pool, _ = smollm2_pools
    stub = tmp_path / "calc.py"
    stub.write_text(STUB)
    done = cli(stub, "--model", smollm2_path, "--calibration", pool, "--db", db, "--budget", "60s",
               cache=tmp_path / "speed")
    assert "Traceback" not in done.stderr and done.returncode in (0, 1, 3), done.stderr
    assert f"from your run {pool} in {db}" in done.stderr
    assert not (tmp_path / "speed").exists()  # a calibration measured here needs no probe


def test_the_decoder_stops_at_the_deadline(smollm2):
    messages = (Message("user", "Write a very long story about a dragon."),)
    started = time.monotonic()
    params = SamplingParams(n=2, temperature=0.8, max_tokens=2000, seed=1, deadline=Deadline(started + 0.5))
    generation = smollm2.generate(GenerationRequest(messages=messages, params=params))
    assert time.monotonic() - started < 3.0  # 2000 tokens take SmolLM2 about 15 s here
    assert [s.finish_reason for s in generation.samples] == [FinishReason.DEADLINE] * 2
    assert all(0 < s.n_tokens < 2000 for s in generation.samples)
