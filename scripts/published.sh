#!/usr/bin/env bash
# Regenerate every published figure from the committed pools into OUT (default runs/published), with the
# commands the result pages quote: the N×K grids, the budget answers, the selection tables, the
# reallocation study and both reports. Compare with docs/results/ (e.g. `diff OUT/r15/report.md
# docs/results/humaneval-qwen1.5b/report.md`). No model is loaded. `select` runs the voting policies'
# candidates on shared inputs in the sandbox (exports do not carry those outputs), so the voting rows'
# extra seconds are measured again and may differ from the committed pages by a tenth of a second;
# every pass@1 is the same.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/runs/published}"
cd "$ROOT"
cb=.venv/bin/codebudget
mkdir -p "$OUT"
D05="$OUT/p05.db" D15="$OUT/p15.db"
P=public-then-vote,behaviour-vote,logprob
run() { printf '$ %s\n' "$*" >&2; "$@"; }
[ -f "$D05" ] || run $cb import results/pool-qwen0.5b-humaneval.jsonl.gz --db "$D05"
if [ ! -f "$D15" ]; then
  run $cb import results/pool-qwen1.5b-humaneval.jsonl.gz --db "$D15"
  run $cb import results/pool-qwen1.5b-greedy-humaneval.jsonl.gz --db "$D15"
fi
run $cb replay 55103cc77d3300cf --n 1,2,3,5 --k 0,1,2 --db "$D05" > "$OUT/replay-0.5b.txt"
run $cb replay 7fc77c2a67ea8bcb --n 1,2,3,5 --k 0,1,2 --db "$D15" > "$OUT/replay-1.5b.txt"
run $cb replay 211edd28abaa1219 --db "$D15" > "$OUT/replay-1.5b-greedy.txt"
for budget in 20s 30s 60s; do
  run $cb best 7fc77c2a67ea8bcb 211edd28abaa1219 --db "$D15" --budget $budget > "$OUT/best-1.5b-$budget.txt"
done
run $cb select 55103cc77d3300cf --db "$D05" --n 1,2,3,5 --test-model none > "$OUT/select-0.5b.txt"
run $cb compare 55103cc77d3300cf 7fc77c2a67ea8bcb --db "$D05" --large-db "$D15" --out "$OUT/realloc" > "$OUT/compare.txt"
run $cb select 7fc77c2a67ea8bcb --db "$D15" --n 1,2,3,5 --k 0,1,2 --policies $P > /dev/null
run $cb select 211edd28abaa1219 --db "$D15" --n 1 --k 0,1,2 --policies $P > /dev/null
run $cb select 55103cc77d3300cf --db "$D05" --n 1,2,3,5 --k 0,1,2 --policies $P > /dev/null
run $cb report 7fc77c2a67ea8bcb 211edd28abaa1219 --db "$D15" --against seed-000 --policies $P --out "$OUT/r15" > /dev/null
run $cb report 55103cc77d3300cf --db "$D05" --policies $P --out "$OUT/r05" > /dev/null
# The body-prompt pools of issue 18 (docs/results/humaneval-qwen*-body-pool.md, reallocation.md's last section).
B05="$OUT/b05.db" B15="$OUT/b15.db"
[ -f "$B05" ] || run $cb import results/pool-qwen0.5b-body-humaneval.jsonl.gz --db "$B05"
[ -f "$B15" ] || run $cb import results/pool-qwen1.5b-body-humaneval.jsonl.gz --db "$B15"
run $cb replay dc356a811cda2cd3 --n 1,2,3,5 --k 0,1,2 --db "$B05" > "$OUT/replay-0.5b-body.txt"
run $cb replay 35cf3c8a8ae0bcd0 --n 1,2,3,5 --k 0,1,2 --db "$B15" > "$OUT/replay-1.5b-body.txt"
run $cb replay 099e19d075194709 --n 1 --k 0,1,2 --db "$B15" > "$OUT/replay-1.5b-body-greedy.txt"
for budget in 10s 20s 30s 60s; do
  run $cb best 35cf3c8a8ae0bcd0 099e19d075194709 --db "$B15" --budget $budget > "$OUT/best-1.5b-body-$budget.txt"
done
# the 0.5B model's tests are stored in the export: no model is loaded
run $cb select dc356a811cda2cd3 --db "$B05" --n 1,2,3,5 --k 0 --policies public-then-codet,codet,s-star,public-then-vote \
  > "$OUT/select-0.5b-body.txt"
run $cb select 35cf3c8a8ae0bcd0 --db "$B15" --n 1,2,3,5 --k 0,1,2 --policies $P > "$OUT/select-1.5b-body.txt"
run $cb select 099e19d075194709 --db "$B15" --n 1 --k 0,1,2 --policies $P > /dev/null
run $cb compare dc356a811cda2cd3 35cf3c8a8ae0bcd0 --db "$B05" --large-db "$B15" --out "$OUT/realloc-body" \
  > "$OUT/compare-body.txt"
run $cb report 35cf3c8a8ae0bcd0 099e19d075194709 --db "$B15" --against seed-000 --policies $P --out "$OUT/r15-body" \
  > /dev/null
echo "published figures regenerated in $OUT"
