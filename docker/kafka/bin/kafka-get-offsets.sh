#!/usr/bin/env bash
# the stand-in's kafka-get-offsets.sh: runs org.apache.kafka.tools.GetOffsetShell, as Kafka's script does
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.GetOffsetShell "$@"
