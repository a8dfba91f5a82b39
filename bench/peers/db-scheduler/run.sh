#!/usr/bin/env bash
# db-scheduler running Varflow's bench workload (bench/compare.sh's peer), in its own database on the machine's
# PostgreSQL (127.0.0.1:5432, user postgres, trust).
#
#   bench/peers/db-scheduler/run.sh [--runs N] [--idle R] [--warmup W] [--threads T] [--poll-ms P]
#
# Last line: tasks_per_s=... runs_per_s=... hop_p50_ms=... hop_p99_ms=... run_ms_p50=...
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUNS=1000 IDLE=30 WARMUP= THREADS=10 POLL_MS=100
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;; --idle) IDLE=$2; shift 2 ;; --warmup) WARMUP=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;; --poll-ms) POLL_MS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
ROOT="$(cd "$HERE/../../.." && pwd)"
[ -f "$HERE/target/db-scheduler-peer-1.jar" ] || (cd "$ROOT" && { ./mvnw -q -B -o -f "$HERE/pom.xml" package || ./mvnw -q -B -f "$HERE/pom.xml" package; })
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt)
DB="dbscheduler_bench_$$_$RANDOM"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" >/dev/null
trap '"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null' EXIT
echo "machine load before measuring: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xms128m -Xmx512m -XX:+UseParallelGC -cp "$HERE/target/db-scheduler-peer-1.jar:$HERE/target/lib/*" \
  bench.dbscheduler.Harness "jdbc:postgresql://127.0.0.1:5432/$DB" "$RUNS" "$IDLE" "${WARMUP:-$RUNS}" "$THREADS" "$POLL_MS"
