#!/usr/bin/env bash
# The README's "Kafka in and out of jobs" walkthrough, run as a user pastes it, from a clean state, and
# checked: docker-compose.yml's broker `kafka` (the public apache/kafka:4.1.0, or the stand-in of
# docker/local-kafka-image.sh where Docker Hub cannot be reached), the two topics created with the image's
# kafka-topics.sh, a member on the host (the service jar in target/, as `mvn spring-boot:run` would run
# it, on its own ports), the exactly-once wordcount job from kafka to kafka, the lines written with
# kafka-console-producer.sh, and what kafka-console-consumer.sh reads from the output topic with
# read_committed: one record per word and epoch of the first two lines, each line in the epoch of the
# second it was sent in, the counts of a local run, nothing of "later" (its epoch is still open). Then the broker is
# stopped (SIGTERM: it must shut down cleanly) and started again (the storage is kept, not formatted
# again) and the output topic read again.
# SLUICE_KAFKA_E2E_MEMBERS=1 then also runs the job on the three compose members (image built from
# target/, as docker/e2e.sh does), which reach the broker as kafka:9092, as the README says.
# Everything it starts is removed at the end, also when a check fails. Not run by .ci/run.
#
# Environment: SLUICE_KAFKA_E2E_HTTP_PORT (18180: the member on the host; Hazelcast on 18170),
# SLUICE_KAFKA_PORT (19094: the broker on the host), SLUICE_HTTP_PORT_1..3 (18181-18183: the compose
# members, with SLUICE_KAFKA_E2E_MEMBERS=1), SLUICE_KAFKA_E2E_KEEP=1 leaves it all running after a failure.
# Needs Docker (started as dockerd when it is not running and this is root), docker-compose or
# `docker compose`, jq, curl, and target/sluice-*-service.jar (mvn -B -o -q package -DskipTests).
set -euo pipefail
# shellcheck source=docker/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(dirname "$0")/.."

PROJECT="sluice-kafka-e2e-$$"
HTTP_PORT="${SLUICE_KAFKA_E2E_HTTP_PORT:-18180}"
CLUSTER_PORT=$((HTTP_PORT - 10))
export SLUICE_KAFKA_PORT="${SLUICE_KAFKA_PORT:-19094}"
export SLUICE_HTTP_PORT_1="${SLUICE_HTTP_PORT_1:-18181}" SLUICE_HTTP_PORT_2="${SLUICE_HTTP_PORT_2:-18182}" \
  SLUICE_HTTP_PORT_3="${SLUICE_HTTP_PORT_3:-18183}"
export SLUICE_PUBLISH_ADDRESS=127.0.0.1
begin_check kafka-e2e
SERVICE_PID=""

