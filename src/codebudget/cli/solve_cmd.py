"""``codebudget solve``: write one function of the user's own within a time budget."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from codebudget.cli.options import (
    BackendFlags,
    PromptStyleOpt,
    SandboxOpt,
    StagesOpt,
    UnsafeOpt,
    backend_for,
    sandbox_level,
    seed_option,
    stages_of,
    with_backend_options,
)
from codebudget.cli.parsing import Sandbox
from codebudget.errors import CodebudgetError

err = Console(stderr=True, soft_wrap=True, highlight=False, emoji=False)

PASSED, FAILED, UNTESTED = 0, 1, 3


@with_backend_options
def solve(
    path: str = typer.Argument(..., metavar="FILE", help="a Python file holding the function stub (- reads stdin)"),
    function: Optional[str] = typer.Option(None, "--function", "-f", help="the stub to write, when the file has several"),
    tests: Optional[str] = typer.Option(None, "--tests", help="a tests file: pytest-style test_ functions or asserts"),
    budget: Optional[str] = typer.Option(None, "--budget", help="the most time to spend: 30s, 1.5m (default 30s); "
                                         "N and K are chosen for it"),
    n: Optional[int] = typer.Option(None, "--n", "-n", min=1, max=64, help="candidates (with --k: no choice is made)"),
    k: Optional[int] = typer.Option(None, "--k", "-k", min=0, max=10, help="repair rounds per failing candidate"),
    calibration: Optional[str] = typer.Option(None, "--calibration", help="a pool (or run) hash of yours in --db to "
                                              "choose N and K from, instead of the shipped table"),
    db: Path = typer.Option(Path("runs/codebudget.db"), "--db", help="the store holding --calibration"),
    write: bool = typer.Option(False, "--write", help="replace the stub in FILE with the answer instead of printing it"),
    probe: bool = typer.Option(False, "--probe", help="measure this machine's speed again (it is cached)"),
    backend: BackendFlags = BackendFlags(),
    seed: int = seed_option(0),
    stages: Optional[str] = StagesOpt,
    prompt_style: Optional[str] = PromptStyleOpt,
    sandbox: Sandbox = SandboxOpt,
    unsafe: bool = UnsafeOpt,
) -> int:
    """Write the body of a function stub within a budget: candidates, public tests, repairs, the best answer.

    The docstring's examples and the --tests file are the public tests. Prints the chosen code
    (or writes it into FILE with --write) and, on stderr, what was done. Exit status: 0 when the
    answer passes every available test, 1 when none did (the best so far is given), 3 when there
    were no tests to check it with, 2 on an error.
    """
    from codebudget.budget_text import parse_budget
    from codebudget.pipeline import build_config
    from codebudget.sandbox import open_sandbox
    from codebudget.solve.plan import Calibration, planned
    from codebudget.solve.run import solve as run_solve
    from codebudget.solve.stub import read_stub, written
    from codebudget.solve.tests_file import read_tests_file

    if write and path == "-":
        raise CodebudgetError("--write needs a file, not standard input")
    budget_s = parse_budget(budget) if budget else None
    stub = read_stub(path, function)
    found = read_tests_file(tests, Path(path).stem) if tests else None
    problem = stub.problem(found.tests if found else ())
    base = build_config(None, **backend.config_fields(), seed=seed, stages=stages_of(stages), prompt_style=prompt_style)
    engine = backend_for(base)
    try:
        where = Calibration(calibration, db) if calibration else None
        plan = planned(base, budget_s, n, k, engine, where, probe)
        config, choice, limit = plan.config, plan.choice, plan.budget_s
        _say_plan(stub.name, problem, found, config, choice, limit)
        with open_sandbox(sandbox_level(sandbox, unsafe), workers=config.workers) as box:
            outcome = run_solve(problem, config, engine, box, limit)
    finally:
        engine.close()
    _say_outcome(outcome, limit)
    if outcome.code is None:
        raise CodebudgetError("no candidate parsed; nothing to give (try a larger --budget)")
    if write:
        Path(path).write_text(written(stub, outcome.code), encoding="utf-8")
        err.print(f"wrote {stub.name} into {path}")
    else:
        sys.stdout.write(outcome.code if outcome.code.endswith("\n") else outcome.code + "\n")
    if not outcome.tests:
        return UNTESTED
    return PASSED if outcome.passed else FAILED


def _say_plan(name, problem, found, config, choice, limit) -> None:  # noqa: ANN001 - records of this command
    tests = len(problem.public_tests)
    skipped = f"; left out: {', '.join(found.skipped)}" if found and found.skipped else ""
    err.print(f"[bold]{name}[/]: {tests} public test{'s' if tests != 1 else ''}{skipped}")
    if choice is not None:
        option = choice.option
        fit = "fits" if choice.fits else "does not fit; the quickest, cut by the deadline"
        err.print(f"chose N={config.n} K={config.k} T={config.temperature:g} for {limit:g} s: expected pass@1 "
                  f"{option.pass_at_1:.2f} on HumanEval, 9 tasks in 10 within {option.p90_s:.1f} s ({fit}); "
                  f"from {choice.source}")
    else:
        err.print(f"running N={config.n} K={config.k} T={config.temperature:g}"
                  + (f" within {limit:g} s" if limit else ""))


def _say_outcome(outcome, limit) -> None:  # noqa: ANN001 - codebudget.solve.run.Outcome
    spent = f"{outcome.seconds:.1f} s" + (f" of {limit:g} s" if limit else "")
    tests = (f"passes {outcome.tests_passed}/{outcome.tests} tests" if outcome.tests else "no tests to check it")
    cut = "; the deadline cut the work short" if outcome.cut else ""
    err.print(f"{outcome.candidates} candidates, {outcome.repairs} repairs, {outcome.passing} versions passing every "
              f"test; the answer {tests}; {outcome.model_calls} model calls, {outcome.tokens} tokens; {spent}{cut}")


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command("solve")(solve)
