#!/bin/sh
# The Dockerfile's build stage: puts the service jar at $2, taken from $1 when the host built it
# (sluice-<version>-service.jar beside pom.xml, copied from target/), else built there with Maven.
set -eu
dir=$1 out=$2
cd "$dir"
set -- sluice-*-service.jar
if [ "$#" -gt 1 ]; then
  echo "build-jar: more than one service jar in target/ ($*): remove the old ones (mvn clean package)" >&2
  exit 1
fi
if [ -f "$1" ]; then
  echo "build-jar: using $1 built on the host"
  mv "$1" "$out"
elif command -v mvn >/dev/null 2>&1; then
  echo "build-jar: no target/sluice-*-service.jar: building it with Maven"
  mvn -B -q package -Dmaven.test.skip=true
  set -- target/sluice-*-service.jar
  mv "$1" "$out"
else
  echo "build-jar: no target/sluice-*-service.jar and no Maven in the build image: run 'mvn package' on the host first" >&2
  exit 1
fi
