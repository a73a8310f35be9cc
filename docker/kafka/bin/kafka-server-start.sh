#!/usr/bin/env bash
# the stand-in's kafka-server-start.sh: kafka.Kafka with the broker's log4j2 configuration and heap, as Kafka's script
[ $# -ge 1 ] || { echo "USAGE: $0 server.properties [--override property=value]*" >&2; exit 1; }
[ -n "${KAFKA_LOG4J_OPTS:-}" ] || export KAFKA_LOG4J_OPTS="-Dlog4j2.configurationFile=/opt/kafka/config/log4j2.yaml"
[ -n "${KAFKA_HEAP_OPTS:-}" ] || export KAFKA_HEAP_OPTS="-Xmx1G -Xms1G"
exec "$(dirname "$0")/kafka-run-class.sh" kafka.Kafka "$@"
