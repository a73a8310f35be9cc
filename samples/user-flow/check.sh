#!/usr/bin/env bash
# Builds and tests the sample as a user would, against the Sluice that `mvn install` put into the local
# repository (the library and the stock service jar): the flow's unit test, its @SpringBootTest over HTTP,
# and the drop-in test (BasketDropInIT: the stock service jar on two members with this jar in
# SLUICE_FLOWS_PATH). `.ci/run` calls it after installing Sluice; MVN_OFFLINE=1 adds -o.
set -euo pipefail
cd "$(dirname "$0")"
mvn_args=(-B -q)
[ "${MVN_OFFLINE:-0}" = 1 ] && mvn_args+=(-o)
# the sample's own build output only; nothing of it is kept
mvn "${mvn_args[@]}" clean verify "$@"
echo "samples/user-flow: the flow's tests, its service test and the drop-in test passed"
