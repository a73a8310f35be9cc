#!/usr/bin/env bash
# the stand-in's kafka-console-consumer.sh: runs org.apache.kafka.tools.consumer.ConsoleConsumer, as Kafka's script does
[ -n "${KAFKA_HEAP_OPTS:-}" ] || export KAFKA_HEAP_OPTS="-Xmx512M"
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.consumer.ConsoleConsumer "$@"
