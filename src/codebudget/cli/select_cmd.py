"""``codebudget select``: measure selection policies on a candidate pool (honest pass@1 against the oracle)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

import typer
from rich import box
from rich.table import Table

from codebudget.analysis.outcomes import SelectionMode
from codebudget.cli.options import number_list
from codebudget.cli.run_cmd import DbOpt, SandboxOpt, UnsafeOpt, _level
from codebudget.cli.session import out
from codebudget.errors import CodebudgetError
from codebudget.selection.evaluate import SelectionResult

SELECT_NOTE = (
    "honest = chosen without hidden tests (what a user gets); oracle = any candidate passes the hidden tests "
    "(the seed paper's measure). gap = pass@1 minus the oracle's at the same N, K. extra s = sandbox time of the "
    "policy's own executions (behaviour voting), added to s/task. Intervals: 95% percentile bootstrap over tasks."
)


def select_cmd(
    pool_hash: str = typer.Argument(..., help="the pool's run hash (printed by `codebudget pool`)"),
    db: Path = DbOpt,
    n: str = typer.Option("1,2,3,5", help="candidate counts, comma-separated"),
    k: str = typer.Option("0", help="repair rounds, comma-separated"),
    policies: Optional[str] = typer.Option(None, help="policies, comma-separated (default: every honest one)"),
    inputs: str = typer.Option("public-args", help="where behaviour voting's shared inputs come from"),
    seed: int = typer.Option(0, help="seed of the bootstrap (and of subset sampling for large pools)"),
    sandbox: str = SandboxOpt,
    unsafe: bool = UnsafeOpt,
) -> None:
    """Evaluate selection policies on a pool: pass@1 per N with intervals, gap to the oracle, extra time."""
    from codebudget.replay import ReplayOptions
    from codebudget.selection import Settings, evaluate, get_source
    from codebudget.store import Store

    if not db.exists():
        raise CodebudgetError(f"no database at {db}")
    names = [p.strip() for p in policies.split(",") if p.strip()] if policies else None
    settings = Settings(ks=tuple(number_list(k)), source=get_source(inputs), isolation=_level(sandbox, unsafe),
                        options=ReplayOptions(seed=seed), seed=seed)
    with Store.open(db) as store:
        run = store.get_run(pool_hash)
        if run is None:
            raise CodebudgetError(f"no pool {pool_hash!r} in {db}")
        results = evaluate(store, pool_hash, None, number_list(n), names, settings=settings)
    tasks = results[0].tasks if results else 0
    out.print(selection_table(f"{run.model} · {tasks} tasks · pool {pool_hash} · inputs {inputs}", results))
    out.print(f"[dim]{SELECT_NOTE}[/]")


WIDTHS = {"policy": 16, "N": 2, "K": 2, "pass@1 (95% CI)": 17, "gap": 6}  # fits 80 columns


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
