#!/usr/bin/env bash
# Varflow against db-scheduler on the same workload (S -> A -> B1..B4 -> C (join) -> D -> E -> F, no-op tasks, every
# state change persisted in the machine's PostgreSQL), back to back in one sitting:
#
#   bench/compare.sh [--runs N] [--idle R]     (defaults: 5000 runs, 30 idle runs)
#
# Runs bench/run.sh (one gate, one worker) then bench/peers/db-scheduler/run.sh, and prints one line per figure:
# both values and their ratio (Varflow / db-scheduler). Full outputs: target/bench/compare-{varflow,db-scheduler}.out
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=5000 IDLE=30
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;; --idle) IDLE=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
OUT="$HERE/target/bench"; mkdir -p "$OUT"
echo "varflow: bench/run.sh --runs $RUNS --idle $IDLE (load $(cut -d' ' -f1 /proc/loadavg))"
"$HERE/bench/run.sh" --runs "$RUNS" --idle "$IDLE" >"$OUT/compare-varflow.out" 2>&1 \
  || { tail -20 "$OUT/compare-varflow.out" >&2; exit 1; }
echo "db-scheduler: bench/peers/db-scheduler/run.sh --runs $RUNS --idle $IDLE (load $(cut -d' ' -f1 /proc/loadavg))"
"$HERE/bench/peers/db-scheduler/run.sh" --runs "$RUNS" --idle "$IDLE" >"$OUT/compare-db-scheduler.out" 2>&1 \
  || { tail -20 "$OUT/compare-db-scheduler.out" >&2; exit 1; }
field() { tail -1 "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
cpu() { grep '^cpu ms per 1000 tasks' "$1" | sed 's/.*total=\([0-9]*\).*/\1/'; }
line() { # label varflow-value db-scheduler-value
  printf '%-38s varflow=%-9s db-scheduler=%-9s ratio=%s\n' "$1" "$2" "$3" \
    "$(awk -v a="$2" -v b="$3" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}')"
}
V="$OUT/compare-varflow.out" D="$OUT/compare-db-scheduler.out"
line "throughput, $RUNS runs (tasks/s)" "$(field tasks_per_s "$V")" "$(field tasks_per_s "$D")"
line "idle hop p50 (ms)" "$(field hop_p50_ms "$V")" "$(field hop_p50_ms "$D")"
line "idle hop p99 (ms)" "$(field hop_p99_ms "$V")" "$(field hop_p99_ms "$D")"
line "idle run S..F p50 (ms)" "$(field run_ms_p50 "$V")" "$(field run_ms_p50 "$D")"
line "cpu ms per 1000 tasks (all processes)" "$(cpu "$V")" "$(cpu "$D")"
