#!/usr/bin/env bash
# The long form of RunSoakTest (issue 13): a service member (the service jar, one member on loopback)
# answers RUNS small wordcount runs over HTTP; its class histograms after a warm-up and at the end are
# compared, and every class that gained at least one live instance per 100 runs is printed. Exits 1
# when a class gained one per run or more.
#   mvn -B -q package -DskipTests && bench/soak-runs.sh            # 30,000 runs, a few minutes
#   RUNS=5000 SOAK_HTTP_PORT=19011 bench/soak-runs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-30000}"
HTTP_PORT="${SOAK_HTTP_PORT:-19001}"
CLUSTER_PORT="${SOAK_CLUSTER_PORT:-19051}"
JAR="$(ls target/sluice-*-service.jar 2>/dev/null | head -n 1)"
[ -n "$JAR" ] || { echo "no target/sluice-*-service.jar: run mvn -B -q package -DskipTests first" >&2; exit 2; }
work="$(mktemp -d)"
SLUICE_CLUSTER_NAME="soak-$$" SLUICE_CLUSTER_PORT="$CLUSTER_PORT" SLUICE_WORKERS_PER_PROCESS=2 \
  SERVER_PORT="$HTTP_PORT" java -Xmx512m -jar "$JAR" > "$work/member.log" 2>&1 &
pid=$!
trap 'status=$?; kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"; exit $status' EXIT
until curl -sf "localhost:$HTTP_PORT/actuator/health/readiness" > /dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/member.log" >&2; exit 1; }
  sleep 1
done

# one curl per 500 runs, on one kept-alive connection
for i in $(seq 500); do
  [ "$i" = 1 ] || echo next
  printf 'url = "http://127.0.0.1:%s/flows/wordcount/run?epochs=single"\n' "$HTTP_PORT"
  printf 'data = "[\\"to be or not to be\\", \\"to see\\"]"\nheader = "Content-Type: application/json"\n'
  printf 'output = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n'
done > "$work/batch.curl"
runs() {
  local batches=$(( ($1 + 499) / 500 ))
  for _ in $(seq "$batches"); do
    curl -s --config "$work/batch.curl" | { grep -v '^200$' || true; } | sed -n 1p | grep . && { echo "a run failed" >&2; exit 1; }
  done
  return 0
}
histogram() { jcmd "$pid" GC.class_histogram | awk '$1 ~ /^[0-9]+:$/ { print $4, $2 }' | sort > "$1"; }

runs 1000
histogram "$work/before"
start=$(date +%s)
runs "$RUNS"
histogram "$work/after"
echo "$RUNS runs in $(( $(date +%s) - start )) s; classes with at least one more live instance per 100 runs:"
join -a 2 -e 0 -o 0,1.2,2.2 "$work/before" "$work/after" \
  | awk -v runs="$RUNS" '{ grown = $3 - $2 } grown * 100 >= runs { printf "  %-70s %+d\n", $1, grown; if (grown >= runs) bad = 1 }
                        END { if (!bad) print "  (no class gained one instance per run)"; exit bad }'
