#!/usr/bin/env bash
# Redocly CLI lint of openapi/openapi.yaml with the committed redocly.yaml: any error fails. Redocly 2
# needs Node.js 20.19+ (this machine kind's Node.js 20, from NodeSource); Debian bookworm's own nodejs is
# 18.19, for which Redocly 1.34 is the last line that runs: take whichever this Node.js can run.
set -euo pipefail
cd "$(dirname "$0")/.."

if node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  redocly=2.77.0
else
  redocly=1.34.20
fi
echo "clients/lint.sh: @redocly/cli@$redocly on Node.js $(node --version)"
# --prefer-offline: once npm's cache holds it, no network is needed
npx --yes --prefer-offline "@redocly/cli@$redocly" lint --config redocly.yaml openapi/openapi.yaml
