#!/usr/bin/env bash
# A stand-in for the public Kafka image (apache/kafka:4.1.0) on a machine that cannot pull it (no Docker
# Hub), for docker-compose.yml's optional service `kafka`. Prints the variable that points the compose file
# at it, SLUICE_KAFKA_IMAGE=sluice-local/kafka:4.1.0, and nothing when the public image can be pulled:
#   set -a; eval "$(docker/local-images.sh)"; eval "$(docker/local-kafka-image.sh)"; set +a
#   docker-compose --profile kafka up -d kafka
# Progress goes to stderr. Cached like docker/local-images.sh: once built, a run takes a second; a change
# to docker/kafka/ builds it again.
#
# The image: FROM the stand-in JRE of docker/local-images.sh (or the public eclipse-temurin:17-jre when
# that can be pulled), Kafka's jars from Maven Central (fetched here on the host with Maven, through
# docker/kafka/kafka-jars.pom: a build inside a container cannot reach Maven Central on such a machine),
# the entrypoint and scripts of docker/kafka/ (see its Dockerfile and run).
set -euo pipefail
# shellcheck source=docker/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(dirname "$0")/.."

KAFKA_VERSION=4.1.0
PUBLIC_IMAGE="${SLUICE_KAFKA_IMAGE_PUBLIC:-apache/kafka:$KAFKA_VERSION}"
LOCAL_IMAGE="sluice-local/kafka:$KAFKA_VERSION"
DIGEST_LABEL=dev.sluice.stand-in.digest
SAY_PREFIX=local-kafka-image

emit() { echo "SLUICE_KAFKA_IMAGE=$LOCAL_IMAGE"; }

# what the image is made of, apart from the jars (which the version names)
digest=$( { echo "$KAFKA_VERSION"; find docker/kafka -type f | LC_ALL=C sort | xargs sha256sum; } \
  | sha256sum | cut -c1-16)
cached=$(docker image inspect -f "{{ index .Config.Labels \"$DIGEST_LABEL\" }}" "$LOCAL_IMAGE" 2>/dev/null || true)
use_cached_or_public "$LOCAL_IMAGE" "$PUBLIC_IMAGE" "it needs no stand-in" [ "$cached" = "$digest" ]
if [ -n "$cached" ]; then
  log "docker/kafka/ changed since $LOCAL_IMAGE was built: building it again"
fi

base=$(docker/local-images.sh | sed -n 's/^SLUICE_RUNTIME_IMAGE=//p')
base="${base:-eclipse-temurin:17-jre}"
context=$(mktemp -d /tmp/sluice-kafka-image.XXXXXX)
trap 'rm -rf "$context"' EXIT
cp -R docker/kafka/. "$context/"
log "$PUBLIC_IMAGE cannot be pulled: building $LOCAL_IMAGE from $base"

jars=(org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies -Dkafka.version="$KAFKA_VERSION"
  -DincludeScope=runtime -DoutputDirectory="$context/libs")
# the local Maven repository first, Maven Central when a jar is missing there
if ! mvn -B -q -o -f docker/kafka/kafka-jars.pom "${jars[@]}" >"$context/mvn.log" 2>&1; then
  log "fetching Kafka $KAFKA_VERSION's jars with Maven (Maven Central)"
  mvn -B -q -f docker/kafka/kafka-jars.pom "${jars[@]}" >"$context/mvn.log" 2>&1 \
    || { cat "$context/mvn.log" >&2; log "Maven could not fetch the jars"; exit 1; }
fi
rm -f "$context/mvn.log" "$context/kafka-jars.pom"
log "$(find "$context/libs" -name '*.jar' | wc -l) jars, $(du -sh "$context/libs" | cut -f1)"

docker build -q --build-arg BASE_IMAGE="$base" --build-arg KAFKA_VERSION="$KAFKA_VERSION" \
  --label "$DIGEST_LABEL=$digest" -t "$LOCAL_IMAGE" "$context" >&2
log "built $LOCAL_IMAGE"
emit
