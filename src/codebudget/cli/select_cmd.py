"""``codebudget select``: measure selection policies on a candidate pool (honest pass@1 against the oracle)."""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional, Sequence

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from codebudget.analysis.outcomes import SelectionMode
from codebudget.cli.options import (
    BootstrapSeedOpt,
    CacheDbOpt,
    AddressOpt,
    ExecutorOpt,
    InputsOpt,
    MixedMachinesOpt,
    NoSeedOpt,
    SandboxOpt,
    TestApiKeyOpt,
    TestBackendOpt,
    TestBaseUrlOpt,
    TestRetriesOpt,
    TestTimeoutOpt,
    UnsafeOpt,
    counts_option,
    policies_option,
    rounds_option,
    sandbox_level,
)
from codebudget.cli.parsing import Sandbox, check_prompt_style, names_of
from codebudget.cli.report_cmd import output_folder
from codebudget.cli.session import CACHE, executor_for, existing_run, out
from codebudget.errors import CodebudgetError
from codebudget.files import write_atomic
from codebudget.evidence.evaluate import SelectionResult

if TYPE_CHECKING:
    from codebudget.evidence.evaluate import InputSource, TestSupply
    from codebudget.backends.base import Backend
    from codebudget.store import RunRow

SELECT_NOTE = (
    "honest = chosen without hidden tests (what a user gets); oracle = any candidate passes the hidden tests "
    "(the seed paper's measure). gap = pass@1 minus the oracle's at the same N, K. extra s = the policy's own "
    "work: sandbox time of its executions (behaviour voting, generated tests) and the model time that wrote its "
    "tests, added to s/task. Intervals: 95% percentile bootstrap over tasks."
)
err = Console(stderr=True, soft_wrap=True, emoji=False)


