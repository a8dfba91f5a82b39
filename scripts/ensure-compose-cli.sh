#!/usr/bin/env bash
# Best effort: makes a Compose CLI available so the test suite can check docker-compose.yml with
# `docker compose config` (no daemon needed). Installs Debian's docker-compose when neither `docker compose` nor
# `docker-compose` runs and apt-get is usable as root; never fails (the check is skipped without a CLI).
if docker compose version >/dev/null 2>&1 || docker-compose version >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  timeout 240 env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-compose \
    >/tmp/varflow-compose-install.log 2>&1 || echo "docker-compose not installed (see /tmp/varflow-compose-install.log)"
fi
exit 0
