#!/usr/bin/env bash
# Varflow benchmark: every role its own JVM on loopback (a Kafka broker process, one coordinator, gates, workers),
# state in the machine's PostgreSQL. Workload: S -> A -> B1..B4 (parallel) -> C (join) -> D -> E -> F.
#
#   bench/run.sh [--runs N] [--plugin noop|cmd|sleep|delay] [--workers K] [--gates G] [--idle R] [--concurrency C]
#                [--partitions P] [--keep] [--hold M] [--profile DIR] [--warmup W]
#
# --plugin noop: the built-in no-op; cmd: `true && echo NAME=1` through /bin/sh (cmd sets outputs from stdout);
# sleep: `sleep 0.05 && echo NAME=1` (latency-bound); delay: noop finishing after 50 ms on a timer (latency-bound
# without starting a process). R single runs on the idle system give the idle hop figures,
# then N runs started at once give throughput and hops under load. Last line:
#   tasks_per_s=... runs_per_s=... hop_p50_ms=... hop_p99_ms=... run_ms_p50=...   (hops and S..F of the idle runs)
# --hold M: memory instead: M runs each waiting on a `touched` task for a file nobody writes (1 h timeout);
# prints each JVM's heap after a full GC once all M runs are claimed and waiting, and `held_runs=M` last.
# Everything listens on 127.0.0.1 only: the API runs without authentication and tokenless runs may use cmd/df.
# Needs: java 17+, psql, PostgreSQL on 127.0.0.1:5432 (user postgres, trust). Logs: target/bench/<name>.log
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=1000 PLUGIN=noop WORKERS=1 GATES=1 IDLE=30 CONCURRENCY=256 PARTITIONS=8 KEEP=0 HOLD=0 PROFILE= WARMUP=
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;; --plugin) PLUGIN=$2; shift 2 ;; --workers) WORKERS=$2; shift 2 ;;
    --gates) GATES=$2; shift 2 ;; --idle) IDLE=$2; shift 2 ;; --concurrency) CONCURRENCY=$2; shift 2 ;;
    --partitions) PARTITIONS=$2; shift 2 ;; --keep) KEEP=1; shift ;; --profile) PROFILE=$2; shift 2 ;; --warmup) WARMUP=$2; shift 2 ;; --hold) HOLD=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
