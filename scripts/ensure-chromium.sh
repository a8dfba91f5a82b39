#!/usr/bin/env bash
# Makes Chromium available for the browser tests: when no `chromium` (or `chromium-browser`) is on PATH, installs
# Debian's `chromium` package with apt-get, through sudo only when not root. Fails loudly when it cannot, since the
# browser tests cannot run without it.
set -euo pipefail
LOG="${TMPDIR:-/tmp}/varflow-chromium-install.log"
fail() { echo "ensure-chromium: $*" >&2; exit 1; }
found() { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }

if found; then
  exit 0
fi
command -v apt-get >/dev/null 2>&1 \
  || fail "Expected to install chromium with apt-get, but apt-get is not available: install Chromium and retry"
AS_ROOT=()
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 \
    || fail "Expected to install chromium as root, but this is user $(id -un) and sudo is not available"
  AS_ROOT=(sudo)
fi
install() {
  timeout 900 "${AS_ROOT[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends chromium >>"$LOG" 2>&1
}
echo "ensure-chromium: installing Debian's chromium with apt-get (log: $LOG)"
: >"$LOG"
if ! install; then
  # A fresh machine may have no package lists yet.
  timeout 300 "${AS_ROOT[@]}" apt-get update -q >>"$LOG" 2>&1 || true
  install || { tail -n 20 "$LOG" >&2; fail "Expected to install chromium with apt-get, but it failed (see $LOG)"; }
fi
found || fail "Expected chromium on PATH after installing it, but it is not (see $LOG)"
echo "ensure-chromium: $( (command -v chromium || command -v chromium-browser) | head -n 1) installed"
