#!/usr/bin/env bash
# Scale-out acceptance test, all on loopback: PostgreSQL from Debian's packages (installed when missing), two face
# engines (`./faceattend face-engine`) and two gateways (`./faceattend serve`, FACEATTEND_FACE_ENGINE_ADDRESSES
# naming both engines) on that one database. The load generator (scripts/load.sh) drives real REST check-ins and
# check-outs through both gateways and SIGKILLs one gateway and one engine mid-run; a supervisor here restarts
# each killed process two seconds after it died (what Kubernetes does), nothing else. Then:
#   phase 1: every acknowledged punch is there exactly once (API and PostgreSQL), none lost, none refused;
#   phase 2: the engine that was NOT killed is killed too, and a second load through both gateways must still
#            succeed: the restarted engine is back in both gateways' rotation without any manual step.
# Not part of scripts/test.sh (it takes several minutes). Settings: USERS (100), CLIENTS (6), USERS2 (12),
# KEEP=1 keeps the work directory, FACEATTEND_MVN_FLAGS (e.g. -o) for the build, SKIP_BUILD=1.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/select-jdk.sh
. "$ROOT/scripts/select-jdk.sh"
faceattend_select_jdk

USERS="${USERS:-100}"
CLIENTS="${CLIENTS:-6}"
USERS2="${USERS2:-12}"
PHOTOS="${PHOTOS:-$ROOT/../shared/faces}"
WORK="$(mktemp -d /tmp/faceattend-scale.XXXXXX)"
chmod 755 "$WORK"
mkdir -p "$WORK/pids"
log() { echo "[scale-test] $*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 30000))
}

# ---------------------------------------------------------------- PostgreSQL from Debian's packages
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
if [ -z "$PG_BIN" ]; then
  log "installing PostgreSQL (apt-get install postgresql)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
