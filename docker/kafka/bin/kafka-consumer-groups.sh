#!/usr/bin/env bash
# the stand-in's kafka-consumer-groups.sh: runs org.apache.kafka.tools.consumer.group.ConsumerGroupCommand, as Kafka's script does
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.consumer.group.ConsumerGroupCommand "$@"
