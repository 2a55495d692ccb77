#!/usr/bin/env bash
# One node's REST check-in throughput against its compute bound, measured in one run (docs/benchmarks.md):
#   1. the load generator times the face engine's check-in pipeline in its own JVM while the gateway idles: warmed
#      up, one pipeline per core side by side (what sharing the caches costs; reported, not used for the bound),
#      then one thread on the punch photos: compute bound = cores / its CPU time (median);
#   2. WARMUP employees check in and out in parallel, not measured: the gateway's JIT compiles the hot path, so
#      what follows is steady state (C2 otherwise costs ~12 ms of CPU per punch in the first minutes);
#   3. SINGLE employees check in and out one request at a time (single-request latency and CPU per punch);
#   4. the other employees check in and out with CLIENTS parallel clients (saturation throughput and latency).
# The node is `./faceattend serve` as shipped: face engine in process, embedded PostgreSQL, on loopback.
# Settings: USERS (370), CLIENTS (3: one more than the face queue's 2 slots keeps both cores busy without a queue
# that would double the latency), WARMUP (150 employees = 300 punches: half the C2 cost of 50), SINGLE (20), PIPELINE_RUNS (100), KEEP=1,
# SKIP_BUILD=1, FACEATTEND_MVN_FLAGS. About 5-6 minutes on a quiet 2-core box, build included (-o: offline).
# PROFILE=1: the gateway also records JFR CPU-time samples (JDK 25's jdk.CPUTimeSample: thread CPU time, not wall
# clock, so it holds on a shared box) and bench/.../CpuProfile prints where its CPU per punch goes in the steady
# half, by concern (face engine, the punch's queries, auth, REST, HTTP, ...); costs a few % of CPU.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/select-jdk.sh
. "$ROOT/scripts/select-jdk.sh"
faceattend_select_jdk
USERS="${USERS:-370}"; CLIENTS="${CLIENTS:-3}"; SINGLE="${SINGLE:-20}"; PIPELINE_RUNS="${PIPELINE_RUNS:-100}"
WARMUP="${WARMUP:-150}"
if [ $((WARMUP + SINGLE + CLIENTS)) -gt "$USERS" ]; then
  echo "USERS ($USERS) must exceed WARMUP ($WARMUP) + SINGLE ($SINGLE) + CLIENTS ($CLIENTS)" >&2; exit 2
fi
STARTED=$SECONDS
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
log "gateway on :$PORT; $USERS employees: $WARMUP warm-up, $SINGLE one at a time, the rest with $CLIENTS clients;"\
" load average $(cut -d' ' -f1-3 /proc/loadavg)"
scripts/load.sh --gateways "http://127.0.0.1:$PORT" --admin-user admin --admin-password "$ADMIN_PASSWORD" \
  --users "$USERS" --clients "$CLIENTS" --warmup "$WARMUP" --single "$SINGLE" --pipeline-runs "$PIPELINE_RUNS" --photos "$PHOTOS" \
  --prefix bench --cpu-pid "$(cat "$WORK/gateway.pid")" \
  --cpu-postmaster "$(head -n1 "$WORK/data/postgres/postmaster.pid")" --report "$WORK/report.json" >"$WORK/load.out" 2>"$WORK/load.log" || { tail -20 "$WORK/load.log" >&2; exit 1; }
if [ "${PROFILE:-0}" = 1 ]; then
  "$JAVA_HOME/bin/jcmd" "$(cat "$WORK/gateway.pid")" JFR.dump name=profile filename="$WORK/gateway.jfr" >/dev/null
fi
python3 - "$WORK/report.json" "$CLIENTS" "$((SECONDS - STARTED))" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
s, l, st = r["single_request_ms"], r["saturation_ms"], r.get("steady_state") or {}
cores, cpu = r["cores"], r.get("pipeline_cpu_ms_median", 0)
def load(key):
    return " ".join(str(r.get(key, "?")).split()[:3])
print("load average (1, 5, 15 min) at start %s, saturation start %s, end %s on %d cores%s"
      % (load("load_average_at_start"), load("load_average_at_saturation_start"), load("load_average_at_end"),
         cores, "" if float(load("load_average_at_end").split()[0]) <= cores
         else "  <-- ABOVE THE CORES: neighbours took CPU, the wall ratios below are not the node's"))
print()
print("== the compute bound ==")
print("pipeline alone (in process, 1 thread, gateway idle): median %.1f ms CPU, %.1f ms wall"
      % (cpu, r["pipeline_ms_median"]))
