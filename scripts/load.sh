#!/usr/bin/env bash
# The REST load generator (bench/src/main/java/io/faceattend/bench/LoadGenerator.java) against running gateways:
# creates employees through the admin API, enrols and approves them with real photos, has each check in and out
# (idempotency keys, retried on the next gateway when one dies), optionally SIGKILLs processes mid-run, then
# verifies from the API that every acknowledged punch is there exactly once. Exit code 0 = PASS.
#
#   scripts/load.sh --gateways http://127.0.0.1:8080 --admin-user admin --admin-password 'change-me-now' \
#       --users 100 --clients 4 [--warmup 50] [--single 20] [--pipeline-runs 100] [--kill-pids PID,PID --kill-at 0.4] \
#       [--photos ../shared/faces] [--report report.json]
#
# Builds the gateway and bench modules first when their classes are missing (FACEATTEND_MVN_FLAGS, e.g. -o, is
# passed to Maven).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/select-jdk.sh
. "$ROOT/scripts/select-jdk.sh"
faceattend_select_jdk
if [ ! -f "$ROOT/gateway/target/faceattend-gateway-launcher.jar" ] \
    || [ ! -f "$ROOT/bench/target/classes/io/faceattend/bench/LoadGenerator.class" ]; then
  # shellcheck disable=SC2086
  "$ROOT/mvnw" -q -B ${FACEATTEND_MVN_FLAGS:-} -f "$ROOT/pom.xml" -DskipTests -Dfaceattend.console.skip=true \
    package -pl gateway,bench -am >&2
fi
JVM_FLAGS=(--enable-native-access=ALL-UNNAMED)
[ "$FACEATTEND_JDK_MAJOR" -ge 24 ] && JVM_FLAGS+=(--sun-misc-unsafe-memory-access=allow)
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" ${LOAD_JAVA_OPTS:--Xmx1g} \
  -cp "$ROOT/bench/target/classes:$ROOT/gateway/target/lib/*" io.faceattend.bench.LoadGenerator "$@"