def select_cmd(
    pool_hash: str = typer.Argument(..., help="the pool's run hash (printed by `codebudget pool`)"),
    db: Path = CacheDbOpt,
    n: list = counts_option("1,2,3,5", "candidate counts"),
    k: list = rounds_option("0", "repair rounds"),
    policies: Optional[str] = policies_option(None, "(default: every honest one; the generated-test ones when "
                                              "their tests are stored or --test-model is given)"),
    inputs: str = InputsOpt,
    test_model: Optional[str] = typer.Option(None, help="the model that writes tests (default: the pool's own; "
                                             "none: no generated tests)"),
    test_backend: Optional[str] = TestBackendOpt,
    test_base_url: Optional[str] = TestBaseUrlOpt,
    test_api_key: Optional[str] = TestApiKeyOpt,
    test_timeout: Optional[float] = TestTimeoutOpt,
    test_retries: Optional[int] = TestRetriesOpt,
    test_samples: int = typer.Option(2, min=1, help="answers sampled per task when generating tests"),
    test_temperature: float = typer.Option(0.8, min=0.0, help="sampling temperature of the test answers"),
    test_max_tokens: int = typer.Option(256, min=16, help="tokens per test answer"),
    max_tests: int = typer.Option(16, min=1, help="generated asserts kept per task"),
    test_prompt_style: str = typer.Option("whole-function", "--test-prompt-style", callback=check_prompt_style,
                                          help="how tests are asked for: whole-function (as every stored test was) "
                                          "or body (the answer starts as `assert f(`)"),
    bootstrap_seed: int = BootstrapSeedOpt,
    _seed: Optional[int] = NoSeedOpt,
    sandbox: Sandbox = SandboxOpt,
    unsafe: bool = UnsafeOpt,
    mixed_machines: bool = MixedMachinesOpt,
    executor: str = ExecutorOpt,
    address: Optional[str] = AddressOpt,
    json_path: Optional[Path] = typer.Option(None, "--json", help="also write the table to this file as JSON, "
                                             "with every task's outcome per policy (for paired comparisons)"),
) -> None:
    """Evaluate selection policies on a pool: pass@1 per N with intervals, gap to the oracle, extra time."""
    from codebudget.replay import ReplayOptions
    from codebudget.evidence import GeneratorSettings, get_source
    from codebudget.evidence.evaluate import Settings
    from codebudget.evidence import evaluate
    from codebudget.evidence.supply import short_name, stored_or_new_supply

    names = names_of(policies) if policies else None
    ns, ks = n, k
    if json_path is not None:  # before any work: writing tests can take an hour
        output_folder(json_path.parent, "--json")
    source = get_source(inputs)
    try:
        generator = GeneratorSettings(test_samples, test_temperature, max_tokens=test_max_tokens, limit=max_tests,
                                      prompt_style=test_prompt_style)
    except ValueError as error:
        raise CodebudgetError(str(error)) from None
    with existing_run(db, pool_hash, "pool", access=CACHE) as (store, run), \
            executor_for(executor, address, sandbox_level(sandbox, unsafe)) as where:  # keeps what it makes
        from codebudget.candidates.machines import check_one_machine

        check_one_machine(store, [pool_hash], mixed=mixed_machines)  # the table's seconds are one time axis
        asked = test_model is not None or _uses_tests(names, source)
        supply, why, missing = stored_or_new_supply(store, run, generator, test_model, test_backend, test_base_url,
                                                    asked=asked, requests=(test_api_key, test_timeout, test_retries))
        if supply is not None:  # an option the test model's backend does not take is named as typed (--test-…)
            supply = dataclasses.replace(supply, opener=functools.partial(_open_test_model, supply.opener))
        names, note = with_generated(names, source, supply, why, missing)
        if supply is not None and where is not None:  # tests are written on the cluster's workers
            supply = dataclasses.replace(supply, executor=where)
        if supply is not None and missing and _uses_tests(names, source):
            kept = "not stored: the store is read-only here" if store.read_only else "stored for later runs"
            err.print(f"[dim]writing tests for {missing} task(s) with {short_name(supply.label)} ({kept})[/]",
                      highlight=False)
        settings = Settings(ks=tuple(ks), source=source, tests=supply,
                            isolation=sandbox_level(sandbox, unsafe), options=ReplayOptions(seed=bootstrap_seed),
                            seed=bootstrap_seed)
        results = evaluate(store, pool_hash, None, ns, names, settings=settings)
    tasks = results[0].tasks if results else 0
    tests_by = supply.label if supply is not None and _uses_tests(names, source) else None
    tested = f" · tests by {short_name(tests_by)}" if tests_by is not None else ""
    out.print(selection_table(f"{run.model} · {tasks} tasks · pool {pool_hash} · inputs {inputs}{tested}",
                              results))
    out.print(f"[dim]{SELECT_NOTE}[/]")
    if note:
        out.print(f"[dim]{note}[/]")
    if json_path is not None:
        document = selection_json(run, inputs, tests_by, bootstrap_seed, results)
        try:
            write_atomic(json_path, json.dumps(document, indent=1) + "\n")
        except OSError as error:
            raise CodebudgetError(f"cannot write {json_path}: {error.strerror or error}") from None
        out.print(f"[dim]written: {json_path}[/]")


def selection_json(run: RunRow, inputs: str, tests_by: str | None, seed: int,
                   results: Sequence[SelectionResult]) -> dict:
    """The selection table as a JSON document: the pool, and per policy and (N, K) the figures and each task's
    outcome (``per_task``, in the order of ``tasks``: the same for every row, so rows pair task by task)."""
    keys = results[0].task_keys if results else ()
    return {
        "pool": run.config_hash, "model": run.model, "inputs": inputs, "tests_by": tests_by,
        "bootstrap_seed": seed, "tasks": list(keys), "note": SELECT_NOTE,
        "rows": [{"policy": r.policy, "mode": r.mode.value, "n": r.n, "k": r.k, "pass@1": r.pass_at_1,
                  "interval": [r.low, r.high], "oracle": r.oracle, "gap": r.gap,
                  "gap_interval": [r.gap_low, r.gap_high],
                  "wall_s": r.wall_s, "extra_s": r.extra_s, "s_per_task": r.total_s, "per_task": list(r.per_task)}
                 for r in results]}


