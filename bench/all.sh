#!/usr/bin/env bash
# Runs every benchmark of the project in one go and writes BENCHMARKS.md and bench-chart.svg at the
# top of the project (under 10 minutes on 2 cores, build included). One JVM runs the suite
# (dev.sluice.bench.BenchmarkSuite); it starts child JVMs itself for the second cluster process and
# for the idle service member, and stops them.
#   bench/all.sh                       # everything, stateless chain at 10M items
#   BENCH_OPTS=-Dbench.numbers=5000000 bench/all.sh
# Extra JVM options go in BENCH_OPTS: -Dbench.numbers=N (stateless chain items), -Dbench.churnEpochs=N
# (epoch churn, default 100k), -Dbench.churnEpochsTwoJvms=N (churn of 1,000-item epochs across two
# JVMs, default 10k), -Dbench.httpRequests=N, -Dbench.httpBulkLines=N, -Dbench.idleSeconds=N, and
# -Dbench.groups=one-jvm,two-jvms,http,idle to run some groups only. Maven runs offline when
# MVN_OFFLINE=1.
set -euo pipefail
cd "$(dirname "$0")/.."
offline=""; [ "${MVN_OFFLINE:-0}" = 1 ] && offline="-o"
mvn -B -q $offline test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"
start=$(date +%s)
# shellcheck disable=SC2086
java -Xms3g -Xmx3g -XX:+UseParallelGC ${BENCH_OPTS:-} -cp "$cp" dev.sluice.bench.BenchmarkSuite .
echo "bench/all.sh: $(( $(date +%s) - start )) s of benchmarks"
