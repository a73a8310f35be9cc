#!/usr/bin/env bash
# Runs every benchmark of the project in one go, in one JVM, and writes BENCHMARKS.md and
# bench-chart.svg at the top of the project (about 5 minutes on 2 cores, build included).
#   bench/all.sh                       # everything, stateless chain at 10M items
#   BENCH_OPTS=-Dbench.numbers=5000000 bench/all.sh
# Extra JVM options go in BENCH_OPTS (-Dbench.numbers=N, -Dbench.churnEpochs=N). Maven runs offline
# when MVN_OFFLINE=1.
set -euo pipefail
cd "$(dirname "$0")/.."
offline=""; [ "${MVN_OFFLINE:-0}" = 1 ] && offline="-o"
mvn -B -q $offline test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"
start=$(date +%s)
# shellcheck disable=SC2086
java -Xms3g -Xmx3g -XX:+UseParallelGC ${BENCH_OPTS:-} -cp "$cp" dev.sluice.bench.BenchmarkSuite .
# --- SLOT: HTTP benchmark (dev.sluice.bench.HttpBenchmark, on another branch). It needs a warm member
# and its own JVM; when it lands, run it here and have BenchmarkSuite fold its figures into its
# "HTTP on a warm member" section (see the SLOT comment there). ---
echo "bench/all.sh: $(( $(date +%s) - start )) s of benchmarks"