def _open_test_model(opener: Callable[[], Backend]) -> Backend:
    """The test model's backend; an option it does not take is named as typed (``--test-…``)."""
    try:
        return opener()
    except CodebudgetError as error:
        raise CodebudgetError(re.sub(r"(?<![\w-])--(base-url|api-key|timeout|retries)\b", r"--test-\1",
                                     str(error))) from None


def _uses_tests(names: Sequence[str] | None, source: InputSource) -> bool:
    from codebudget.candidates import Evidence
    from codebudget.evidence.inputs import needs_tests
    from codebudget.selection import needing

    return needs_tests(source) or any(name in needing(Evidence.GENERATED_TESTS) for name in names or ())


def with_generated(names: list[str] | None, source: InputSource, supply: TestSupply | None,
                   why: str, missing: int = 0) -> tuple[list[str] | None, str]:
    """The policies to evaluate and a note: by default the honest ones, plus the generated-test ones when possible.

    Asking for generated tests (a policy or ``--inputs``) without a usable test model is a one-line error.
    """
    from codebudget.candidates import Evidence
    from codebudget.selection import honest_names, needing

    GENERATED_POLICIES = needing(Evidence.GENERATED_TESTS)
    if supply is None and _uses_tests(names, source):
        wanted = [n for n in names or () if n in GENERATED_POLICIES] or [f"--inputs {source.name}"]
        raise CodebudgetError(f"{', '.join(wanted)} need(s) model-generated tests, but no test model can be used: "
                              f"{why} (give --test-model)")
    if names is not None:
        return names, ""
    if supply is None and not why:
        return None, (f"left out: {', '.join(GENERATED_POLICIES)} (no tests written yet for {missing} task(s): "
                      "name one in --policies, or give --test-model, to write them)")
    if supply is None:
        return None, f"left out: {', '.join(GENERATED_POLICIES)} (no test model: {why})"
    return [*honest_names(), *GENERATED_POLICIES], ""


WIDTHS = {"policy": 17, "N": 2, "K": 2, "pass@1 (95% CI)": 17, "gap": 6}  # fits 80 columns


def selection_table(title: str, results: Sequence[SelectionResult]) -> Table:
    """Policy × (N, K): pass@1 (interval), gap to the oracle, time per task; each row labelled honest or oracle.

    The K column appears only when the results hold more than one K (else K is in the title).
    """
    ks = sorted({r.k for r in results})
    table = Table(title=title if len(ks) > 1 else f"{title} · K={ks[0] if ks else 0}", box=box.SIMPLE_HEAD)
    columns = ("policy", "selection", "N", *(("K",) if len(ks) > 1 else ()), "pass@1 (95% CI)", "gap", "extra s",
               "s/task")
    for column in columns:
        table.add_column(column, justify="left" if column in ("policy", "selection") else "right", no_wrap=True,
                         min_width=WIDTHS.get(column, len(column)))
    order = {policy: i for i, policy in enumerate(dict.fromkeys(r.policy for r in results))}
    for r in sorted(results, key=lambda r: (r.mode is SelectionMode.ORACLE, order[r.policy], r.k, r.n)):
        oracle = r.mode is SelectionMode.ORACLE
        table.add_row(r.policy, r.mode.value, str(r.n), *((str(r.k),) if len(ks) > 1 else ()),
                      f"{r.pass_at_1:.3f} ({r.low:.2f}–{r.high:.2f})", "—" if oracle else f"{r.gap:+.3f}",
                      f"{r.extra_s:.2f}", f"{r.total_s:.1f}")
    return table


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command("select")(select_cmd)
