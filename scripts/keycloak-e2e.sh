#!/usr/bin/env bash
# End-to-end security check against a real Keycloak (docs/security.md): downloads org.keycloak:keycloak-quarkus-dist
# through Maven, starts it with scripts/keycloak/varflow-realm.json, starts `./varflow attica-dev` (requiring a
# client token) and a one-process `./varflow server` with VARFLOW_API_AUTH=oidc against both, then checks
# 401/403/200/201 on the API and the coordinator's client-credentials call to Attica. Takes 1-3 minutes.
# Needs Java 21+ for Keycloak (KC_JAVA_HOME, default Temurin 25), curl and python3. Exit 0 = every check passed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KC_VERSION="${KC_VERSION:-26.5.6}"
KC_JAVA_HOME="${KC_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
WORK="${E2E_WORK:-$HERE/target/keycloak-e2e}"
KC_PORT="${KC_PORT:-18180}"
ATTICA_PORT="${ATTICA_PORT:-18090}"
API_PORT="${API_PORT:-18080}"
KC="$WORK/keycloak-$KC_VERSION"
REALM="http://127.0.0.1:$KC_PORT/realms/varflow"
API="http://127.0.0.1:$API_PORT"
PIDS=()
FAILED=0

log() { echo "e2e: $*"; }
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
check() { # check NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then log "PASS $1 ($3)"; else log "FAIL $1: expected $2, got $3"; FAILED=1; fi
}
wait_for() { # wait_for URL SECONDS
  for _ in $(seq 1 "$2"); do curl -fs -o /dev/null "$1" && return 0; sleep 1; done
  log "timed out waiting for $1"; return 1
}

