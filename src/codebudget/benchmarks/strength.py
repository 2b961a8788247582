"""How strong a task's hidden tests are: run them against mutants of the reference.

Each program runs in its own forked child of one worker process (so a mutant
that changes builtins or loops forever affects nothing else): the program, then
the setup-free tests one after another; the child exits 0 when every test
passed. A child past its time limit is killed and counts as failing. This runs
the task author's own reference and its mutants, not generated code: generated
code goes through the sandbox.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

from codebudget.benchmarks.mutants import Mutant, mutants

_WORKER = r'''
import io, json, os, resource, signal, sys
job = json.load(sys.stdin)
results = []
for program in job["programs"]:
    pid = os.fork()
    if pid == 0:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
            sys.stdout = sys.stderr = io.StringIO()
            signal.alarm(max(1, int(job["timeout_s"])))
            namespace = {"__name__": "__candidate__"}
            exec(compile(job["setup"] + "\n" + program, "<program>", "exec"), namespace)
            for test in job["tests"]:
                exec(compile(test, "<test>", "exec"), namespace)
        except BaseException:
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    results.append(os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0)
json.dump(results, sys.stdout)
'''


def passes(programs: list[str], tests: tuple[str, ...], setup: str = "", timeout_s: float = 2.0) -> list[bool]:
    """For each program, whether every test passes against it."""
    if not programs:
        return []
    job = json.dumps({"programs": programs, "tests": list(tests), "setup": setup, "timeout_s": timeout_s})
    done = subprocess.run([sys.executable, "-I", "-c", _WORKER], input=job, capture_output=True, text=True,
                          timeout=len(programs) * (timeout_s + 1) + 30)
    if done.returncode != 0:
        raise RuntimeError(f"the mutant worker failed: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout)


@dataclasses.dataclass(frozen=True)
class Strength:
    """A task's mutation result."""

    mutants: int
    killed: int
    survivors: tuple[Mutant, ...]

    @property
    def score(self) -> float:
        """The share of mutants killed (1.0 when the reference has none)."""
        return self.killed / self.mutants if self.mutants else 1.0


def strength(reference: str, tests: tuple[str, ...], setup: str = "", timeout_s: float = 2.0) -> Strength:
    """Mutate ``reference`` and run ``tests`` against every mutant."""
    found = mutants(reference)
    passed = passes([m.source for m in found], tests, setup, timeout_s)
    survivors = tuple(m for m, ok in zip(found, passed) if ok)
    return Strength(len(found), len(found) - len(survivors), survivors)
