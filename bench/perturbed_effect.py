"""Benchmark: the same configuration on HumanEval and on perturbed HumanEval, paired task by task.

Usage: python bench/perturbed_effect.py --original runs/greedy.db:RUN --perturbed runs/perturbed.db:RUN
                                        [--contamination results/bench/contamination-0.5b.json]
                                        --out results/bench/perturbed-effect-0.5b.json

Perturbed HumanEval (``humaneval-perturbed``) keeps each task's meaning and id and changes its surface
(names, example inputs, example order). Reads two finished runs of one configuration and reports, for
the honest answer graded on the hidden tests: pass@1 on each with its 95% bootstrap interval, the paired
difference perturbed − original with its paired interval (the same task resamples for both), and the
tasks that flip either way. With ``--contamination`` (the output of ``bench/contamination.py`` for the
same model), also the pass rates of the tasks whose probe gap is above and below its median, and the
difference in their drops: if the model passes HumanEval by recalling it, the tasks it knows best should
lose the most when their surface changes.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from fresh_transfer import outcomes  # the sibling benchmark's reader of a finished run (bench/ is on sys.path)

from one_line import run

from codebudget.analysis.bootstrap import difference_interval, mean_interval


def rounded(triple) -> list[float]:  # noqa: ANN001
    return [round(float(x), 4) for x in triple]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--original", required=True, help="DB:RUN on humaneval")
    parser.add_argument("--perturbed", required=True, help="DB:RUN of the same configuration on humaneval-perturbed")
    parser.add_argument("--contamination", type=Path, default=None)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    original, original_cost = outcomes(args.original)
    perturbed, perturbed_cost = outcomes(args.perturbed)
    tasks = sorted(set(original) & set(perturbed))
    a = np.array([perturbed[t] for t in tasks], float)
    b = np.array([original[t] for t in tasks], float)
    result: dict = {
        "tasks": len(tasks),
        "original": {"pass@1": rounded(mean_interval(b, rng)), **original_cost, "run": args.original},
        "perturbed": {"pass@1": rounded(mean_interval(a, rng)), **perturbed_cost, "run": args.perturbed},
        "difference_paired": rounded(mean_interval(a - b, rng)),
        "lost": [t for t in tasks if original[t] and not perturbed[t]],
        "gained": [t for t in tasks if perturbed[t] and not original[t]],
    }
    if args.contamination is not None:
        probe = json.loads(args.contamination.read_text())["benchmarks"]["humaneval"]["per_task"]
        gaps = {row["task_id"]: row["gap"] for row in probe}
        known = [t for t in tasks if t in gaps]
        median = float(np.median([gaps[t] for t in known]))
        groups = {"gap_above_median": [t for t in known if gaps[t] > median],
                  "gap_at_or_below_median": [t for t in known if gaps[t] <= median]}
        drops = {}
        for name, members in groups.items():
            pa = np.array([perturbed[t] for t in members], float)
            pb = np.array([original[t] for t in members], float)
            drops[name] = (pa - pb)
            result[name] = {"tasks": len(members), "original": round(float(pb.mean()), 4),
                            "perturbed": round(float(pa.mean()), 4), "difference": rounded(mean_interval(pa - pb, rng))}
        result["median_gap"] = round(median, 4)
        result["drop_difference_above_minus_below"] = rounded(
            difference_interval(drops["gap_above_median"], drops["gap_at_or_below_median"], rng))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k not in ("lost", "gained")}, indent=1))
    print(f"lost {len(result['lost'])}, gained {len(result['gained'])}")


if __name__ == "__main__":
    run(main)
