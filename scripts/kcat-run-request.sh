#!/usr/bin/env bash
# Starts runs from Kafka with kcat, a real external client: the same request twice (one run), then an invalid
# record (dead-lettered with its reason). Uses the server at $VARFLOW_SERVER with the broker at
# $KAFKA_BOOTSTRAP_SERVERS when both are set; otherwise starts a one-process ./varflow server with an in-process
# broker on a pinned port and stops it at the end. Needs kcat (apt-get install kcat), curl and python3.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v kcat >/dev/null || { echo "kcat not found: apt-get install -y kcat" >&2; exit 1; }

SERVER="${VARFLOW_SERVER:-}"
BROKER="${KAFKA_BOOTSTRAP_SERVERS:-}"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

if [ -z "$SERVER" ] || [ -z "$BROKER" ]; then
  HTTP_PORT="${HTTP_PORT:-18080}"
  KAFKA_PORT="${KAFKA_PORT:-19092}"
  HOME_DIR="$(mktemp -d)"
  SERVER="http://127.0.0.1:$HTTP_PORT"
  BROKER="127.0.0.1:$KAFKA_PORT"
  echo "# starting ./varflow server (REST $SERVER, in-process Kafka $BROKER)"
  VARFLOW_HOME="$HOME_DIR" QUARKUS_HTTP_PORT="$HTTP_PORT" "$HERE/varflow" server --kafka-port "$KAFKA_PORT" \
    > "$HOME_DIR/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "$SERVER/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$HOME_DIR/server.log" >&2; exit 1; }
    sleep 1
  done
  curl -sf "$SERVER/q/health/ready" >/dev/null || { echo "server not ready" >&2; exit 1; }
fi

echo "# register workflow kcat-greeting"
curl -sf -X POST -H 'Content-Type: application/yaml' --data-binary @- "$SERVER/api/workflows" <<'YAML' >/dev/null
workflow:
  name: "kcat-greeting"
  tasks:
    - name: "GREET"
      plugin: "cmd"
      inputs: ["WHO"]
      outputs: ["GREETING"]
      params:
        command: 'echo "GREETING=hello $WHO"'
YAML

REQUEST_ID="kcat-$(date +%s)-$$"
RECORD="{\"requestId\": \"$REQUEST_ID\", \"workflow\": \"kcat-greeting\", \"vars\": {\"WHO\": \"kcat\"}}"
echo "# kcat -P: the same request twice, then an invalid record"
printf '%s\n%s\n' "$RECORD" "$RECORD" | kcat -P -b "$BROKER" -t varflow.run-requests -k "$REQUEST_ID"
printf '%s\n' '{"requestId": "broken", "workflow": "no-such-workflow"}' \
  | kcat -P -b "$BROKER" -t varflow.run-requests -k "$REQUEST_ID-invalid"
echo "$RECORD"
echo "$RECORD"
echo '{"requestId": "broken", "workflow": "no-such-workflow"}'

echo "# GET /api/runs?workflow=kcat-greeting (waiting for the run to finish)"
for _ in $(seq 1 60); do
  RUNS="$(curl -sf "$SERVER/api/runs?workflow=kcat-greeting")"
  echo "$RUNS" | grep -q '"status":"SUCCEEDED"' && break
  sleep 1
done
echo "$RUNS" | python3 -c 'import json,sys; [print(r["id"], r["workflow"], r["status"]) for r in json.load(sys.stdin)]'
COUNT="$(echo "$RUNS" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
RUN_ID="$(echo "$RUNS" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')"
echo "# variables of run $RUN_ID"
curl -sf "$SERVER/api/runs/$RUN_ID" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["status"], r["variables"])'

echo "# kcat -C varflow.run-requests.dlq (records keyed $REQUEST_ID-invalid)"
LETTER=""
for _ in $(seq 1 30); do
  LETTER="$(kcat -C -b "$BROKER" -t varflow.run-requests.dlq -o beginning -e -q -f '%k %s\n' 2>/dev/null \
    | grep "^$REQUEST_ID-invalid " || true)"
  [ -n "$LETTER" ] && break
  sleep 1
done
echo "$LETTER"

if [ "$COUNT" = "1" ] && [ -n "$LETTER" ]; then
  echo "# OK: one run for two deliveries of request $REQUEST_ID, invalid record dead-lettered with its reason"
else
  echo "# FAILED: $COUNT runs, dead letter: ${LETTER:-none}" >&2
  exit 1
fi
