#!/usr/bin/env bash
# the stand-in's kafka-storage.sh: runs kafka.tools.StorageTool, as Kafka's script does
exec "$(dirname "$0")/kafka-run-class.sh" kafka.tools.StorageTool "$@"
