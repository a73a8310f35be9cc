#!/usr/bin/env bash
# The generated Java client against a real member: starts the service jar that `mvn -B verify` built on a
# free loopback port, generates the client from openapi/openapi.yaml, compiles it and runs the README's
# walkthrough through it (clients/java-it), then stops the member. MVN_OFFLINE=1 runs Maven offline.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=$(ls target/sluice-*-service.jar 2>/dev/null | head -n 1 || true)
if [ -z "$jar" ]; then
  echo "clients/check.sh: no target/sluice-*-service.jar; run mvn -B verify (or package) first" >&2
  exit 1
fi

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "no free port found" >&2
  return 1
}

http_port=$(free_port)
hazelcast_port=$(free_port)
log=$(mktemp -t sluice-clients-check.XXXXXX.log)
echo "clients/check.sh: member on 127.0.0.1:$http_port (hazelcast $hazelcast_port), log $log"
SLUICE_CLUSTER_NAME="clients-check-$$" SLUICE_CLUSTER_PORT="$hazelcast_port" SLUICE_CLUSTER_BIND_ADDRESS=127.0.0.1 \
  java -Xmx512m -jar "$jar" --server.port="$http_port" --server.address=127.0.0.1 >"$log" 2>&1 &
member=$!
stop() {
  kill -TERM "$member" 2>/dev/null || true
  wait "$member" 2>/dev/null || true
}
trap stop EXIT

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$http_port/actuator/health/readiness" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$member" 2>/dev/null; then
    echo "clients/check.sh: the member exited; its log:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$http_port/actuator/health/readiness" >/dev/null

mvn -B -q ${MVN_OFFLINE:+-o} -f clients/java-it/pom.xml test -Dsluice.url="http://127.0.0.1:$http_port"
echo "clients/check.sh: the generated client compiled and completed the walkthrough"
