#!/usr/bin/env bash
# The main job on the embedded default model (Qwen2.5-Coder-0.5B-Instruct Q4_K_M):
# prepare the machine, fetch and verify the model, then solve a HumanEval task.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"
cb="$ROOT/.venv/bin/codebudget"
run() { printf '\033[1m$ %s\033[0m\n' "$*" >&2; "$@"; }
run "$cb" models fetch qwen2.5-coder-0.5b
run "$cb" generate HumanEval/0 --model qwen2.5-coder-0.5b