mkdir -p "$WORK"
if [ ! -x "$KC/bin/kc.sh" ]; then
  log "downloading Keycloak $KC_VERSION (org.keycloak:keycloak-quarkus-dist) through Maven"
  (cd "$HERE" && ./mvnw -q -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" \
    -DoutputDirectory="$WORK")
  unzip -q -o "$WORK/keycloak-quarkus-dist-$KC_VERSION.zip" -d "$WORK"
fi
rm -rf "$KC/data"
mkdir -p "$KC/data/import"
cp "$HERE/scripts/keycloak/varflow-realm.json" "$KC/data/import/"

started=$(date +%s)
log "starting Keycloak on 127.0.0.1:$KC_PORT (realm varflow imported)"
JAVA_HOME="$KC_JAVA_HOME" PATH="$KC_JAVA_HOME/bin:$PATH" "$KC/bin/kc.sh" start-dev --http-port "$KC_PORT" \
  --http-host 127.0.0.1 --import-realm >"$WORK/keycloak.log" 2>&1 &
PIDS+=($!)

log "starting attica-dev on 127.0.0.1:$ATTICA_PORT (client token required)"
"$HERE/varflow" attica-dev --permissions "$HERE/docs/examples/attica-perms.yaml" --port "$ATTICA_PORT" \
  --require-client-token true >"$WORK/attica-dev.log" 2>&1 &
PIDS+=($!)

wait_for "$REALM/.well-known/openid-configuration" 240
log "Keycloak ready after $(( $(date +%s) - started )) s"

log "starting ./varflow server (one-process infrastructure, VARFLOW_API_AUTH=oidc) on 127.0.0.1:$API_PORT"
rm -rf "$WORK/home"
VARFLOW_HOME="$WORK/home" QUARKUS_HTTP_PORT="$API_PORT" VARFLOW_API_AUTH=oidc \
  QUARKUS_OIDC_AUTH_SERVER_URL="$REALM" QUARKUS_OIDC_CLIENT_ID=varflow-api \
  QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH=realm_access/roles \
  VARFLOW_ATTICA_URL="http://127.0.0.1:$ATTICA_PORT/permissions" \
  QUARKUS_OIDC_CLIENT_AUTH_SERVER_URL="$REALM" QUARKUS_OIDC_CLIENT_CLIENT_ID=varflow-coordinator \
  QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET=coordinator-secret \
  "$HERE/varflow" server >"$WORK/varflow.log" 2>&1 &
PIDS+=($!)
wait_for "$API/q/health/ready" 180

user_token() {
  curl -fs "$REALM/protocol/openid-connect/token" -d grant_type=password -d client_id=varflow-cli \
    -d username="$1" -d password=varflow | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
VERA=$(user_token vera)
OTTO=$(user_token otto)
ADA=$(user_token ada)
WORKFLOW='workflow:
  name: e2e-guarded
  tasks:
    - name: shell
      plugin: cmd
      outputs: [OUT]
      params:
        command: "echo OUT=ran"
    - name: strict
      plugin: noop
      requires_auth: true'

check "GET /api/workflows without token" 401 "$(status "$API/api/workflows")"
check "GET /q/health/live without token" 200 "$(status "$API/q/health/live")"
check "GET /api/workflows as viewer vera" 200 "$(status -H "Authorization: Bearer $VERA" "$API/api/workflows")"
check "POST /api/workflows as viewer vera" 403 "$(status -H "Authorization: Bearer $VERA" \
  -H 'Content-Type: application/yaml' --data-binary "$WORKFLOW" "$API/api/workflows")"
check "POST /api/workflows as operator otto" 403 "$(status -H "Authorization: Bearer $OTTO" \
  -H 'Content-Type: application/yaml' --data-binary "$WORKFLOW" "$API/api/workflows")"
check "POST /api/workflows as admin ada" 200 "$(status -H "Authorization: Bearer $ADA" \
  -H 'Content-Type: application/yaml' --data-binary "$WORKFLOW" "$API/api/workflows")"
check "POST /api/runs as viewer vera" 403 "$(status -H "Authorization: Bearer $VERA" \
  -H 'Content-Type: application/json' -d '{"workflow":"e2e-guarded"}' "$API/api/runs")"

start_run() { # start_run AUTH_TOKEN -> run id
  curl -fs -H "Authorization: Bearer $OTTO" -H 'Content-Type: application/json' \
    -d "{\"workflow\":\"e2e-guarded\",\"authToken\":\"$1\"}" "$API/api/runs" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
await_run() { # await_run ID -> prints "STATUS shell=STATE:error strict=STATE:error"
  for _ in $(seq 1 60); do
    out=$(curl -fs -H "Authorization: Bearer $VERA" "$API/api/runs/$1" | python3 -c '
import json,sys
r=json.load(sys.stdin)
tasks=" ".join("%s=%s:%s" % (t["name"], t["state"], t.get("error") or "-") for t in r["tasks"])
print(r["status"], tasks)')
    case "$out" in RUNNING*) sleep 1 ;; *) echo "$out"; return 0 ;; esac
  done
  echo "TIMEOUT"
}
RUN1=$(start_run dev-operator-token)
check "POST /api/runs as operator otto" 36 "${#RUN1}"
R1=$(await_run "$RUN1")
log "run with dev-operator-token: $R1"
check "granted run" "SUCCEEDED shell=SUCCEEDED:- strict=SUCCEEDED:-" "$R1"
R2=$(await_run "$(start_run dev-viewer-token)")
log "run with dev-viewer-token: $R2"
check "denied run" "FAILED shell=FAILED:PERMISSION_DENIED: missing permission can_execute_commands strict=SUCCEEDED:-" "$R2"
CLIENT_LINES=$(grep -c "client varflow-coordinator" "$WORK/attica-dev.log" || true)
check "attica-dev saw the coordinator's client-credentials token (calls)" 2 "$CLIENT_LINES"
log "attica-dev log:"
sed 's/^/e2e:   /' "$WORK/attica-dev.log"
for secret in dev-operator-token dev-viewer-token; do
  check "token $secret absent from the server log" 0 "$(grep -c "$secret" "$WORK/varflow.log" || true)"
done
log "took $(( $(date +%s) - started )) s"
if [ "$FAILED" = 0 ]; then log "ALL CHECKS PASSED"; else log "SOME CHECKS FAILED (logs in $WORK)"; fi
exit "$FAILED"