if r.get("pipeline_side_by_side_cpu_ms_median"):
    print("pipeline, %d side by side: median %.1f ms CPU each (sharing the caches; not used for the bound)"
          % (cores, r["pipeline_side_by_side_cpu_ms_median"]))
print("compute bound = %d cores / %.1f ms CPU = %.1f check-ins/s (from the wall time: %.1f/s)"
      % (cores, cpu, r["compute_bound_per_second"], r.get("compute_bound_from_wall_per_second", 0)))
print()
print("== single request (REST, one at a time, after %d warm-up punches in %.0f s) =="
      % (r.get("warmup_punches", 0), r.get("warmup_seconds", 0)))
print("latency p50 %.1f ms, p99 %.1f ms (%d punches)" % (s["p50"], s["p99"], s["count"]))
face1 = r.get("server_mean_ms_single", {}).get("faceattend_face_cpu_duration_seconds{}", 0)
if r.get("single_gateway_cpu_ms_per_punch"):
    print("CPU per punch: gateway JVM %.1f ms (face engine call %.1f), PostgreSQL %.1f ms"
          % (r["single_gateway_cpu_ms_per_punch"], face1, r.get("single_database_cpu_ms_per_punch", 0)))
print()
print("== saturation (%s clients, %d punches in %.1f s) ==" % (sys.argv[2], l["count"], r["load_seconds"]))
print("throughput %.1f punches/s; latency p50 %.1f ms, p99 %.1f ms"
      % (r["rest_punches_per_second"], l["p50"], l["p99"]))
gw, db, lg = r.get("gateway_cpu_ms_per_punch", 0), r.get("database_cpu_ms_per_punch", 0), r["loadgen_cpu_ms_per_punch"]
face = r.get("server_mean_ms_during_load", {}).get("faceattend_face_cpu_duration_seconds{}", 0)
print("CPU per punch (/proc): gateway JVM %.1f ms = %.1f in the face engine call + %.1f around it;"
      " PostgreSQL %.1f ms; load generator %.1f ms; total %.1f ms" % (gw, face, gw - face, db, lg, gw + db + lg))
if st:
    print("second half alone (%d punches): %.1f punches/s, p50 %.1f ms, p99 %.1f ms"
          % (st["punches"], st["punches_per_second"], st["latency_ms"]["p50"], st["latency_ms"]["p99"]))
    threads = st.get("gateway_cpu_ms_per_punch_by_thread", {})
    if threads:
        print("gateway CPU per punch by thread (second half, /proc; Linux cuts names to 15 characters):")
        for k, v in list(threads.items())[:8]:
            print("   %-20s %6.2f ms" % (k, v))
    print("server-side means in the second half (ms):")
    for k, v in st["server_mean_ms"].items():
        print("   %-120s %7.1f" % (k, v))
ratio = r.get("throughput_over_compute_bound", 0)
p99x, p99y = l["p99"] / s["p50"], l["p99"] / s["p99"]
total = gw + db + lg
print()
print("== RESULT (one run, saturation phase after the warm-up) ==")
print("throughput / compute bound: %.1f / %.1f = %.2f (target >= 0.90): %s"
      % (r["rest_punches_per_second"], r["compute_bound_per_second"], ratio, "MET" if ratio >= 0.9 else "NOT MET"))
print("p99 at saturation / single-request p50: %.0f / %.0f ms = %.2f (target < 2): %s; / single-request p99: %.2f"
      % (l["p99"], s["p50"], p99x, "MET" if p99x < 2 else "NOT MET", p99y))
if total > 0:
    print("ceiling from CPU time (pipeline CPU / all CPU of a punch at saturation; what this code could reach on"
          " an idle box): %.2f; without the generator's own CPU: %.2f" % (cpu / total, cpu / (gw + db)))
print("load average at the end: %s on %d cores; the run took %s s"
      % (load("load_average_at_end"), cores, sys.argv[3]))
print("retries %d %s, refusals %s, verification %s" % (r["punch_retries"], r["punch_retry_causes"],
      r["punch_refusals"], r["verification"]))
PY
if [ "${PROFILE:-0}" = 1 ] && [ -f "$WORK/gateway.jfr" ]; then
  read -r PUNCHES FROM TO < <(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["steady_state"]; print(s["punches"], s["from_epoch_ms"], s["to_epoch_ms"])' "$WORK/report.json")
  "$JAVA_HOME/bin/java" -cp "$ROOT/bench/target/classes" io.faceattend.bench.CpuProfile "$WORK/gateway.jfr" "$PUNCHES" "$FROM" "$TO"
fi
