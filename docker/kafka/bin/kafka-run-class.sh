#!/usr/bin/env bash
# The stand-in's kafka-run-class.sh: runs a main class of the jars in /opt/kafka/libs with the JVM options
# of Kafka's own script (KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_LOG4J_OPTS, KAFKA_OPTS).
# `exec`: the JVM replaces the shell, so a signal to the script reaches it.
set -euo pipefail
[ $# -ge 1 ] || { echo "USAGE: $0 classname [opts]" >&2; exit 1; }
base=/opt/kafka
: "${KAFKA_HEAP_OPTS:=-Xmx256M}"
: "${KAFKA_JVM_PERFORMANCE_OPTS:=-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}"
: "${KAFKA_LOG4J_OPTS:=-Dlog4j2.configurationFile=$base/config/tools-log4j2.yaml}"
# shellcheck disable=SC2086 # the options are word lists, as in Kafka's script
exec java $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS $KAFKA_LOG4J_OPTS ${KAFKA_OPTS:-} \
  -cp "$base/libs/*" "$@"