fi
as_pg() { # PostgreSQL refuses to run as root: run it as the postgres account then
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
PG_PORT="$(free_port)"
PG_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
mkdir -p "$WORK/pg" "$WORK/pgsock" "$WORK/pglog"
printf '%s\n' "$PG_PASSWORD" > "$WORK/pg.pass"
if [ "$(id -u)" = 0 ]; then chown postgres "$WORK/pg" "$WORK/pgsock" "$WORK/pglog" "$WORK/pg.pass"; fi
chmod 700 "$WORK/pg"

cleanup() {
  local rc=$?
  for f in "$WORK"/pids/*; do
    [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null || true
  done
  as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  if [ "$rc" != 0 ] || [ "${KEEP:-0}" = 1 ]; then
    log "logs and report kept in $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT

as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U postgres --auth=scram-sha-256 --pwfile="$WORK/pg.pass" >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pglog/postgres.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$WORK/pgsock -c max_connections=200" \
  start >/dev/null
export PGPASSWORD="$PG_PASSWORD"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres faceattend
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
psql_q() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d faceattend -At -c "$1"; }

# ---------------------------------------------------------------- build once, then run without rebuilding
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building gateway and bench"
  # shellcheck disable=SC2086
  ./mvnw -q -B ${FACEATTEND_MVN_FLAGS:-} -DskipTests -Dfaceattend.console.skip=true package -pl gateway,bench -am
fi
export FACEATTEND_SKIP_BUILD=1

# every node: the same database and the same keys (sessions and templates are shared through PostgreSQL)
export FACEATTEND_DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/faceattend"
export FACEATTEND_DATABASE_USER=postgres
export FACEATTEND_DATABASE_PASSWORD="$PG_PASSWORD"
FACEATTEND_JWT_SECRET="$(head -c 32 /dev/urandom | base64)"
FACEATTEND_TEMPLATE_KEY="$(head -c 32 /dev/urandom | base64)"
export FACEATTEND_JWT_SECRET FACEATTEND_TEMPLATE_KEY
export FACEATTEND_REQUIRE_SITE=false
export FACEATTEND_LOG_LEVEL=warn
# one load generator = one client address: seed 001's per-address limits would refuse it (429)
export FACEATTEND_RATE_LIMITS="${FACEATTEND_RATE_LIMITS:-authentication=1000000/minute,face_verification=1000000/minute,general=100000000/hour}"

E1="$(free_port)"; E2="$(free_port)"; G1="$(free_port)"; G2="$(free_port)"
export FACEATTEND_FACE_ENGINE_ADDRESSES="127.0.0.1:$E1,127.0.0.1:$E2"

start_engine() { # name port
  FACEATTEND_JAVA_OPTS="-Xmx768m" ./faceattend face-engine --host 127.0.0.1 --port "$2" >>"$WORK/$1.log" 2>&1 &
  echo $! > "$WORK/pids/$1"
  disown # its SIGKILL is expected: no "Killed" line from this shell
}
start_gateway() { # name port
  FACEATTEND_DATA_DIR="$WORK/$1" FACEATTEND_JAVA_OPTS="-Xmx1g" ./faceattend serve --port "$2" >>"$WORK/$1.log" 2>&1 &
  echo $! > "$WORK/pids/$1"
  disown
}
await_engine() { # name
  for _ in $(seq 1 240); do
    [ "$(grep -c 'face engine listening' "$WORK/$1.log" 2>/dev/null || true)" -ge "${2:-1}" ] && return 0
    sleep 0.5
  done
  log "$1 did not start"; tail -n 30 "$WORK/$1.log" >&2; return 1
}
await_gateway() { # port
  for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$1/api/health" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  log "gateway on $1 did not become healthy"; return 1
}
# restarts a process 2 s after it died, once (as an orchestrator would); runs in the background
supervise() { # name port kind
  (
    pid="$(cat "$WORK/pids/$1")"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    echo "$(date +%T.%N | cut -c1-12) $1 died" >>"$WORK/events.log"
    sleep 2
    if [ "$3" = engine ]; then start_engine "$1" "$2"; else start_gateway "$1" "$2"; fi
    echo "$(date +%T.%N | cut -c1-12) $1 restarted" >>"$WORK/events.log"
  ) &
  echo $! > "$WORK/pids/supervisor-$1"
}

start_engine engine1 "$E1"
start_engine engine2 "$E2"
await_engine engine1
await_engine engine2
start_gateway gateway1 "$G1"
await_gateway "$G1"            # the first gateway migrates the schema; the second starts on a migrated one
start_gateway gateway2 "$G2"
await_gateway "$G2"
log "engines on :$E1 :$E2, gateways on :$G1 :$G2"

ADMIN_PASSWORD="admin-$(head -c 9 /dev/urandom | base64 | tr -d '/+=')"
FACEATTEND_DATA_DIR="$WORK/cli" ./faceattend user add --username admin --password "$ADMIN_PASSWORD" \
  --name "Load Admin" --email admin@load.example --role admin >/dev/null

supervise gateway2 "$G2" gateway
supervise engine1 "$E1" engine
GATEWAYS="http://127.0.0.1:$G1,http://127.0.0.1:$G2"

# ---------------------------------------------------------------- phase 1: the rush, with two SIGKILLs
log "phase 1: $USERS employees, $CLIENTS clients, SIGKILL gateway2 and engine1 at 30% of the punches"
set +e
scripts/load.sh --gateways "$GATEWAYS" --admin-user admin --admin-password "$ADMIN_PASSWORD" \
  --users "$USERS" --clients "$CLIENTS" --photos "$PHOTOS" --prefix rush \
  --kill-pids "$(cat "$WORK/pids/gateway2"),$(cat "$WORK/pids/engine1")" --kill-at 0.3 \
  --report "$WORK/phase1.json" >"$WORK/load1.out" 2>"$WORK/load1.log"
PHASE1=$?
set -e
cat "$WORK/events.log" >&2 2>/dev/null || true
grep -E 'SIGKILL|LOST|UNEXPECTED|refused|PASS|FAIL' "$WORK/load1.log" >&2 || true

# ---------------------------------------------------------------- recovery
await_engine engine1 2          # restarted: its second "listening" line
await_gateway "$G2"
log "killed nodes restarted: engine1 and gateway2 up again"

# ---------------------------------------------------------------- phase 2: only the restarted engine is left
kill -9 "$(cat "$WORK/pids/engine2")"
log "phase 2: engine2 SIGKILLed too; $USERS2 more employees through both gateways on the restarted engine1"
set +e
scripts/load.sh --gateways "$GATEWAYS" --admin-user admin --admin-password "$ADMIN_PASSWORD" \
  --users "$USERS2" --clients 2 --photos "$PHOTOS" --prefix after \
  --report "$WORK/phase2.json" >"$WORK/load2.out" 2>"$WORK/load2.log"
PHASE2=$?
set -e
grep -E 'LOST|UNEXPECTED|refused|PASS|FAIL' "$WORK/load2.log" >&2 || true

# ---------------------------------------------------------------- the database's own count
EXPECTED=$(( 2 * (USERS + USERS2) ))
ROWS="$(psql_q "select count(*) from attendance_punches")"
DUPLICATES="$(psql_q "select count(*) from (select user_id, kind, work_date from attendance_punches group by 1, 2, 3 having count(*) > 1) d")"
MISSING="$(psql_q "select count(*) from users u where (u.username like 'rush-%' or u.username like 'after-%')
                   and (select count(*) from attendance_punches p where p.user_id = u.id) <> 2")"
ATTEMPTS="$(psql_q "select count(*) from attendance_attempts")"
python3 - "$WORK/phase1.json" <<'PY' >&2 || true
import json, sys
r = json.load(open(sys.argv[1]))
print("[scale-test] phase 1: %d punches acknowledged, %d retries %s, %.1f punches/s, p50 %.0f ms p99 %.0f ms, verification %s"
      % (r["punches_acknowledged"], r["punch_retries"], r["punch_retry_causes"], r["rest_punches_per_second"],
         r["saturation_ms"].get("p50", 0), r["saturation_ms"].get("p99", 0), r["verification"]))
PY
log "database: $ROWS punch rows (expected $EXPECTED), $DUPLICATES duplicated, $MISSING employees without exactly 2, $ATTEMPTS refused attempts"

if [ "$PHASE1" = 0 ] && [ "$PHASE2" = 0 ] && [ "$ROWS" = "$EXPECTED" ] && [ "$DUPLICATES" = 0 ] \
    && [ "$MISSING" = 0 ] && [ "$ATTEMPTS" = 0 ]; then
  log "PASS: zero acknowledged punches lost, zero duplicated, recovery without manual steps"
  cp "$WORK/phase1.json" "${REPORT:-/dev/null}" 2>/dev/null || true
else
  log "FAIL (phase1=$PHASE1 phase2=$PHASE2)"
  exit 1
fi
