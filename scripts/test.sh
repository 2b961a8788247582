#!/usr/bin/env bash
# The test suite: prepare the machine (as the quick start does, plus the heavy extras only tests need), then run pytest.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m fast` (no model, no server).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh" --tests
cd "$ROOT"
# Fail (rather than skip) if the sandbox cannot provide its namespace or fallback isolation here.
export CODEBUDGET_SANDBOX_REQUIRE="${CODEBUDGET_SANDBOX_REQUIRE:-namespaces,fallback}"
exec .venv/bin/python -m pytest "$@"
