#!/usr/bin/env bash
# Runs one benchmark main from src/test/java/dev/sluice/bench (or any test class, fully qualified)
# in a forked JVM with a fixed heap.
#   bench/run.sh LocalDriverBenchmark [args...]
#   bench/run.sh dev.sluice.execution.jet.JetDriverBenchmark
#   BENCH_OPTS=-XX:StartFlightRecording=filename=chain.jfr,settings=profile bench/run.sh StatelessChainProfile
# Extra JVM options go in BENCH_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
main="${1:?usage: bench/run.sh BenchmarkClass [args...]}"; shift
case "$main" in *.*) ;; *) main="dev.sluice.bench.$main" ;; esac
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
# shellcheck disable=SC2086
exec java -Xms2g -Xmx2g -XX:+UseParallelGC ${BENCH_OPTS:-} \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" "$main" "$@"
