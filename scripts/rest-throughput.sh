#!/usr/bin/env bash
# One node's REST check-in throughput against its compute bound, measured in one run (docs/benchmarks.md):
#   1. the load generator times the face engine's check-in pipeline in its own JVM (one thread, the punch photos)
#      while the gateway idles: compute bound = cores / that time;
#   2. SINGLE employees check in and out one request at a time (single-request latency);
#   3. the other employees check in and out with CLIENTS parallel clients (saturation throughput and latency).
# The node is `./faceattend serve` as shipped: face engine in process, embedded PostgreSQL, on loopback.
# Settings: USERS (300), CLIENTS (4), SINGLE (20), PIPELINE_RUNS (100), KEEP=1, SKIP_BUILD=1, FACEATTEND_MVN_FLAGS.
# PROFILE=1: the gateway also records JFR CPU-time samples (JDK 25's jdk.CPUTimeSample: thread CPU time, not wall
# clock, so it holds on a shared box) and bench/.../CpuProfile prints where its CPU per punch goes in the steady
# half, by concern (face engine, the punch's queries, auth, REST, HTTP, ...); costs a few % of CPU.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/select-jdk.sh
. "$ROOT/scripts/select-jdk.sh"
faceattend_select_jdk
USERS="${USERS:-300}"; CLIENTS="${CLIENTS:-4}"; SINGLE="${SINGLE:-20}"; PIPELINE_RUNS="${PIPELINE_RUNS:-100}"
PHOTOS="${PHOTOS:-$ROOT/../shared/faces}"
WORK="$(mktemp -d /tmp/faceattend-throughput.XXXXXX)"
log() { echo "[throughput] $*" >&2; }
cleanup() {
  local rc=$?
  [ -f "$WORK/gateway.pid" ] && kill "$(cat "$WORK/gateway.pid")" 2>/dev/null && sleep 3
  if [ "$rc" != 0 ] || [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # shellcheck disable=SC2086
  ./mvnw -q -B ${FACEATTEND_MVN_FLAGS:-} -DskipTests -Dfaceattend.console.skip=true package -pl gateway,bench -am
fi
export FACEATTEND_SKIP_BUILD=1 FACEATTEND_DATA_DIR="$WORK/data" FACEATTEND_REQUIRE_SITE=false FACEATTEND_LOG_LEVEL=warn
# the generator is one client address: seed 001's per-address limits (5 sign-ins, 100 face calls a minute) would
# refuse it; limits far above the run keep the per-request counter upsert (its cost is part of a punch)
export FACEATTEND_RATE_LIMITS="${FACEATTEND_RATE_LIMITS:-authentication=1000000/minute,face_verification=1000000/minute,general=100000000/hour}"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
if [ "${PROFILE:-0}" = 1 ]; then
  export FACEATTEND_JAVA_OPTS="${FACEATTEND_JAVA_OPTS:-} -XX:StartFlightRecording:name=profile,settings=$ROOT/scripts/cpu-time.jfc"
fi
./faceattend serve --port "$PORT" >"$WORK/gateway.log" 2>&1 &
echo $! > "$WORK/gateway.pid"
for _ in $(seq 1 240); do curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break; sleep 0.5; done
ADMIN_PASSWORD="admin-$(head -c 9 /dev/urandom | base64 | tr -d '/+=')"
./faceattend user add --username admin --password "$ADMIN_PASSWORD" --name "Bench Admin" \
  --email admin@bench.example --role admin >/dev/null
log "gateway on :$PORT; load: $USERS employees ($SINGLE one at a time), $CLIENTS clients; $(uptime)"
scripts/load.sh --gateways "http://127.0.0.1:$PORT" --admin-user admin --admin-password "$ADMIN_PASSWORD" \
  --users "$USERS" --clients "$CLIENTS" --single "$SINGLE" --pipeline-runs "$PIPELINE_RUNS" --photos "$PHOTOS" \
  --prefix bench --cpu-pid "$(cat "$WORK/gateway.pid")" \
  --cpu-postmaster "$(head -n1 "$WORK/data/postgres/postmaster.pid")" --report "$WORK/report.json" >"$WORK/load.out" 2>"$WORK/load.log" || { tail -20 "$WORK/load.log" >&2; exit 1; }
if [ "${PROFILE:-0}" = 1 ]; then
  "$JAVA_HOME/bin/jcmd" "$(cat "$WORK/gateway.pid")" JFR.dump name=profile filename="$WORK/gateway.jfr" >/dev/null
fi
python3 - "$WORK/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print("load average: start %s, end %s" % (r["load_average_at_start"], r["load_average_at_end"]))
print("pipeline (in process, 1 thread): median %.1f ms -> compute bound %.1f check-ins/s on %d cores"
      % (r["pipeline_ms_median"], r["compute_bound_per_second"], r["cores"]))
s, l = r["single_request_ms"], r["saturation_ms"]
print("single request (REST, one at a time): p50 %.1f ms, p99 %.1f ms (%d)" % (s["p50"], s["p99"], s["count"]))
print("saturation (%d clients): %.1f punches/s = %.2f of the compute bound; p50 %.1f ms, p99 %.1f ms (%.2fx single p50)"
      % (r["clients"], r["rest_punches_per_second"], r["throughput_over_compute_bound"], l["p50"], l["p99"],
         l["p99"] / s["p50"]))
cpu = r.get("pipeline_cpu_ms_median", 0)
gw, db, lg = r.get("gateway_cpu_ms_per_punch", 0), r.get("database_cpu_ms_per_punch", 0), r["loadgen_cpu_ms_per_punch"]
print("CPU per punch at saturation: gateway JVM %.1f ms (of which the pipeline's own %.1f ms), PostgreSQL %.1f ms,"
      " load generator %.1f ms: the pipeline is %.0f%% of it" % (gw, cpu, db, lg, 100 * cpu / max(1e-9, gw + db + lg)))
st = r.get("steady_state")
if st:
    print("steady state (second half of the parallel punches, warm JIT): %.1f punches/s = %.2f of the compute bound;"
          " p50 %.1f ms, p99 %.1f ms (%.2fx single p50); CPU per punch: gateway %.1f ms, PostgreSQL %.1f ms,"
          " load generator %.1f ms: the pipeline is %.0f%% of it"
          % (st["punches_per_second"], r["steady_throughput_over_compute_bound"], st["latency_ms"]["p50"],
             st["latency_ms"]["p99"], st["latency_ms"]["p99"] / s["p50"], st.get("gateway_cpu_ms_per_punch", 0),
             st.get("database_cpu_ms_per_punch", 0), st["loadgen_cpu_ms_per_punch"],
             100 * cpu / max(1e-9, st.get("gateway_cpu_ms_per_punch", 0) + st.get("database_cpu_ms_per_punch", 0)
                             + st["loadgen_cpu_ms_per_punch"])))
    face_cpu = st["server_mean_ms"].get("faceattend_face_cpu_duration_seconds{}", 0)
    if face_cpu:
        print("gateway CPU per punch: %.1f ms inside the face engine call (measured on its threads), %.1f ms around it"
              " (HTTP, multipart, auth, the in-process hop, JDBC, JSON, GC, JIT)"
              % (face_cpu, st.get("gateway_cpu_ms_per_punch", 0) - face_cpu))
    print("server-side means in the steady state (ms):")
    for k, v in st["server_mean_ms"].items():
        print("   %-120s %7.1f" % (k, v))
    threads = st.get("gateway_cpu_ms_per_punch_by_thread", {})
    if threads:
        print("gateway CPU per punch by thread (steady state, /proc; names cut to 15 characters by Linux):")
        for k, v in list(threads.items())[:12]:
            print("   %-20s %6.2f ms" % (k, v))
print("retries %d %s, refusals %s, verification %s" % (r["punch_retries"], r["punch_retry_causes"],
      r["punch_refusals"], r["verification"]))
PY
if [ "${PROFILE:-0}" = 1 ] && [ -f "$WORK/gateway.jfr" ]; then
  read -r PUNCHES FROM TO < <(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["steady_state"]; print(s["punches"], s["from_epoch_ms"], s["to_epoch_ms"])' "$WORK/report.json")
  "$JAVA_HOME/bin/java" -cp "$ROOT/bench/target/classes" io.faceattend.bench.CpuProfile "$WORK/gateway.jfr" "$PUNCHES" "$FROM" "$TO"
fi
