#!/usr/bin/env bash
# One node's REST check-in throughput against its compute bound, measured in one run (docs/benchmarks.md):
#   1. the load generator times the face engine's check-in pipeline in its own JVM (one thread, the punch photos)
#      while the gateway idles: compute bound = cores / its CPU time (median);
#   2. SINGLE employees check in and out one request at a time (single-request latency);
#   3. the other employees check in and out with CLIENTS parallel clients (saturation throughput and latency).
# The node is `./faceattend serve` as shipped: face engine in process, embedded PostgreSQL, on loopback.
# Settings: USERS (300), CLIENTS (3: one more than the face queue's 2 slots keeps both cores busy without a queue
# that would double the latency), SINGLE (20), PIPELINE_RUNS (100), KEEP=1, SKIP_BUILD=1, FACEATTEND_MVN_FLAGS.
# PROFILE=1: the gateway also records JFR CPU-time samples (JDK 25's jdk.CPUTimeSample: thread CPU time, not wall
# clock, so it holds on a shared box) and bench/.../CpuProfile prints where its CPU per punch goes in the steady
# half, by concern (face engine, the punch's queries, auth, REST, HTTP, ...); costs a few % of CPU.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/select-jdk.sh
. "$ROOT/scripts/select-jdk.sh"
faceattend_select_jdk
USERS="${USERS:-300}"; CLIENTS="${CLIENTS:-3}"; SINGLE="${SINGLE:-20}"; PIPELINE_RUNS="${PIPELINE_RUNS:-100}"
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
s, l, st = r["single_request_ms"], r["saturation_ms"], r.get("steady_state") or {}
cpu = r.get("pipeline_cpu_ms_median", 0)
print("load average: start %s, end %s (a ratio means little when it is above the cores)"
      % (r["load_average_at_start"], r["load_average_at_end"]))
print("pipeline (in process, 1 thread, gateway idle): median %.1f ms CPU, %.1f ms wall"
      % (cpu, r["pipeline_ms_median"]))
print("compute bound = %d cores / %.1f ms CPU = %.1f check-ins/s (from the wall time: %.1f/s)"
      % (r["cores"], cpu, r["compute_bound_per_second"], r.get("compute_bound_from_wall_per_second", 0)))
print("single request (REST, one at a time): p50 %.1f ms, p99 %.1f ms (%d)" % (s["p50"], s["p99"], s["count"]))
print("saturation, all parallel punches (%d clients): %.1f punches/s = %.2f of the bound; p50 %.1f ms, p99 %.1f ms"
      % (r["clients"], r["rest_punches_per_second"], r["throughput_over_compute_bound"], l["p50"], l["p99"]))
def per_punch(d):
    gw, db, lg = d.get("gateway_cpu_ms_per_punch", 0), d.get("database_cpu_ms_per_punch", 0), d["loadgen_cpu_ms_per_punch"]
    return gw, db, lg, gw + db + lg
if st:
    gw, db, lg, total = per_punch(st)
    face = st["server_mean_ms"].get("faceattend_face_cpu_duration_seconds{}", 0)
    print("steady state (second half of the parallel punches, %d, warm JIT): %.1f punches/s, p50 %.1f ms, p99 %.1f ms"
          % (st["punches"], st["punches_per_second"], st["latency_ms"]["p50"], st["latency_ms"]["p99"]))
    print("CPU per punch (steady, /proc): gateway JVM %.1f ms = %.1f in the face engine call + %.1f around it;"
          " PostgreSQL %.1f ms; load generator %.1f ms; total %.1f ms" % (gw, face, gw - face, db, lg, total))
    threads = st.get("gateway_cpu_ms_per_punch_by_thread", {})
    if threads:
        print("gateway CPU per punch by thread (steady, /proc; Linux cuts names to 15 characters):")
        for k, v in list(threads.items())[:10]:
            print("   %-20s %6.2f ms" % (k, v))
    print("server-side means in the steady state (ms):")
    for k, v in st["server_mean_ms"].items():
        print("   %-120s %7.1f" % (k, v))
    ratio = r.get("steady_throughput_over_compute_bound", 0)
    p99x = st["latency_ms"]["p99"] / s["p50"]
    print()
    print("== RESULT (steady state) ==")
    print("throughput / compute bound: %.2f (target >= 0.90): %s" % (ratio, "MET" if ratio >= 0.9 else "NOT MET"))
    print("p99 / single-request p50: %.2f (target < 2): %s" % (p99x, "MET" if p99x < 2 else "NOT MET"))
    print("ceiling from CPU time (pipeline CPU / all CPU of a punch; what an idle box could reach): %.2f;"
          " without the generator's own CPU: %.2f" % (cpu / total, cpu / (gw + db)))
print("retries %d %s, refusals %s, verification %s" % (r["punch_retries"], r["punch_retry_causes"],
      r["punch_refusals"], r["verification"]))
PY
if [ "${PROFILE:-0}" = 1 ] && [ -f "$WORK/gateway.jfr" ]; then
  read -r PUNCHES FROM TO < <(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["steady_state"]; print(s["punches"], s["from_epoch_ms"], s["to_epoch_ms"])' "$WORK/report.json")
  "$JAVA_HOME/bin/java" -cp "$ROOT/bench/target/classes" io.faceattend.bench.CpuProfile "$WORK/gateway.jfr" "$PUNCHES" "$FROM" "$TO"
fi
