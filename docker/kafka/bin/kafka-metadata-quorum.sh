#!/usr/bin/env bash
# the stand-in's kafka-metadata-quorum.sh: runs org.apache.kafka.tools.MetadataQuorumCommand, as Kafka's script does
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.MetadataQuorumCommand "$@"
