"""Pools as arms: each arm of a study is one pool (``codebudget pool``), all read into one outcome table, and the
budget answers across arms (``codebudget best``'s logic: replayed N×K grids, one paired bootstrap for every
configuration of every arm). Shared by the benchmarks that compare arms at equal seconds per task
(``bench/codeplan.py``, ``bench/stages.py``).

A pool's configurations carry their run hash in their params (``run``), which is how a configuration is
attributed to its arm; every pool has the same grid names (``N=3 K=1``), made unique by the report's rule.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Sequence

REPLAY = re.compile(r"codebudget replay (\w+)")


def run_pool(flags: Sequence[str]) -> str:
    """``codebudget pool FLAGS`` (resumable in its store); the pool's run hash, or a one-line exit."""
    done = subprocess.run([sys.executable, "-m", "codebudget", "pool", *flags], text=True, capture_output=True)
    if done.returncode != 0:
        raise SystemExit(f"codebudget pool failed: {done.stderr.strip().splitlines()[-1:]}")
    found = REPLAY.search(done.stdout)
    if found is None:
        raise SystemExit("codebudget pool: no run hash in its output")
    return found.group(1)


def read_table(db: Path, pools: dict[str, str]):  # noqa: ANN201 - an OutcomeTable
    """Every configuration of the arms' pools (both selection modes), on the tasks they all finished."""
    from codebudget.candidates.machines import check_one_machine
    from codebudget.reports.gather.outcomes import collect
    from codebudget.store import Store

    store = Store.open_read_only(db)
    try:
        check_one_machine(store, pools.values())  # one time axis, or a one-line refusal
        return collect(store, list(pools.values()), None, None).table
    finally:
        store.close()


def run_of(config) -> str | None:  # noqa: ANN001 - a Config
    return dict(config.params).get("run")


def arm_table(table, run_hash: str):  # noqa: ANN001, ANN201
    """The configurations of one arm's pool."""
    return table.where(lambda config: run_of(config) == run_hash)


def budget_answers(every, pools: dict[str, str], budgets: Sequence[float],  # noqa: ANN001 - an OutcomeTable
                   references: Sequence[str]) -> dict:
    """Per budget and selection mode: each arm's best configuration within the budget, the best of all arms
    together (and which arm it is), and each arm's best minus each reference arm's best (paired over tasks)."""
    from codebudget.analysis import PairedBootstrap, best_under_budget
    from codebudget.analysis.contrasts import paired_difference
    from codebudget.analysis.outcomes import CostKind, SelectionMode
    from codebudget.reports.gather.outcomes import cell_name

    arm_of_run = {run_hash: arm for arm, run_hash in pools.items()}
    answers = {}
    for budget in budgets:
        for mode in (SelectionMode.HONEST, SelectionMode.ORACLE):
            table = every.only(mode)
            boot = PairedBootstrap.for_table(table, n_resamples=2000, seed=0)
            own = {arm: arm_table(table, run_hash) for arm, run_hash in pools.items()}
            row, full = {}, {}
            for label, candidates in [*own.items(), ("all arms", table)]:
                best = best_under_budget(candidates, float(budget), boot, CostKind.WALL_S).best
                if best is None:
                    row[label] = None
                    continue
                full[label] = best.name
                config = table.get(best.name).config
                row[label] = {"config": best.name if label == "all arms" else cell_name(config.n, config.k),
                              "arm": arm_of_run.get(run_of(config), "?"), "pass@1": round(best.quality.value, 4),
                              "interval": [round(best.quality.low, 4), round(best.quality.high, 4)],
                              "s_per_task": round(best.cost, 2)}
            for label in full:
                for other in references:
                    if label in (other, "all arms") or other not in full:
                        continue
                    d = paired_difference(table, full[label], full[other], boot)
                    row[label][f"minus_{other}"] = {"difference": round(d.value, 4),
                                                    "interval": [round(d.low, 4), round(d.high, 4)]}
            answers[f"{budget:g}s {mode.value}"] = row
    return answers


def answers_markdown(answers: dict, arms: Sequence[str], references: Sequence[str]) -> list[str]:
    """The budget answers as a table: a row per budget and mode, a column per arm and one for all arms."""
    lines = ["| budget | " + " | ".join([*arms, "all arms"]) + " |", "|---|" + "---|" * (len(arms) + 1)]
    for key, row in answers.items():
        cells = []
        for label in [*arms, "all arms"]:
            best = row.get(label)
            if best is None:
                cells.append("–")
                continue
            diffs = "".join(f"; {other} {100 * d['difference']:+.1f} ({100 * d['interval'][0]:+.1f} to "
                            f"{100 * d['interval'][1]:+.1f})" for other in references
                            if (d := best.get(f"minus_{other}")))
            arm = f" [{best['arm']}]" if label == "all arms" else ""
            cells.append(f"{100 * best['pass@1']:.1f} ({100 * best['interval'][0]:.1f}–{100 * best['interval'][1]:.1f})"
                         f" {best['config']}{arm}, {best['s_per_task']:.1f} s{diffs}")
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return lines
