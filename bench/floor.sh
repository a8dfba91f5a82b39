#!/usr/bin/env bash
# The floor of a hop on this machine: what Kafka and PostgreSQL alone take for the steps an idle hop needs (two
# Kafka legs, one database round trip and one commit), measured the way an idle run meets them (one at a time, an
# idle gap before each), so docs/performance.md can set each step of a hop against its floor.
#
#   bench/floor.sh [--samples N] [--gap MS]      (defaults: 500 samples, 20 ms gap)
#
# Kafka: a broker process as bench/run.sh starts it (`varflow kafka`), Varflow's client settings, 3,000 warm-up
# records first (bench/KafkaFloor.java). PostgreSQL: pgbench, one client, on the machine's server (fsync and
# synchronous_commit as configured): `SELECT 1` (a round trip) and an autocommitted one-row INSERT (a commit).
# Needs: java 17+, psql, pgbench, PostgreSQL on 127.0.0.1:5432 (user postgres, trust).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SAMPLES=500 GAP=20
while [ $# -gt 0 ]; do
  case "$1" in
    --samples) SAMPLES=$2; shift 2 ;; --gap) GAP=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
JAR="${BENCH_JAR:-$HERE/target/quarkus-app/quarkus-run.jar}"
[ -f "$JAR" ] || (cd "$HERE" && ./mvnw -q -B package -Dmaven.test.skip=true)
LIB="$(dirname "$JAR")/lib/main"
WORK=$(mktemp -d /tmp/varflow-floor.XXXXXX)
DB="varflow_floor_$$"
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt)
KPID=
cleanup() {
  [ -z "$KPID" ] || kill -9 "$KPID" 2>/dev/null || true
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
echo "machine load before measuring: $(cut -d' ' -f1-3 /proc/loadavg)"
KPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -Xms128m -Xmx512m -XX:+UseParallelGC -jar "$JAR" kafka --port "$KPORT" --data "$WORK/kafka" >"$WORK/kafka.log" 2>&1 &
KPID=$!
disown "$KPID" # killed at the end without a job notice
until (exec 3<>/dev/tcp/127.0.0.1/$KPORT) 2>/dev/null; do sleep 0.2; done
java -cp "$LIB/*" "$HERE/bench/KafkaFloor.java" "127.0.0.1:$KPORT" "$SAMPLES" "$GAP" 3000 2>/dev/null

"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" >/dev/null
"${PSQL[@]}" -d "$DB" -c "CREATE TABLE floor (id bigserial PRIMARY KEY, at timestamptz DEFAULT now())"
pg() { # label sql
  printf '\\sleep %s ms\n%s\n' "$GAP" "$2" >"$WORK/script.sql"
  (cd "$WORK" && pgbench -h 127.0.0.1 -U postgres -n -c 1 -t "$SAMPLES" -f script.sql -l --log-prefix=pg "$DB" \
    >/dev/null 2>&1)
  # Per-transaction log: column 3 is the latency in microseconds, including the \sleep.
  cat "$WORK"/pg.* | awk -v gap="$GAP" '{print $3 / 1000 - gap}' | sort -n | awk -v label="$1" '
    {v[NR] = $1} END {printf "%s (ms): p50 %.2f p90 %.2f p99 %.2f\n", label, v[int(NR * 0.5) + 1],
      v[int(NR * 0.9) + 1], v[int(NR * 0.99) + 1]}'
  rm -f "$WORK"/pg.*
}
pg "postgres round trip, SELECT 1" "SELECT 1;"
pg "postgres commit of one insert" "INSERT INTO floor DEFAULT VALUES;"
