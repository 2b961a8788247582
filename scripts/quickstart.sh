#!/usr/bin/env bash
# The main job on the embedded default model (Qwen2.5-Coder-0.5B-Instruct Q4_K_M):
# prepare the machine, fetch and verify the model, build a small candidate pool
# on 20 HumanEval tasks (M=3 candidates, up to 1 repair each), and replay it into
# the N x K grid with honest and oracle pass@1 and time per task, then write the
# report (HTML, Markdown, plots) and print its path.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
cb=.venv/bin/codebudget
run() { printf '\033[1m$ %s\033[0m\n' "$*" >&2; "$@"; }
run "$cb" models fetch qwen2.5-coder-0.5b
run "$cb" pool --model qwen2.5-coder-0.5b --limit 20 --m 3 --k-max 1 --temperature 0.8 --db runs/quickstart.db
run "$cb" report --db runs/quickstart.db --out runs/quickstart-report
