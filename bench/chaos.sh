#!/usr/bin/env bash
# Varflow chaos run (docs/chaos.md): every role its own JVM on loopback (a Kafka broker process, one coordinator, two
# gates, three workers) and a PostgreSQL of its own from the embedded binaries (the machine's PostgreSQL is not used,
# so this one may be stopped). Split/join runs are posted at a steady pace while, one after another:
#   a worker and a gate get SIGKILL and start again; the coordinator gets SIGKILL, comes back with the test-only
#   fault point varflow.faults.die-after-run-insert armed, halts inside the start window and comes back unarmed;
#   the broker stops and starts; PostgreSQL stops and starts (the API is probed during both outages).
# Then every run must reach a terminal state with nothing lost; the report ends "chaos: OK, nothing lost" (exit 0) or
# "chaos: VIOLATIONS: ..." (exit 1).
#
#   bench/chaos.sh [--runs N] [--rate R]     (default 2000 runs posted at 10 per second)
#
# The harness is dev.varflow.crash.Chaos (test sources), shared with ChaosIT (200 runs, ./mvnw verify).
# Needs: java 17+. Logs of each process: target/chaos/<name>.log
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=2000 RATE=10
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;; --rate) RATE=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
cd "$HERE"
# The packaged jar the roles run from, the compiled harness, and the harness's class path.
./mvnw -q -B package -DskipTests
./mvnw -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/chaos.classpath >/dev/null
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "target/test-classes:target/classes:$(cat target/chaos.classpath)" dev.varflow.crash.ChaosMain \
  "$RUNS" "$RATE" "$HERE/target"
