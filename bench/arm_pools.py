"""Pools as arms: each arm of a study is one pool (``codebudget pool``), all read into one outcome table, and the
budget answers across arms (``codebudget best``'s logic: replayed N×K grids, one paired bootstrap for every
configuration of every arm). Shared by the benchmarks that compare arms at equal seconds per task
(``bench/codeplan.py``, ``bench/stages.py``).

A pool's configurations carry their run hash in their params (``run``), which is how a configuration is
attributed to its arm; every pool has the same grid names (``N=3 K=1``), made unique by the report's rule.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Iterable, Sequence

REPLAY = re.compile(r"codebudget replay (\w+)")


def run_pool(flags: Sequence[str]) -> str:
    """``codebudget pool FLAGS`` (resumable in its store); the pool's run hash, or a one-line exit."""
    done = subprocess.run([sys.executable, "-m", "codebudget", "pool", *flags], text=True, capture_output=True)
    if done.returncode != 0:
        how = f"killed by signal {-done.returncode}" if done.returncode < 0 else f"exit {done.returncode}"
        last = done.stderr.strip().splitlines()[-1:]
        raise SystemExit(f"codebudget pool failed ({how}): {last[0] if last else 'it wrote no error'}")
    found = REPLAY.search(done.stdout)
    if found is None:
        raise SystemExit("codebudget pool: no run hash in its output")
    return found.group(1)


def read_arms(db: Path, pools: dict[str, str], mixed: bool = False):  # noqa: ANN201 - (OutcomeTable, probes)
    """Every configuration of the arms' pools (both selection modes), on the tasks they all finished, and the
    pools' probes (:func:`pool_probes`), read in one opening of the store. Their times must come from one CPU at
    one speed, or with ``mixed`` from one CPU whose speed wandered (a one-line refusal otherwise: seconds of two
    CPUs are never one axis here)."""
    from codebudget.candidates.machines import check_one_machine
    from codebudget.reports.gather.outcomes import collect
    from codebudget.store import Store

    store = Store.open_read_only(db)
    try:
        found = check_one_machine(store, pools.values(), mixed=mixed)
        if len(found) > 1:
            raise SystemExit(f"the arms' times come from {len(found)} CPUs ({'; '.join(sorted(found))}): "
                             "--mixed-machines reads one CPU whose speed wandered, never several CPUs")
        return collect(store, list(pools.values()), None, None).table, pool_probes(store, pools.values())
    finally:
        store.close()


def pool_probes(store, run_hashes: Iterable[str]) -> dict[str, dict[str, float]]:  # noqa: ANN001 - a Store
    """Each pool's finished tasks' speed probes (tokens per second): run hash → task key → probe."""
    from codebudget.candidates.costed import task_key
    from codebudget.speed import task_speeds

    return {run_hash: {task_key(*task): speed for task, speed in task_speeds(store, run_hash).items()}
            for run_hash in dict.fromkeys(run_hashes)}


def probes_summary(probes: dict[str, dict[str, float]], table) -> dict | None:  # noqa: ANN001 - an OutcomeTable
    """The range of the probes behind ``table``'s tasks, over every pool in it (None without any)."""
    from codebudget.speed import spread

    runs, tasks = {run_of(outcome.config) for outcome in table.outcomes}, set(table.task_ids)
    speeds = sorted(speed for run_hash in runs for task, speed in probes.get(run_hash, {}).items() if task in tasks)
    if not speeds:
        return None
    return {"tasks": len(speeds), "min": speeds[0], "median": statistics.median(speeds), "max": speeds[-1],
            "spread": round(spread(speeds), 4)}


def at_median_speed(table, probes: dict[str, dict[str, float]]):  # noqa: ANN001, ANN201 - OutcomeTables
    """``table`` with each task's seconds scaled to the median probe of all its pools' tasks (seconds × the
    probe its pool's task was timed at / the median: a model that decodes at one steady rate on that host), for
    a host whose speed wandered while the pools ran; None unless every task of every pool has a probe."""
    import dataclasses

    import numpy as np

    from codebudget.analysis.outcomes import OutcomeTable

    runs = {run_of(outcome.config) for outcome in table.outcomes}
    if any(run_hash not in probes or any(task not in probes[run_hash] for task in table.task_ids)
           for run_hash in runs):
        return None
    median = float(np.median([probes[run_hash][task] for run_hash in runs for task in table.task_ids]))
    scaled = []
    for outcome in table.outcomes:
        own = probes[run_of(outcome.config)]
        factor = np.array([own[task] / median for task in outcome.task_ids])
        scaled.append(dataclasses.replace(outcome, wall_s=outcome.wall_s * factor))
    return OutcomeTable(tuple(scaled))


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
