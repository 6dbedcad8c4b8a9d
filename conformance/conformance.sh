#!/usr/bin/env bash
# `npm run conformance [-- suite ...]`: prepares the suites once (.conformance/suites), starts a fresh Avala with
# the contexts of conformance/contexts/ added, runs the suites, prints the summary and stops Avala and the proxy,
# even when a step fails. Results: .conformance/results; proxy logs (every request and answer, per suite):
# .conformance/run/logs/proxy.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
export SUITES_DIR="${SUITES_DIR:-$root/.conformance/suites}" RUN_DIR="${RUN_DIR:-$root/.conformance/run}"
export OUT_DIR="${OUT_DIR:-$root/.conformance/results}"
[[ -f "$SUITES_DIR/.prepared" ]] || "$here/prepare.sh"
trap '"$here/stop.sh"' EXIT
"$here/start.sh"
# shellcheck disable=SC1091
. "$RUN_DIR/env.sh"
rm -f "$OUT_DIR"/*-suite.json
"$here/run-suites.sh" "$@"
node "$here/summarize.mjs" "$OUT_DIR"
