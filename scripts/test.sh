#!/usr/bin/env bash
# THE test command (README.md; .ci/run calls exactly this): sets up what the tests need on a fresh Debian machine,
# then runs the whole suite, unit and integration tests. Arguments go to Maven, e.g. `scripts/test.sh -o` offline.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-postgres.sh     # the machine's PostgreSQL at 127.0.0.1:5432 (user postgres, trust)
./scripts/ensure-compose-cli.sh  # docker-compose for the deployment checks (best effort: skipped without it)
./scripts/ensure-chromium.sh     # Chromium for the browser tests (required: fails loudly)
exec ./mvnw -B verify "$@"
