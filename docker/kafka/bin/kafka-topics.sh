#!/usr/bin/env bash
# the stand-in's kafka-topics.sh: runs org.apache.kafka.tools.TopicCommand, as Kafka's script does
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.TopicCommand "$@"
