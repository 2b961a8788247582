"""``codebudget compare``: a small model × k against a larger model × k' at equal cost."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from codebudget.cli.options import (
    BootstrapSeedOpt,
    CompareCostOpt,
    ExistingDbOpt,
    MixedMachinesOpt,
    NoSeedOpt,
    counts_option,
    policies_option,
)
from codebudget.cli.parsing import names_of
from codebudget.cli.report_cmd import output_folder
from codebudget.cli.session import existing_store, out
from codebudget.errors import CodebudgetError

DEFAULT_POLICIES = "public-tests,oracle,logprob,first"


def compare(
    small: str = typer.Argument(..., help="run hash of the small model's pool"),
    large: str = typer.Argument(..., help="run hash of the large model's pool"),
    db: Path = ExistingDbOpt,
    large_db: Optional[Path] = typer.Option(None, help="the large model's store, if not --db; it must exist"),
    policies: str = policies_option(DEFAULT_POLICIES),
    cost: list = CompareCostOpt,
    n: Optional[list] = counts_option(None, "sample counts to compare (default 1..M of each pool)"),
    small_params: Optional[float] = typer.Option(None, help="small model size in billions (zoo models know theirs)"),
    large_params: Optional[float] = typer.Option(None, help="large model size in billions"),
    out_dir: Optional[Path] = typer.Option(None, "--out", help="write reallocation.md and one PNG per cost here"),
    bootstrap_seed: int = BootstrapSeedOpt,
    _seed: Optional[int] = NoSeedOpt,
    mixed_machines: bool = MixedMachinesOpt,
) -> None:
    """Small × k against large × 1 (and large × k') at equal wall time and equal estimated compute."""
    from codebudget.reallocation import arms, findings, plot_arms, study, study_markdown
    from codebudget.reallocation.load import model_pool

    names = names_of(policies)
    kinds = [kind.value for kind in cost]
    ns = n
    from codebudget.candidates.machines import MixedMachinesError, check_one_machine

    with existing_store(db) as store:
        small_pool = model_pool(store, small, small_params)
        machines = check_one_machine(store, [small], mixed=mixed_machines)
    with existing_store(large_db or db) as store:
        large_pool = model_pool(store, large, large_params)
        machines = machines + check_one_machine(store, [large], mixed=mixed_machines)
    if len(machines) > 1 and not mixed_machines and "wall_s" in kinds:
        raise MixedMachinesError(f"the two pools were timed on different machines ({'; '.join(sorted(machines))}); "
                                 "equal wall time means nothing across them. Give --mixed-machines to compare anyway")
    if out_dir is not None:
        output_folder(out_dir)
    small_arms = arms(small_pool, _counts(ns, small_pool.pool.m), names)
    large_arms = arms(large_pool, _counts(ns, large_pool.pool.m), names)
    studies = [study(small_arms, large_arms, kind, bootstrap_seed) for kind in kinds]
    for found in studies:
        out.print(study_table(found))
        for finding in findings(found):
            out.print(f"  {finding.claim}: [bold]{finding.status}[/] ({', '.join(finding.verdicts) or 'no rows'})")
    sections = [study_markdown(found) for found in studies]
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            (out_dir / "reallocation.md").write_text("\n".join(sections))
            for found in studies:
                plot_arms(found.arms, found.cost_kind, out_dir / f"reallocation-{found.cost_kind}.png")
        except OSError as error:
            raise CodebudgetError(f"cannot write to {out_dir}: {error.strerror or error}") from None
        out.print(f"wrote {out_dir / 'reallocation.md'}")


def study_table(found) -> Table:  # noqa: ANN001 - a reallocation Study
    """Every matchup of ``found`` as a compact terminal table."""
    from codebudget.reallocation import verdict

    unit = {"wall_s": "s", "gflops": "GFLOP"}[found.cost_kind]
    table = Table(title=f"{found.small} (A) vs {found.large} (B) at equal {unit}/task · {found.n_tasks} tasks")
    for name in ("policy [mode]", "A", "pass@1 A", unit, "B that fits", "pass@1 B", unit, "A − B [95% CI]", "verdict"):
        table.add_column(name, justify="left" if name in ("policy [mode]", "verdict") else "right")
    for row in found.reference_rows + found.budget_rows:
        b, d = row.b, row.difference
        table.add_row(
            f"{row.policy} [{row.a.selection.value}]", f"×{row.a.n}", f"{row.a.pass_at_1():.3f}",
            f"{row.a.cost(row.cost_kind):.3g}", "—" if b is None else f"×{b.n}",
            "—" if b is None else f"{b.pass_at_1():.3f}", "—" if b is None else f"{b.cost(row.cost_kind):.3g}",
            "—" if d is None else f"{d.value:+.3f} [{d.low:+.3f}, {d.high:+.3f}]", verdict(row),
            end_section=row is found.reference_rows[-1] if found.reference_rows else False,
        )
    return table


def _counts(ns: list[int] | None, m: int) -> list[int]:
    return [x for x in (ns or range(1, m + 1)) if x <= m]


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command("compare")(compare)