JAR="${BENCH_JAR:-$HERE/target/quarkus-app/quarkus-run.jar}" # BENCH_JAR: another build's jar, for before/after pairs
[ -f "$JAR" ] || (cd "$HERE" && ./mvnw -q -B package -Dmaven.test.skip=true)
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms128m -Xmx512m -XX:+UseParallelGC}
# --profile DIR: a Java Flight Recording of every JVM (CPU samples every 10 ms), dumped to DIR/<name>.jfr at the end.
# DebugNonSafepoints: without it JIT-inlined frames are attributed to the nearest safepoint's method (samples showed
# HashMap tree-bin methods for maps of ten entries), which misleads hot-method lists.
JFR_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:StartFlightRecording=settings=profile"
[ -z "$PROFILE" ] || { mkdir -p "$PROFILE"; PROFILE=$(cd "$PROFILE" && pwd); JAVA_OPTS="$JAVA_OPTS $JFR_OPTS"; }
LOGS="$HERE/target/bench"; mkdir -p "$LOGS"; rm -f "$LOGS"/*.log
WORK=$(mktemp -d /tmp/varflow-bench.XXXXXX)
DB="varflow_bench_$$_$RANDOM"
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt)
PIDS=()
cleanup() {
  if [ -n "$PROFILE" ]; then for f in "$WORK"/*.pid; do
    jcmd "$(cat "$f")" JFR.dump filename="$PROFILE/$(basename "$f" .pid).jfr" >/dev/null 2>&1 || true; done; fi
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ "$KEEP" = 1 ] || { "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null; rm -rf "$WORK"; }
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sql() { "${PSQL[@]}" -d "$DB" -c "$1"; }

"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" >/dev/null
KPORT=$(free_port)
java -Xms128m -Xmx512m -XX:+UseParallelGC ${PROFILE:+$JFR_OPTS} -jar "$JAR" kafka --port "$KPORT" --data "$WORK/kafka" >"$LOGS/kafka.log" 2>&1 & PIDS+=($!); echo "$!" >"$WORK/kafka.pid"
until (exec 3<>/dev/tcp/127.0.0.1/$KPORT) 2>/dev/null; do sleep 0.2; done

declare -A PORT MPORT
# One record key for every process of the bench (gates sign activations, workers verify them).
RECORD_KEY=$(head -c 32 /dev/urandom | base64)
server() { # name roles [env...]
  local name=$1 roles=$2; shift 2
  PORT[$name]=$(free_port)
  MPORT[$name]=$(free_port) # management interface: /q/metrics
  env -u DATABASE_URL KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KPORT \
    QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/$DB \
    QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB \
    QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE=8 QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=${PORT[$name]} \
    QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT=${MPORT[$name]} \
    VARFLOW_TOPICS_PARTITIONS=$PARTITIONS VARFLOW_WORKER_CONCURRENCY=$CONCURRENCY VARFLOW_HOME="$WORK/$name" \
    VARFLOW_WORK_DIR="$WORK/$name/work" VARFLOW_API_AUTH=none VARFLOW_SECURITY_RECORD_KEY="$RECORD_KEY" \
    VARFLOW_PERMISSIONS_TOKENLESS_GRANT=can_execute_commands,can_view_system "$@" \
    java $JAVA_OPTS -jar "$JAR" server --roles "$roles" >"$LOGS/$name.log" 2>&1 &
  PIDS+=($!); echo "$!" >"$WORK/$name.pid"
}
ready() { until curl -sf "http://127.0.0.1:${PORT[$1]}/q/health/ready" >/dev/null; do
  kill -0 "$(cat "$WORK/$1.pid")" 2>/dev/null || { echo "$1 died, see $LOGS/$1.log" >&2; exit 1; }; sleep 0.3; done; }

server coordinator coordinator; ready coordinator
NAMES=()
for i in $(seq 1 "$GATES"); do server "gate-$i" gate; NAMES+=("gate-$i"); done
for i in $(seq 1 "$WORKERS"); do server "worker-$i" worker VARFLOW_WORKER_ID=worker-$i; NAMES+=("worker-$i"); done
for n in "${NAMES[@]}"; do ready "$n"; done
BASE="http://127.0.0.1:${PORT[coordinator]}"

# Java heap in use after a full GC (young + old generation; every JVM runs with -Xmx512m), and metaspace.
heaps() { for n in kafka coordinator "${NAMES[@]}"; do
  jcmd "$(cat "$WORK/$n.pid")" GC.run >/dev/null 2>&1 || true
  jcmd "$(cat "$WORK/$n.pid")" GC.heap_info 2>/dev/null | awk -v n="$n" '
    /PSYoungGen|ParOldGen|garbage-first heap/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i+1); sub(/K,?/, "", v); heap += v}}
    /Metaspace/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i+1); sub(/K,?/, "", v); meta = v}}
    END {printf "heap %s after full GC: %.1f MB used (metaspace %.1f MB)\n", n, heap / 1024, meta / 1024}'
done; }
echo "machine load before measuring: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$HOLD" -gt 0 ]; then
  printf 'workflow:\n  name: "hold"\n  env: {TIMEOUT: "3600"}\n  tasks:\n    - {name: "S", plugin: "start", outputs: ["S"]}\n    - {name: "W", plugin: "touched", inputs: ["S", "TIMEOUT"], outputs: ["W"], params: {file: "never.flag"}}\n    - {name: "E", plugin: "end", inputs: ["W"]}\n' >"$WORK/hold.yaml"
  java "$HERE/bench/BenchClient.java" register "$BASE" "$WORK/hold.yaml" >/dev/null
  T0=$(date +%s)
  java "$HERE/bench/BenchClient.java" load "$BASE" hold "$HOLD" "$WORK/hold.ids"
  until [ "$(sql "SELECT count(*) FROM task_runs WHERE task = 'W'")" -ge "$HOLD" ]; do sleep 1; done
  echo "hold: $HOLD runs started and their W tasks claimed in $(( $(date +%s) - T0 )) s"
  # Then until every W is waiting on a worker (its TASK_STARTED recorded), at most 10 minutes.
  for _ in $(seq 1 600); do
    [ "$(sql "SELECT count(*) FROM task_runs WHERE task = 'W' AND state = 'RUNNING'")" -ge "$HOLD" ] && break; sleep 1
  done
  echo "hold: $(sql "SELECT count(*) FROM task_runs WHERE task = 'W' AND state = 'RUNNING'") W tasks waiting on workers $(( $(date +%s) - T0 )) s after the start; runs by status: $(sql "SELECT string_agg(status || '=' || n, ' ') FROM (SELECT status, count(*) n FROM runs GROUP BY 1) s")"
  heaps
  for n in "${NAMES[@]}"; do case "$n" in worker-*)
    echo "largest classes on $n (instances, bytes):"
    jcmd "$(cat "$WORK/$n.pid")" GC.class_histogram 2>/dev/null | sed -n '4,18p'; esac; done
  echo "held_runs=$HOLD"
  exit 0
fi

case "$PLUGIN" in
  noop) task() { printf '    - {name: "%s", plugin: "noop", inputs: [%s], outputs: ["%s"]}\n' "$1" "$2" "$1"; } ;;
  cmd) task() { printf '    - {name: "%s", plugin: "cmd", inputs: [%s], outputs: ["%s"], params: {command: "true && echo %s=1"}}\n' "$1" "$2" "$1" "$1"; } ;;
  sleep) task() { printf '    - {name: "%s", plugin: "cmd", inputs: [%s], outputs: ["%s"], params: {command: "sleep 0.05 && echo %s=1"}}\n' "$1" "$2" "$1" "$1"; } ;;
  delay) task() { printf '    - {name: "%s", plugin: "noop", inputs: [%s], outputs: ["%s"], params: {delay_ms: "50"}}\n' "$1" "$2" "$1"; } ;;
  *) echo "unknown plugin $PLUGIN" >&2; exit 2 ;;
esac
{
  printf 'workflow:\n  name: "bench"\n  tasks:\n'
  printf '    - {name: "S", plugin: "start", outputs: ["S"]}\n'
  task A '"S"'; for b in B1 B2 B3 B4; do task $b '"A"'; done
  task C '"B1", "B2", "B3", "B4"'; task D '"C"'; task E '"D"'; task F '"E"'
} >"$WORK/bench.yaml"
java "$HERE/bench/BenchClient.java" register "$BASE" "$WORK/bench.yaml" >/dev/null

# Hops: successor's start minus its predecessors' last finish (worker clocks, microseconds).
hops() { # run-id file -> "p50 p99 count" in ms
  "${PSQL[@]}" -d "$DB" -F ' ' <<SQL
CREATE TEMP TABLE ids(id text);
\copy ids FROM '$1'
WITH pred(task, p) AS (VALUES ('A','S'),('B1','A'),('B2','A'),('B3','A'),('B4','A'),('C','B1'),('C','B2'),
  ('C','B3'),('C','B4'),('D','C'),('E','D'),('F','E')),
h AS (SELECT extract(epoch FROM t.started_at - max(p.finished_at)) * 1000 AS ms
  FROM task_runs t JOIN ids ON ids.id = t.run_id JOIN pred ON pred.task = t.task
  JOIN task_runs p ON p.run_id = t.run_id AND p.task = pred.p GROUP BY t.run_id, t.task, t.started_at)
SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 2),
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 2), count(*) FROM h;
SQL
}
# One run's S..F: F's finish minus S's start (worker clocks), median and max over the runs of the id file, in ms.
run_ms() {
  "${PSQL[@]}" -d "$DB" -F ' ' <<SQL
CREATE TEMP TABLE ids(id text);
\copy ids FROM '$1'
SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 2), round(max(ms)::numeric, 2)
FROM (SELECT extract(epoch FROM f.finished_at - s.started_at) * 1000 AS ms FROM task_runs s JOIN ids ON ids.id = s.run_id
  JOIN task_runs f ON f.run_id = s.run_id AND f.task = 'F' WHERE s.task = 'S') r;
SQL
}
# CPU time (ms, user+system) used so far by each benchmark process and by the database's backends of this run.
cpu_ms() { # name pid
  local t; t=$(awk '{print $14 + $15}' "/proc/$2/stat" 2>/dev/null || echo 0)
  echo "$1 $(( t * 1000 / $(getconf CLK_TCK) ))"
}
cpu_snapshot() {
  cpu_ms kafka "${PIDS[0]}"
  for n in coordinator "${NAMES[@]}"; do cpu_ms "$n" "$(cat "$WORK/$n.pid")"; done
  local pg=0
  for p in $("${PSQL[@]}" -d postgres -c "SELECT pid FROM pg_stat_activity WHERE datname = '$DB'"); do
    pg=$(( pg + $(cpu_ms x "$p" | cut -d' ' -f2) ))
  done
  echo "postgres $pg"
}
# Gate batches from the gates' Prometheus scrapes: count, events and seconds (CPU-independent batch shape).
gate_batches() { for n in "${NAMES[@]}"; do case "$n" in gate-*)
  curl -sf "http://127.0.0.1:${MPORT[$n]}/q/metrics" | awk -v n="$n" '
    /^varflow_gate_batch_size_events_count/ {c=$2} /^varflow_gate_batch_size_events_sum/ {s=$2}
    /^varflow_gate_batch_duration_seconds_sum/ {d=$2}
    END {if (c > 0) printf "%s: %d batches, %.1f events/batch, %.2f ms/batch (totals since start)\n", n, c, s/c, d*1000/c}' || true;;
esac; done; }
# Batches, events and batch seconds summed over the gates, to tell the idle phase's batches apart (delta of two calls).
gate_totals() { for n in "${NAMES[@]}"; do case "$n" in gate-*)
  curl -sf "http://127.0.0.1:${MPORT[$n]}/q/metrics" || true;; esac; done | awk '
    /^varflow_gate_batch_size_events_count/ {c+=$2} /^varflow_gate_batch_size_events_sum/ {s+=$2}
    /^varflow_gate_batch_duration_seconds_sum/ {d+=$2} END {printf "%d %d %.6f\n", c, s, d}'; }
# Commits and row writes of the benchmark database so far (pg_stat_database, pg_stat_user_tables).
db_writes() { sql "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
  sum(n_tup_ins), sum(n_tup_upd), sum(n_tup_hot_upd), sum(n_tup_del) FROM pg_stat_user_tables" | tr '|' ' '; }
wait_done() { while [ "$(sql "SELECT count(*) FROM runs WHERE status = 'RUNNING'")" != 0 ]; do sleep 0.2; done; }

# Warm-up, not measured: until the JIT has compiled the hot paths, C2 compiler threads take ~40-50% of every
# JVM's CPU (seen in --profile recordings), which is start-up cost, not the cost of a task.
# The default warm-up is one unmeasured load identical to the measured one (same N, same batch shapes), so the
# measurement sees JIT-compiled code; --warmup W changes its size.
java "$HERE/bench/BenchClient.java" load "$BASE" bench "${WARMUP:-$RUNS}" "$WORK/warm.ids"; wait_done

cpu_snapshot >"$WORK/cpu.before"
read -r DB0 <<<"$(db_writes)"
T0=$(date +%s.%N)
java "$HERE/bench/BenchClient.java" load "$BASE" bench "$RUNS" "$WORK/load.ids"
T1=$(date +%s.%N)
wait_done
"${PSQL[@]}" -d "$DB" -F ' ' >"$WORK/load.stats" <<SQL
CREATE TEMP TABLE ids(id text);
\copy ids FROM '$WORK/load.ids'
SELECT count(*) FILTER (WHERE r.status = 'SUCCEEDED'), count(*),
  (SELECT count(*) FROM task_runs t JOIN ids ON ids.id = t.run_id),
  extract(epoch FROM max(r.finished_at) - min(r.created_at))
FROM runs r JOIN ids ON ids.id = r.id;
SQL
read -r OK TOTAL TASKS SECS <"$WORK/load.stats"
cpu_snapshot >"$WORK/cpu.after"
sleep 1.5 # statistics reach pg_stat_* at most a second after the transactions end
echo "$DB0 $(db_writes)" | awk -v t="$TASKS" '{printf "db per 1000 tasks (load phase): commits=%.0f inserted=%.0f updated=%.0f (hot %.0f) deleted=%.0f\n",
  ($6-$1)*1000/t, ($7-$2)*1000/t, ($8-$3)*1000/t, ($9-$4)*1000/t, ($10-$5)*1000/t}'
# CPU per task is the load-independent cost: on a shared machine the wall-clock rate depends on the neighbours.
echo "cpu ms per 1000 tasks (load phase): $(paste -d' ' "$WORK/cpu.before" "$WORK/cpu.after" | awk -v t="$TASKS" '
  {d = $4 - $2; sum += d; printf "%s=%.0f ", $1, d * 1000 / t} END {printf "total=%.0f", sum * 1000 / t}')"
gate_batches
read -r LOAD_P50 LOAD_P99 LOAD_N <<<"$(hops "$WORK/load.ids")"
echo "load: $TOTAL runs started at once ($OK SUCCEEDED), posted in $(echo "$T1 - $T0" | bc) s, $TASKS tasks in ${SECS} s (first run created -> last run finished)"
echo "load hops ($LOAD_N): p50 ${LOAD_P50} ms, p99 ${LOAD_P99} ms"
# Idle hops last: the JVMs are warm (JIT-compiled) after the load, as in a running system; nothing else runs.
read -r GC0 GS0 GD0 <<<"$(gate_totals)"
java "$HERE/bench/BenchClient.java" idle "$BASE" bench "$IDLE" "$WORK/idle.ids"
read -r GC1 GS1 GD1 <<<"$(gate_totals)"
awk -v c=$((GC1 - GC0)) -v s=$((GS1 - GS0)) -v d0="$GD0" -v d1="$GD1" 'BEGIN {if (c > 0)
  printf "idle gate batches: %d, %.1f events/batch, %.2f ms/batch (poll to activations handed to the producer)\n", c, s / c, (d1 - d0) * 1000 / c}'
read -r IDLE_P50 IDLE_P99 IDLE_N <<<"$(hops "$WORK/idle.ids")"
read -r RUN_P50 RUN_MAX <<<"$(run_ms "$WORK/idle.ids")"
echo "idle: $IDLE runs one at a time, $IDLE_N hops: p50 ${IDLE_P50} ms, p99 ${IDLE_P99} ms; run S..F p50 ${RUN_P50} ms, max ${RUN_MAX} ms"
heaps
TPS=$(echo "scale=0; $TASKS / $SECS" | bc); RPS=$(echo "scale=1; $TOTAL / $SECS" | bc)
echo "tasks_per_s=$TPS runs_per_s=$RPS hop_p50_ms=$IDLE_P50 hop_p99_ms=$IDLE_P99 run_ms_p50=$RUN_P50"
