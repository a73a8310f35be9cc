#!/usr/bin/env bash
# Runs every benchmark of the project in one go and writes BENCHMARKS.md and bench-chart.svg at the
# top of the project (under 12 minutes on 2 cores, build included). One JVM runs the suite
# (dev.sluice.bench.BenchmarkSuite), Flink's MiniCluster included; it starts child JVMs itself for the
# second cluster process, the 3-member service cluster and the idle service member, and stops them.
# The build uses the Maven profile `flink`, which puts Flink and src/flink/java on the test classpath
# (only there: the ordinary build and test run never see Flink).
#   bench/all.sh                       # everything, stateless chain at 10M items
#   BENCH_OPTS=-Dbench.numbers=5000000 bench/all.sh
# Extra JVM options go in BENCH_OPTS: -Dbench.numbers=N (stateless chain items), -Dbench.churnEpochs=N
# (epoch churn, default 100k), -Dbench.churnEpochsTwoJvms=N (churn of 1,000-item epochs across two
# JVMs, default 10k), -Dbench.httpRequests=N, -Dbench.httpBulkLines=N, -Dbench.idleSeconds=N, and
# -Dbench.pacedSeconds=N (paced epoch close across two JVMs, default 5 s at each pace),
# -Dbench.clusterRequests=N (10-line runs on the 3-member cluster, default 1,000), and
# -Dbench.groups=one-jvm,two-jvms,paced,http,service-cluster,idle to run some groups only. Maven runs
# offline when MVN_OFFLINE=1.
set -euo pipefail
cd "$(dirname "$0")/.."
offline=""; [ "${MVN_OFFLINE:-0}" = 1 ] && offline="-o"
# the test classpath as the tests have it, and with the profile flink (which also compiles target/flink-classes)
mvn -B -q $offline -Pflink test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-flink.classpath -Dmdep.includeScope=test
mvn -B -q $offline dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"
# Flink's class path, loaded by the suite apart from its own: the jars the profile adds, and its classes
flink_jars=$(tr ':' '\n' < target/bench-flink.classpath | grep -vxF -f <(tr ':' '\n' < target/bench.classpath) | paste -sd: -)
start=$(date +%s)
# shellcheck disable=SC2086
java -Xms3g -Xmx3g -XX:+UseParallelGC -Dbench.flinkClasspath="target/flink-classes:$flink_jars" ${BENCH_OPTS:-} \
  -cp "$cp" dev.sluice.bench.BenchmarkSuite .
echo "bench/all.sh: $(( $(date +%s) - start )) s of benchmarks"
