#!/usr/bin/env bash
# Runs one benchmark main on two builds of the project, alternating whole processes, so that a change
# is measured against the code before it on the same (shared, loaded) machine in one run:
#   bench/side-by-side.sh OLD_CHECKOUT ROUNDS BenchmarkClass [args...]
#   bench/side-by-side.sh /tmp/base 3 dev.sluice.execution.jet.JetDriverBenchmark
# OLD_CHECKOUT is another clone of the project at the old commit; both are built here (test-compile).
# Both processes use this checkout's dependency class path, so only the project's classes differ.
# Each process's output goes to target/side-by-side/{old,new}-N.log, with the load average before it;
# read the figures from there (each benchmark prints its own). Extra JVM options go in BENCH_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
old="$(cd "${1:?usage: bench/side-by-side.sh OLD_CHECKOUT ROUNDS BenchmarkClass [args...]}" && pwd)"
rounds="${2:?rounds}"
main="${3:?benchmark class}"
shift 3
case "$main" in *.*) ;; *) main="dev.sluice.bench.$main" ;; esac
offline=""; [ "${MVN_OFFLINE:-0}" = 1 ] && offline="-o"
mvn -B -q $offline test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
(cd "$old" && mvn -B -q $offline test-compile -Dspotless.check.skip=true)
deps="$(cat target/bench.classpath)"
out=target/side-by-side
mkdir -p "$out"
for round in $(seq 1 "$rounds"); do
  for side in old new; do
    dir="$PWD"; [ "$side" = old ] && dir="$old"
    log="$out/$side-$round.log"
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" > "$log"
    # shellcheck disable=SC2086
    java -Xms2g -Xmx2g -XX:+UseParallelGC ${BENCH_OPTS:-} \
      -cp "$dir/target/test-classes:$dir/target/classes:$deps" "$main" "$@" >> "$log" 2>&1
    echo "$side round $round done ($(head -1 "$log"))"
  done
done