cleanup() {
  local rc=$?
  trap - EXIT
  if [ "$rc" -ne 0 ]; then
    if [ -f "$WORK/sluice.log" ]; then
      say "the member's log (last 40 lines):"
      tail -40 "$WORK/sluice.log" || true
    fi
    if [ ${#COMPOSE[@]} -gt 0 ]; then
      say "the broker's log (last 40 lines):"
      "${COMPOSE[@]}" logs --no-color --tail=40 kafka 2>&1 || true
    fi
  fi
  if [ "$rc" -ne 0 ] && [ "${SLUICE_KAFKA_E2E_KEEP:-}" = 1 ]; then
    say "SLUICE_KAFKA_E2E_KEEP=1: left running; the member is PID ${SERVICE_PID:-none}, remove the rest with:" \
      "${COMPOSE[*]} --profile kafka down -v"
  else
    if [ -n "$SERVICE_PID" ]; then
      kill "$SERVICE_PID" 2>/dev/null || true
      wait "$SERVICE_PID" 2>/dev/null || true
    fi
    if [ ${#COMPOSE[@]} -gt 0 ]; then
      "${COMPOSE[@]}" --profile kafka down -v --remove-orphans -t 10 >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
  fi
  stop_dockerd
  if [ "$rc" -eq 0 ]; then
    echo "PASS: kafka e2e, $(elapsed "$T0") in all"
  else
    echo "FAIL: kafka e2e (exit $rc), $(elapsed "$T0") in all"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- Docker, the tools, the jar
t=$SECONDS
ensure_docker fail
pick_compose "$PROJECT"
for tool in jq curl java; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing"
done
shopt -s nullglob
jars=(target/sluice-*-service.jar)
shopt -u nullglob
[ ${#jars[@]} -eq 1 ] || fail "expected one target/sluice-*-service.jar, found ${#jars[@]}: run 'mvn -B -o -q package -DskipTests' first"
# a copy: a build in this tree meanwhile does not change the jar under the running member
cp "${jars[0]}" "$WORK/service.jar"
pass "docker ready: engine $(docker version --format '{{.Server.Version}}' 2>/dev/null), ${COMPOSE[0]}, ${jars[0]} ($(elapsed "$t"))"

# ---- the images: the public ones, or the stand-ins
t=$SECONDS
set -a
eval "$(docker/local-images.sh)"
eval "$(docker/local-kafka-image.sh)"
set +a
pass "broker image ${SLUICE_KAFKA_IMAGE:-apache/kafka:4.1.0} ($(elapsed "$t"))"

# ---- the README's block, in order (the member on the host on its own ports)
kafka() { "${COMPOSE[@]}" exec -T kafka "/opt/kafka/bin/$1" "${@:2}"; }
url="http://localhost:$HTTP_PORT"

t=$SECONDS
"${COMPOSE[@]}" --profile kafka up -d kafka >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log"; fail "docker-compose --profile kafka up -d kafka"; }
pass "docker-compose --profile kafka up -d kafka ($(elapsed "$t"))"

t=$SECONDS
for spec in "lines 3" "counts 1"; do
  set -- $spec
  out=$(kafka kafka-topics.sh --bootstrap-server localhost:9092 --create --topic "$1" --partitions "$2" 2>"$WORK/topics.err") \
    || { echo "$out"; cat "$WORK/topics.err"; fail "kafka-topics.sh --create --topic $1"; }
  [ "$out" = "Created topic $1." ] || { echo "$out"; fail "kafka-topics.sh --create --topic $1 printed something else"; }
  # on stderr, while the broker starts: the admin client's warnings that it cannot connect yet, nothing else
  if grep -v 'WARN \[AdminClient clientId=adminclient-1\] Connection to node -1 (localhost/127.0.0.1:9092) could not be established' \
      "$WORK/topics.err" | grep -q .; then
    cat "$WORK/topics.err"; fail "kafka-topics.sh --create --topic $1 printed more than the warnings of a broker still starting"
  fi
  say "kafka-topics.sh --create --topic $1: '$out' (and $(wc -l <"$WORK/topics.err") warnings that the broker is not up yet)"
done
pass "topics lines (3 partitions) and counts (1) created ($(elapsed "$t"))"

t=$SECONDS
SLUICE_CLUSTER_NAME="$PROJECT" SLUICE_CLUSTER_PORT="$CLUSTER_PORT" \
  java -jar "$WORK/service.jar" --server.port="$HTTP_PORT" >"$WORK/sluice.log" 2>&1 &
SERVICE_PID=$!
until curl -sf "$url/actuator/health/readiness" >/dev/null; do
  kill -0 "$SERVICE_PID" 2>/dev/null || fail "the member exited while starting"
  [ $((SECONDS - t)) -lt 300 ] || fail "the member not ready within 300 s"
  sleep 1
done
pass "member on the host ready on $url ($(elapsed "$t"))"

t=$SECONDS
job_request=$(cat <<EOF
{
  "input":  {"type": "kafka", "bootstrapServers": "localhost:$SLUICE_KAFKA_PORT", "topic": "lines",
             "epochs": {"by": "timestamp", "lengthMillis": 1000}, "idleTimeoutMillis": 5000},
  "output": {"type": "kafka", "bootstrapServers": "localhost:$SLUICE_KAFKA_PORT", "topic": "counts"},
  "processingGuarantee": "exactly-once", "snapshotIntervalMillis": 1000}
EOF
)
created=$(curl -s -X POST "$url/flows/wordcount/jobs" -H 'Content-Type: application/json' -d "$job_request")
ID=$(jq -r .id <<<"$created")
[ -n "$ID" ] && [ "$ID" != null ] || { echo "$created"; fail "the job was not created"; }
sent_from=$(date +%s)
printf '"to be or not to be"\n"to see"\n' | kafka kafka-console-producer.sh --bootstrap-server localhost:9092 --topic lines
sent_to=$(date +%s)
sleep 7; echo '"later"' | kafka kafka-console-producer.sh --bootstrap-server localhost:9092 --topic lines
pass "job $ID created, the lines written ($(elapsed "$t"); the first two in the seconds $sent_from-$sent_to)"

# The pairs as the consumer prints them (header, key, value; tab-separated), checked in any order. Each
# record's epoch is the second its line was sent in: the two lines are one epoch, with the counts of a
# local run, or, when the producer sent them on either side of a second, two, each with its line's counts.
check_counts() {
  local file=$1 what=$2 epochs first second
  epochs=$(cut -f1 "$file" | LC_ALL=C sort -u)
  for e in $epochs; do
    case "$e" in sluice-epoch:*) ;; *) fail "$what: no sluice-epoch header: '$e'" ;; esac
    [ "${e#sluice-epoch:}" -ge "$sent_from" ] && [ "${e#sluice-epoch:}" -le "$sent_to" ] \
      || fail "$what: epoch ${e#sluice-epoch:} is not a second the lines were sent in ($sent_from-$sent_to)"
  done
  pairs_of() { grep -F "$1"$'\t' "$file" | cut -f2- | LC_ALL=C sort | tr '\t\n' ' ;'; }
  case "$(wc -w <<<"$epochs")" in
    1)
      got=$(pairs_of "$epochs")
      [ "$got" = 'be ["be",2];not ["not",1];or ["or",1];see ["see",1];to ["to",3];' ] \
        || fail "$what: read '$got' in epoch ${epochs#sluice-epoch:}, expected the counts of both lines"
      split="one epoch, ${epochs#sluice-epoch:}"
      ;;
    2)
      first=$(head -1 <<<"$epochs") second=$(tail -1 <<<"$epochs")
      got="$(pairs_of "$first") | $(pairs_of "$second")"
      [ "$got" = 'be ["be",2];not ["not",1];or ["or",1];to ["to",2]; | see ["see",1];to ["to",1];' ] \
        || fail "$what: read '$got' in the epochs ${first#sluice-epoch:} | ${second#sluice-epoch:}, expected each line's counts"
      split="two epochs, ${first#sluice-epoch:} and ${second#sluice-epoch:} (the lines were sent in two seconds)"
      ;;
    *) fail "$what: pairs of more than two epochs: $epochs" ;;
  esac
}
t=$SECONDS
kafka kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic counts --from-beginning \
    --isolation-level read_committed --property print.key=true --property print.headers=true --timeout-ms 10000 \
    >"$WORK/counts.txt" 2>"$WORK/consumer.err" || true
say "kafka-console-consumer.sh printed:"
sed 's/^/  /' "$WORK/counts.txt"
say "and on stderr:"
sed 's/^/  /' "$WORK/consumer.err"
check_counts "$WORK/counts.txt" "the output topic"
pass "read_committed: $(wc -l <"$WORK/counts.txt") pairs, one per word and epoch, $split; the counts of a local run; nothing of 'later' ($(elapsed "$t"))"

t=$SECONDS
input=$(curl -s "$url/jobs/$ID" | jq -c .input)
expected_input="{\"type\":\"kafka\",\"name\":null,\"bootstrapServers\":\"localhost:$SLUICE_KAFKA_PORT\",\"topic\":\"lines\",\"epochs\":{\"by\":\"timestamp\",\"lengthMillis\":1000,\"startMillis\":0},\"idleTimeoutMillis\":5000}"
echo "  $input"
[ "$input" = "$expected_input" ] || fail "the job's input: $input, expected $expected_input"
pass "the job's input as shown ($(elapsed "$t"))"

# ---- the broker stopped and started again
t=$SECONDS
kill "$SERVICE_PID"
wait "$SERVICE_PID" 2>/dev/null || true
SERVICE_PID=""
"${COMPOSE[@]}" stop -t 60 kafka >/dev/null 2>&1
kafka_id=$("${COMPOSE[@]}" ps -q kafka)
code=$(docker inspect -f '{{.State.ExitCode}}' "$kafka_id")
"${COMPOSE[@]}" logs --no-color kafka >"$WORK/kafka-1.log" 2>&1
grep -q 'shut down completed' "$WORK/kafka-1.log" || fail "the broker's log does not say 'shut down completed' after SIGTERM"
pass "member stopped; the broker stopped by SIGTERM: 'shut down completed', exit code $code ($(elapsed "$t"))"

t=$SECONDS
"${COMPOSE[@]}" start kafka >/dev/null 2>&1
# the container's log holds both starts
until [ "$("${COMPOSE[@]}" logs --no-color kafka 2>&1 | grep -c 'Kafka Server started')" -ge 2 ]; do
  [ $((SECONDS - t)) -lt 180 ] || fail "the broker not started again within 180 s"
  sleep 2
done
kafka kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic counts --from-beginning \
    --isolation-level read_committed --property print.key=true --property print.headers=true --timeout-ms 20000 \
    >"$WORK/counts-2.txt" 2>/dev/null || true
"${COMPOSE[@]}" logs --no-color kafka >"$WORK/kafka-2.log" 2>&1
grep -q 'The storage is formatted already' "$WORK/kafka-2.log" || grep -q 'already formatted' "$WORK/kafka-2.log" \
  || fail "the broker started again without saying its storage was formatted already"
check_counts "$WORK/counts-2.txt" "the output topic after the broker's restart"
pass "broker started again on its storage; the same pairs read ($(elapsed "$t"))"

# ---- optional: the compose members reach the broker as kafka:9092
if [ "${SLUICE_KAFKA_E2E_MEMBERS:-}" = 1 ]; then
  t=$SECONDS
  export SLUICE_IMAGE="${SLUICE_KAFKA_E2E_IMAGE:-sluice:kafka-e2e}"
  "${COMPOSE[@]}" build -q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; fail "image build"; }
  "${COMPOSE[@]}" --profile kafka up -d >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log"; fail "docker-compose --profile kafka up -d"; }
  await_healthy "$t" sluice-1 sluice-2 sluice-3
  pass "three members and the broker up ($(elapsed "$t"))"
  t=$SECONDS
  kafka kafka-topics.sh --bootstrap-server localhost:9092 --create --topic counts-members --partitions 1 >/dev/null
  created=$(curl -s -X POST "http://localhost:$SLUICE_HTTP_PORT_1/flows/wordcount/jobs" -H 'Content-Type: application/json' -d '{
    "input":  {"type": "kafka", "bootstrapServers": "kafka:9092", "topic": "lines",
               "epochs": {"by": "timestamp", "lengthMillis": 1000}, "idleTimeoutMillis": 5000},
    "output": {"type": "kafka", "bootstrapServers": "kafka:9092", "topic": "counts-members"},
    "processingGuarantee": "exactly-once", "snapshotIntervalMillis": 1000}')
  ID=$(jq -r .id <<<"$created")
  [ -n "$ID" ] && [ "$ID" != null ] || { echo "$created"; fail "the job was not created on sluice-1"; }
  # the topic lines already holds the three lines: the job reads them from the earliest offset
  kafka kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic counts-members --from-beginning \
      --isolation-level read_committed --property print.key=true --property print.headers=true --timeout-ms 30000 \
      >"$WORK/counts-3.txt" 2>/dev/null || true
  check_counts "$WORK/counts-3.txt" "the compose members' output topic"
  pass "the job on the compose members (kafka:9092) wrote the same pairs ($(elapsed "$t"))"
fi
